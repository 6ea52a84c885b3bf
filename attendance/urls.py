from django.urls import path

from .views import corrections, locations, presence, schedules

app_name = "attendance"

urlpatterns = [
    path("", presence.presence, name="presence"),
    path("catat/", presence.presence_record, name="record"),
    path("lokasi/", locations.locations, name="locations"),
    path("lokasi/<int:pk>/", locations.location_edit, name="location_edit"),
    path("lokasi/<int:pk>/hapus/", locations.location_delete, name="location_delete"),
    path("jadwal/", schedules.schedules, name="schedules"),
    path("koreksi/ajukan/", corrections.correction_submit, name="correction_submit"),
    path("koreksi/<int:pk>/batal/", corrections.correction_cancel, name="correction_cancel"),
    path("koreksi/<int:pk>/bukti/", corrections.correction_evidence, name="correction_evidence"),
    path("koreksi/antrean/", corrections.correction_queue, name="correction_queue"),
    path("koreksi/<int:pk>/setujui/", corrections.correction_approve, name="correction_approve"),
    path("koreksi/<int:pk>/tolak/", corrections.correction_reject, name="correction_reject"),
]
