from django.urls import path

from .views import discipline, locations, presence, schedules, unit

app_name = "attendance"

urlpatterns = [
    path("", presence.presence, name="presence"),
    path("catat/", presence.presence_record, name="record"),
    path("lokasi/", locations.locations, name="locations"),
    path("lokasi/<int:pk>/", locations.location_edit, name="location_edit"),
    path("lokasi/<int:pk>/hapus/", locations.location_delete, name="location_delete"),
    path("jadwal/", schedules.schedules, name="schedules"),
]
urlpatterns += [
    path("disiplin/", discipline.discipline, name="discipline"),
    path("disiplin/unduh/", discipline.discipline_export, name="discipline_export"),
    path(
        "disiplin/pegawai/<int:employee_id>/<int:year>/",
        discipline.discipline_detail,
        name="discipline_detail",
    ),
    path("pengaturan/", discipline.attendance_settings, name="settings"),
    path("unit/", unit.unit_today, name="unit_today"),
    path("unit/bulan/", unit.unit_month, name="unit_month"),
]
