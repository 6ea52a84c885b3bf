"""Display filters of the SKP pages: numbers as written on the forms, indices rounded for display."""

from decimal import Decimal

from django import template

from performance import rules

register = template.Library()


@register.filter
def skp_number(value: Decimal | None) -> str:
    """A target or realisation: "100", "12,5" (no trailing zeros, comma decimals)."""
    return rules.number_display(value)


@register.filter
def skp_indeks(value: Decimal | None) -> str:
    """An indeks or capaian rounded half-up to 2 decimals for display: "87,50"; "–" for none."""
    return rules.display(value)
