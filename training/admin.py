from django.contrib import admin

# --- JP compliance ---------------------------------------------------------------------------------------
from .models import JpFactor, JpRuleSet


class JpFactorInline(admin.TabularInline):
    model = JpFactor
    extra = 0


@admin.register(JpRuleSet)
class JpRuleSetAdmin(admin.ModelAdmin):
    """The JP rules of an instansi (targets, conversion factors), versioned by validity dates."""

    list_display = ("instansi", "valid_from", "valid_to", "pns_target", "pppk_target", "pppk_cap")
    list_filter = ("instansi",)
    list_select_related = ("instansi",)
    search_fields = ("instansi__name", "source")
    inlines = [JpFactorInline]
