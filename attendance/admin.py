from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Band, BandTable, DailyStatus, Presence, Schedule, ScheduleDay, WorkLocation


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    extra = 0


@admin.register(Schedule)
class ScheduleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "instansi", "unit", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", "instansi"]
    list_select_related = ["instansi", "unit"]
    search_fields = ["name", "unit__name"]
    inlines = [ScheduleDayInline]


@admin.register(WorkLocation)
class WorkLocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "instansi", "latitude", "longitude", "radius_m", "is_active"]
    list_filter = ["is_active", "instansi"]
    list_select_related = ["instansi"]
    search_fields = ["name"]


@admin.register(Presence)
class PresenceAdmin(admin.ModelAdmin):
    list_display = ["employee", "work_date", "at", "kind", "source", "device", "distance_m"]
    list_filter = ["kind", "source"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip", "device"]
    raw_id_fields = ["employee", "work_location"]
    date_hierarchy = "work_date"


@admin.register(DailyStatus)
class DailyStatusAdmin(admin.ModelAdmin):
    list_display = ["employee", "date", "status", "minutes_late", "minutes_early", "tl_band", "psw_band"]
    list_filter = ["status"]
    list_select_related = ["employee"]
    search_fields = ["employee__name", "employee__nip"]
    raw_id_fields = ["employee"]
    date_hierarchy = "date"


class BandInline(admin.TabularInline):
    model = Band
    extra = 0


@admin.register(BandTable)
class BandTableAdmin(SimpleHistoryAdmin):
    list_display = ["name", "instansi", "valid_from", "valid_to", "absence_cut_percent"]
    list_select_related = ["instansi"]
    search_fields = ["name"]
    inlines = [BandInline]
