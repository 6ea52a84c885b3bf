from django.urls import path

from .views import (
    corrections,
    devices,
    discipline,
    flexible,
    imports,
    locations,
    presence,
    recap,
    schedules,
    shifts,
    travel,
    unit,
)

app_name = "attendance"

urlpatterns = [
    path("", presence.presence, name="presence"),
    path("catat/", presence.presence_record, name="record"),
    path("lokasi/", locations.locations, name="locations"),
    path("lokasi/<int:pk>/", locations.location_edit, name="location_edit"),
    path("lokasi/<int:pk>/hapus/", locations.location_delete, name="location_delete"),
    path("jadwal/", schedules.schedules, name="schedules"),
    path("mesin/", devices.devices, name="devices"),
    path("mesin/<int:pk>/", devices.device_edit, name="device_edit"),
    path("mesin/<int:pk>/token-baru/", devices.device_rotate, name="device_rotate"),
    path("mesin/<int:pk>/nonaktifkan/", devices.device_deactivate, name="device_deactivate"),
    path("mesin/log/", devices.device_logs, name="device_logs"),
    path("impor/", imports.presence_import, name="import"),
    path("impor/<str:token>/", imports.import_preview, name="import_preview"),
    path("impor/<str:token>/terapkan/", imports.import_apply, name="import_apply"),
    path("impor/<str:token>/batal/", imports.import_cancel, name="import_cancel"),
    path("shift/", shifts.shifts, name="shifts"),
    path("shift/<int:pk>/", shifts.shift_edit, name="shift_edit"),
    path("shift/<int:pk>/hapus/", shifts.shift_delete, name="shift_delete"),
    path("jadwal-shift/", shifts.roster, name="roster"),
    path("rekap/", recap.recap, name="recap"),
    path("rekap/unduh/", recap.recap_export, name="recap_export"),
    path("tabel-potongan/", recap.band_tables, name="band_tables"),
    path("tabel-potongan/<int:pk>/", recap.band_table_detail, name="band_table_detail"),
    path("koreksi/ajukan/", corrections.correction_submit, name="correction_submit"),
    path("koreksi/<int:pk>/batal/", corrections.correction_cancel, name="correction_cancel"),
    path("koreksi/<int:pk>/bukti/", corrections.correction_evidence, name="correction_evidence"),
    path("koreksi/antrean/", corrections.correction_queue, name="correction_queue"),
    path("koreksi/<int:pk>/setujui/", corrections.correction_approve, name="correction_approve"),
    path("koreksi/<int:pk>/tolak/", corrections.correction_reject, name="correction_reject"),
]

urlpatterns += [
    path("dinas-luar/", travel.travels, name="travels"),
    path("dinas-luar/<int:pk>/hapus/", travel.travel_delete, name="travel_delete"),
    path("dinas-luar/<int:pk>/spt/", travel.travel_letter, name="travel_letter"),
]

urlpatterns += [
    path("jadwal/hitung-ulang/", schedules.daily_rebuild, name="daily_rebuild"),
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
urlpatterns += [
    path("kerja-fleksibel/", flexible.flexible, name="flexible"),
    path("kerja-fleksibel/<int:pk>/hapus/", flexible.flexible_delete, name="flexible_delete"),
]
