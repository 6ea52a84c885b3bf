"""URLs of the HR area of the performance app: years, unit predikat, monitoring, rewards, coaching."""

from django.urls import path

from . import views_hr as views

urlpatterns = [
    path("tahun/", views.years_list, name="years"),
    path("tahun/baru/", views.year_create, name="year_create"),
    path("tahun/<int:pk>/", views.year_detail, name="year_detail"),
    path("tahun/<int:pk>/ubah/", views.year_update, name="year_update"),
    path("tahun/<int:pk>/predikat-unit/", views.unit_predikat, name="unit_predikat"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/unduh/", views.monitoring_export, name="monitoring_export"),
    path("penghargaan/", views.rewards, name="rewards"),
    path("penghargaan/unduh/", views.rewards_export, name="rewards_export"),
    path("pembinaan/", views.coaching_list, name="coaching_list"),
]
