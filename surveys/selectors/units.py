"""Reads of service units (unit layanan) and their services: the list HR and heads filter, a unit's
page, and the minimum sample of its population (the Krejcie–Morgan table). Scoped through
surveys.access first, then joined for the page."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.access import Actor
from core.models import Instansi, UnitKerja
from core.sorting import SortSpec

from .. import access, rules
from ..choices import FollowUpState, PeriodState
from ..models import FollowUp, SampleSize, Service, ServiceUnit, SurveyPeriod

# The sortable columns of the service unit list (core.sorting).
SERVICE_UNIT_SORT = SortSpec(
    {
        "nama": ("name",),
        "kode": ("code",),
        "unit": ("unit__name", "name"),
        "jenis": ("kind", "name"),
        "populasi": ("population",),
        "tindak_lanjut": ("open_follow_ups",),
    },
    default="nama",
)

ACTIVITY = {"aktif": True, "nonaktif": False, "semua": None}


def count_of(queryset: QuerySet, link: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows whose `link` is the outer row (0 when none): one
    subquery per column instead of joins that multiply each other's rows."""
    counted = (
        queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def open_follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.exclude(state=FollowUpState.CLOSED)


def service_unit_list(
    *,
    actor: Actor,
    search: str = "",
    instansi: Instansi | None = None,
    unit: UnitKerja | None = None,
    kind: str = "",
    active: bool | None = True,
    sort: str = SERVICE_UNIT_SORT.default,
) -> QuerySet[ServiceUnit]:
    """The service units the actor sees, filtered: a name or code search, an agency, a unit kerja
    with its sub-units, a kind, active or not; with the count of active services, of open
    follow-ups and whether a period is open (one query for the page, whatever its length)."""
    qs = access.service_units_visible_to(actor)
    if instansi is not None:
        qs = qs.filter(unit__instansi_id=instansi.pk)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path, unit__instansi_id=unit.instansi_id)
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    for word in search.split()[:5]:
        qs = qs.filter(Q(name__icontains=word) | Q(code__icontains=word))
    return (
        qs.select_related("unit__instansi")
        .annotate(
            active_services=count_of(Service.objects.filter(is_active=True), "service_unit"),
            open_follow_ups=count_of(open_follow_ups(), "service_unit"),
            has_open_period=Exists(
                SurveyPeriod.objects.filter(service_unit=OuterRef("pk"), state=PeriodState.OPEN)
            ),
        )
        .order_by(*SERVICE_UNIT_SORT.parse(sort).ordering())
    )


def filter_units(actor: Actor) -> QuerySet[UnitKerja]:
    """The units kerja the list's unit filter offers: those the actor's service units may be in."""
    return (
        access.units_for_surveys(actor)
        .filter(is_active=True)
        .select_related("instansi")
        .only("pk", "name", "path", "depth", "instansi_id", "instansi__name")
        .order_by("instansi__name", "path")
    )


def services_of(service_unit: ServiceUnit) -> QuerySet[Service]:
    """A unit's services, the active ones first."""
    return service_unit.services.order_by("-is_active", "name", "pk")


def periods_of(service_unit: ServiceUnit) -> QuerySet[SurveyPeriod]:
    """A unit's periods, the latest first, with their response counts and questionnaires."""
    return (
        service_unit.periods.select_related("questionnaire")
        .annotate(response_count=Count("responses"))
        .order_by("-start", "-pk")
    )


def open_follow_up_count(service_unit: ServiceUnit) -> int:
    return open_follow_ups().filter(service_unit=service_unit).count()


def sample_table() -> list[tuple[int, int]]:
    """The Krejcie–Morgan table (population → minimum sample), as rules.minimum_sample reads it."""
    return list(SampleSize.objects.order_by("population").values_list("population", "sample"))


def minimum_sample(population: int) -> int:
    """The minimum number of respondents for a yearly population of service users."""
    return rules.minimum_sample(population, sample_table())
