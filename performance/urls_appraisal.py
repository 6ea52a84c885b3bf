"""URLs of the appraisal area of the performance app."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
