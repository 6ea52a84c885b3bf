from django.contrib import admin

from .models import AccountEvent


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """The account trail, read-only: it is written by accounts.services alone."""

    list_display = ["created_at", "kind", "user", "instansi", "actor", "note"]
    list_filter = ["kind", "instansi"]
    list_select_related = ["user", "instansi", "actor"]
    search_fields = ["user__username", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
