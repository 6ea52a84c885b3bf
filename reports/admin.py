from django.contrib import admin

from .models import Letter


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """The letters generated from the reports, read-only: written by reports.services alone (the record
    is the audit of each generation)."""

    list_display = [
        "generated_at",
        "kind",
        "number",
        "subject_name",
        "employee_count",
        "instansi",
        "generated_by",
    ]
    list_filter = ["kind", "instansi"]
    list_select_related = ["instansi", "generated_by"]
    search_fields = ["code", "number", "subject_name", "subject_nip"]
    raw_id_fields = ["employees"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
