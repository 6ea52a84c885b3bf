from django.urls import path

from .views import locations, presence, schedules, shifts

app_name = "attendance"

urlpatterns = [
    path("", presence.presence, name="presence"),
    path("catat/", presence.presence_record, name="record"),
    path("lokasi/", locations.locations, name="locations"),
    path("lokasi/<int:pk>/", locations.location_edit, name="location_edit"),
    path("lokasi/<int:pk>/hapus/", locations.location_delete, name="location_delete"),
    path("jadwal/", schedules.schedules, name="schedules"),
    path("shift/", shifts.shifts, name="shifts"),
    path("shift/<int:pk>/", shifts.shift_edit, name="shift_edit"),
    path("shift/<int:pk>/hapus/", shifts.shift_delete, name="shift_delete"),
    path("jadwal-shift/", shifts.roster, name="roster"),
]
