"""Reads of flexible-work arrangements (PermenPANRB 4/2025): the list HR and heads keep, searched and
filtered; the arrangement covering an employee's day (the Presensi page); whether the check-in's
geofence is waived today (one cheap query, asked only when the geofence would refuse)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from core.access import Actor
from core.sorting import SortSpec

from .. import access
from ..choices import FLEXIBLE_LOCATION
from ..models import FlexibleWork

FLEXIBLE_SORT = SortSpec(
    {
        "mulai": ("-start", "-pk"),
        "nama": ("employee__name", "-start", "-pk"),
        "surat": ("letter_number", "-pk"),
    },
    default="mulai",
)


def agency_arrangements(
    *, actor: Actor, instansi_id: int, q: str = "", on: date | None = None, mode: str = ""
) -> QuerySet[FlexibleWork]:
    """The arrangements of the people whose arrangements the actor records in the agency, searched by
    name, NIP or letter number, optionally only those covering a date or of one mode (one query, with
    the employee and unit)."""
    rows = FlexibleWork.objects.filter(access.flexible_rows(actor, instansi_id)).select_related(
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
    if mode:
        rows = rows.filter(mode=mode)
    return rows


def arrangement_on(employee_id: int, day: date) -> FlexibleWork | None:
    """The arrangement covering an employee's day, if any (one query; arrangements never overlap)."""
    return FlexibleWork.objects.filter(employee_id=employee_id, start__lte=day, end__gte=day).first()


def works_anywhere(employee_id: int, day: date) -> bool:
    """Whether an arrangement frees the employee's location on `day` (one EXISTS on the
    (employee, start) index): the check-in then records where it was, without the geofence."""
    return FlexibleWork.objects.filter(
        employee_id=employee_id, mode__in=FLEXIBLE_LOCATION, start__lte=day, end__gte=day
    ).exists()
