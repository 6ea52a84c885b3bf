from django.urls import path

from .views import locations, presence, recap, schedules

app_name = "attendance"

urlpatterns = [
    path("", presence.presence, name="presence"),
    path("catat/", presence.presence_record, name="record"),
    path("lokasi/", locations.locations, name="locations"),
    path("lokasi/<int:pk>/", locations.location_edit, name="location_edit"),
    path("lokasi/<int:pk>/hapus/", locations.location_delete, name="location_delete"),
    path("jadwal/", schedules.schedules, name="schedules"),
    path("rekap/", recap.recap, name="recap"),
    path("rekap/unduh/", recap.recap_export, name="recap_export"),
    path("tabel-potongan/", recap.band_tables, name="band_tables"),
    path("tabel-potongan/<int:pk>/", recap.band_table_detail, name="band_table_detail"),
]
