"""Reads of official travel (dinas luar): the list HR and heads keep, searched and filtered."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from core.access import Actor
from core.sorting import SortSpec

from .. import access
from ..models import DinasLuar

TRAVEL_SORT = SortSpec(
    {
        "mulai": ("-start", "-pk"),
        "nama": ("employee__name", "-start", "-pk"),
        "spt": ("letter_number", "-pk"),
    },
    default="mulai",
)


def agency_travels(
    *, actor: Actor, instansi_id: int, q: str = "", on: date | None = None
) -> QuerySet[DinasLuar]:
    """The travels of the people whose travel the actor records in the agency, searched by name, NIP
    or SPT number, optionally only those covering a date (one query, with the employee and unit)."""
    rows = DinasLuar.objects.filter(access.dinas_luar_rows(actor, instansi_id)).select_related(
        "employee__unit"
    )
    term = q.strip()
    if term:
        digits = term.replace(" ", "").replace(".", "")
        if digits.isascii() and digits.isdigit():
            rows = rows.filter(Q(employee__nip__startswith=digits) | Q(letter_number__icontains=term))
        else:
            for word in term.split()[:5]:
                rows = rows.filter(Q(employee__name__icontains=word) | Q(letter_number__icontains=word))
    if on is not None:
        rows = rows.filter(start__lte=on, end__gte=on)
    return rows
