from django.contrib import admin

from .models import DistributionLimit, DistributionRuleSet


class DistributionLimitInline(admin.TabularInline):
    model = DistributionLimit
    extra = 0
    fields = ["org_predikat", "kind", "predikat", "limit", "position"]


@admin.register(DistributionRuleSet)
class DistributionRuleSetAdmin(admin.ModelAdmin):
    """The versions of the predikat distribution rules (domain §7): reference data, Unsure."""

    list_display = ["version", "valid_from", "valid_to", "source"]
    search_fields = ["version", "source"]
    inlines = [DistributionLimitInline]
