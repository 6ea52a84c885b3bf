"""Reads of external learning: the employee's own records and HR's verification queue (search,
filters, sorting; one query for the rows of a page)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.access import Actor
from core.models import UnitKerja
from core.sorting import SortSpec
from employees.models import TrainingHistory

from .. import access
from ..models import ExternalLearning

EXTERNAL_SORT = SortSpec(
    {
        "dicatat": ("submitted_at",),
        "selesai": ("end_date", "submitted_at"),
        "judul": ("title", "submitted_at"),
        "pegawai": ("employee__name", "submitted_at"),
        "jp": ("jp", "submitted_at"),
        "status": ("state", "submitted_at"),
    },
    default="-dicatat",
)
QUEUE_DEFAULT_SORT = "dicatat"  # HR: who waited longest first
JOINS = ("employee__unit", "decided_by")


def _filtered(
    qs: QuerySet[ExternalLearning], *, search: str, state: str, year: int | None, sort: str
) -> QuerySet[ExternalLearning]:
    if state:
        qs = qs.filter(state=state)
    if year is not None:
        qs = qs.filter(end_date__year=year)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(organiser__icontains=word)
            | Q(employee__name__icontains=word)
            | Q(employee__nip=word)
        )
    return qs.select_related(*JOINS).order_by(*EXTERNAL_SORT.parse(sort).ordering(), "pk")


def my_external(
    *,
    actor: Actor,
    search: str = "",
    state: str = "",
    year: int | None = None,
    sort: str = EXTERNAL_SORT.default,
) -> QuerySet[ExternalLearning]:
    """The actor's own records (any state)."""
    if actor.employee_id is None:
        return ExternalLearning.objects.none()
    qs = ExternalLearning.objects.filter(employee_id=actor.employee_id)
    return _filtered(qs, search=search, state=state, year=year, sort=sort)


def external_queue(
    *,
    actor: Actor,
    search: str = "",
    state: str = "",
    year: int | None = None,
    unit: UnitKerja | None = None,
    sort: str = QUEUE_DEFAULT_SORT,
) -> QuerySet[ExternalLearning]:
    """HR's list: the records of their agencies (never their own), a unit's subtree when chosen."""
    qs = access.external_queue(actor)
    if unit is not None:
        qs = qs.filter(employee__unit__path__startswith=unit.path)
    return _filtered(qs, search=search, state=state, year=year, sort=sort)


def queue_units(*, actor: Actor) -> QuerySet[UnitKerja]:
    """The units offered in the queue's filter: those of the agencies the actor keeps."""
    return UnitKerja.objects.filter(instansi__in=access.catalogue_agencies(actor)).select_related("instansi")


def history_row_of(record: ExternalLearning) -> bool:
    """Whether the record's riwayat diklat row exists (shown on its page once verified)."""
    return TrainingHistory.objects.filter(source_ref=record.source_ref).exists()
