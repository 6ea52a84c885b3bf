"""The numeric inputs of performance (targets, realisations, weights), bounded to what the column
and the arithmetic hold on SQLite and PostgreSQL alike (models.NUMBER_MAX, WEIGHT_*), with the
message in Indonesian. Every form that takes one of them builds it here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..models import NUMBER_MAX, NUMBER_MIN_POSITIVE, WEIGHT_MAX, WEIGHT_MIN

TOO_LARGE = format_lazy(
    _("Angka terlalu besar: paling banyak {limit}."), limit=rules.grouped_display(NUMBER_MAX)
)
DECIMALS = _("Paling banyak 4 angka di belakang koma.")


def _errors(**extra: Any) -> dict[str, Any]:
    return {
        "max_value": TOO_LARGE,
        "max_decimal_places": DECIMALS,
        **extra,
    }


def realisation_field(**kwargs: Any) -> forms.DecimalField:
    """A realisation: 0 to NUMBER_MAX, 4 decimals."""
    return forms.DecimalField(
        min_value=0,
        max_value=NUMBER_MAX,
        decimal_places=4,
        error_messages=_errors(min_value=_("Realisasi tidak boleh negatif.")),
        **kwargs,
    )


def target_field(**kwargs: Any) -> forms.DecimalField:
    """A numeric target: greater than zero (rules.capaian divides by it) up to NUMBER_MAX, 4 decimals."""
    return forms.DecimalField(
        min_value=NUMBER_MIN_POSITIVE,
        max_value=NUMBER_MAX,
        decimal_places=4,
        error_messages=_errors(
            min_value=_("Target angka harus lebih dari nol; kosongkan untuk target kualitatif.")
        ),
        **kwargs,
    )


def weight_field(**kwargs: Any) -> forms.DecimalField:
    """An IKI weight: WEIGHT_MIN to WEIGHT_MAX, 2 decimals."""
    return forms.DecimalField(
        min_value=WEIGHT_MIN,
        max_value=WEIGHT_MAX,
        decimal_places=2,
        error_messages={
            "min_value": _("Bobot harus lebih dari nol."),
            "max_value": format_lazy(
                _("Bobot paling besar {limit}."), limit=rules.grouped_display(WEIGHT_MAX)
            ),
            "max_decimal_places": _("Paling banyak 2 angka di belakang koma."),
        },
        **kwargs,
    )
