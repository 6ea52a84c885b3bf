"""URLs of SKP planning and its workflow."""

from django.urls import path

from . import views_planning as views

urlpatterns = [
    path("skp/<int:pk>/", views.skp_detail, name="skp_detail"),
]
