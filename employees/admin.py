from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Employee


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["nip", "name", "kind", "unit", "is_unit_head", "is_active"]
    list_filter = ["kind", "is_active", "unit__instansi"]
    list_select_related = ["unit"]
    search_fields = ["nip", "name"]
    raw_id_fields = ["unit", "user"]
