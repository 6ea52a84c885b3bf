from django.urls import path

from .views import locations, presence, schedules, travel

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
    path("dinas-luar/", travel.travels, name="travels"),
    path("dinas-luar/<int:pk>/hapus/", travel.travel_delete, name="travel_delete"),
    path("dinas-luar/<int:pk>/spt/", travel.travel_letter, name="travel_letter"),
]

urlpatterns += [
    path("jadwal/hitung-ulang/", schedules.daily_rebuild, name="daily_rebuild"),
]
