from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import HrAssignment, Instansi, UnitKerja


@admin.register(Instansi)
class InstansiAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "time_zone"]
    search_fields = ["name", "code"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "instansi", "parent", "is_active"]
    list_filter = ["instansi", "kind", "is_active"]
    list_select_related = ["instansi", "parent"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit rewrites its subtree's paths: only the service (Organisasi pages) does it.
        if obj is not None:
            return [*self.readonly_fields, "instansi", "parent"]
        return self.readonly_fields


@admin.register(HrAssignment)
class HrAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "instansi"]
    list_select_related = ["user", "instansi"]
    search_fields = ["user__username"]
