"""Reads of the results (issue 12 item 7): the IKM of a period and its services, the trend over a
service unit's periods, the respondent profile, the suggestions, the pooled IKM of a Unit Kerja
subtree or of an instansi, and the rows of the exports. Scoped through surveys.access first.

The figures are derived from the totals the job stores (IkmResult: sums and counts per unsur) with
rules.compute_ikm; pooled results add those totals up (rules.pool) and never read the responses
again. Each function is a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear

from core.access import Actor
from core.models import Instansi, UnitKerja

from .. import access, rules
from ..choices import PeriodState, Sex, Unsur, Weighting
from ..models import BandTable, IkmResult, IkmRun, MutuBand, Response, SampleSize, ServiceUnit, SurveyPeriod
from ..options import Options, education_options, label_of, occupation_options

SUM_FIELDS = tuple(f"sum_u{n}" for n in range(1, 10))


# --- Reference data ---------------------------------------------------------------------------------------
def band_table_on(day: date) -> BandTable | None:
    """The band table in force on `day` (the latest that started by then and has not ended)."""
    return (
        BandTable.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )


def bands_of(period: SurveyPeriod) -> list[MutuBand]:
    """The bands a period is graded with: the table fixed on it, else the one in force on its first
    day (domain §9: the band table in force on the survey date). One query with a fixed table."""
    if period.band_table_id is not None:
        return list(MutuBand.objects.filter(table_id=period.band_table_id).order_by("-minimum"))
    in_force = band_table_on(period.start)
    return list(in_force.bands.order_by("-minimum")) if in_force is not None else []


def sample_table() -> list[tuple[int, int]]:
    """The Krejcie–Morgan table: (population, minimum sample) rows."""
    return list(SampleSize.objects.order_by("population").values_list("population", "sample"))


# --- From stored totals to the IKM --------------------------------------------------------------------------
def totals_of(result: IkmResult) -> list[rules.UnsurTotal]:
    """The totals per unsur of a stored result (every respondent answers all nine unsur)."""
    return [
        rules.UnsurTotal(code, getattr(result, name), result.respondents)
        for code, name in zip(rules.UNSUR_CODES, SUM_FIELDS, strict=True)
    ]


def ikm_of(results: Iterable[IkmResult], weighting: str, bands: Sequence[MutuBand]) -> rules.Ikm | None:
    """The IKM of one or more stored results pooled (rules.pool); None without respondents."""
    return rules.compute_ikm(rules.pool(totals_of(r) for r in results), weighting, bands)


# --- One period ---------------------------------------------------------------------------------------------
@dataclass
class PeriodResults:
    """The stored results of a period: the whole period's row and one per service (by name)."""

    whole: IkmResult | None
    services: list[IkmResult]

    @property
    def computed_at(self) -> Any:
        return self.whole.computed_at if self.whole is not None else None


def service_name(result: IkmResult) -> str:
    return result.service.name if result.service is not None else ""


def period_results(period: SurveyPeriod) -> PeriodResults:
    rows = list(IkmResult.objects.filter(period=period).select_related("service").order_by("pk"))
    whole = next((r for r in rows if r.service_id is None), None)
    services = sorted((r for r in rows if r.service is not None), key=lambda r: service_name(r).lower())
    return PeriodResults(whole, services)


def last_run(period: SurveyPeriod) -> IkmRun | None:
    """The period's RUNNING computation, else its last one (with who asked for it)."""
    # A running run is always the latest (core.runs starts a new one or resumes the last).
    return (
        IkmRun.objects.filter(period=period)
        .select_related("requested_by")
        .order_by("-started_at", "-pk")
        .first()
    )


def trend(service_unit: ServiceUnit) -> list[IkmResult]:
    """The whole-period results of every period of the service unit, oldest first."""
    return list(
        IkmResult.objects.filter(period__service_unit=service_unit, service__isnull=True)
        .select_related("period")
        .order_by("period__start", "period__pk")
    )


# Age bands of the respondent profile: (label, lowest age, highest age).
AGE_BANDS = (("< 20", 0, 19), ("20–29", 20, 29), ("30–39", 30, 39), ("40–49", 40, 49),
             ("50–59", 50, 59), ("60+", 60, 200))  # fmt: skip


@dataclass
class Profile:
    """Counts of the respondents by age band, sex, education and occupation."""

    total: int
    age: list[tuple[str, int]]
    sex: list[tuple[str, int]]
    education: list[tuple[str, int]]
    occupation: list[tuple[str, int]]


def profile(period: SurveyPeriod) -> Profile:
    """Three aggregate queries over the period's responses (ages and sexes in one)."""
    responses = Response.objects.filter(period=period)
    counts = responses.aggregate(
        total=Count("pk"),
        **{
            f"age_{i}": Count("pk", filter=Q(age__range=(lo, hi))) for i, (_l, lo, hi) in enumerate(AGE_BANDS)
        },
        sex_l=Count("pk", filter=Q(sex="L")),
        sex_p=Count("pk", filter=Q(sex="P")),
    )

    def grouped(name: str, options: Options) -> list[tuple[str, int]]:
        """Counts per option, labelled and in the list's order; codes the list no longer offers
        follow, as stored."""
        counts = dict(responses.values_list(name).annotate(n=Count("pk")).order_by())
        order = {code: i for i, (code, _label) in enumerate(options)}
        codes = sorted(counts, key=lambda code: (order.get(code, len(order)), code))
        return [(label_of(options, code) if code else "–", counts[code]) for code in codes]

    return Profile(
        total=counts["total"],
        age=[(label, counts[f"age_{i}"]) for i, (label, _lo, _hi) in enumerate(AGE_BANDS)],
        sex=[(str(Sex.L.label), counts["sex_l"]), (str(Sex.P.label), counts["sex_p"])],
        education=grouped("education", education_options()),
        occupation=grouped("occupation", occupation_options()),
    )


def suggestions(period: SurveyPeriod) -> QuerySet[Response]:
    """The period's responses with a suggestion, newest first, with their service and follow-up."""
    return (
        Response.objects.filter(period=period)
        .exclude(suggestion="")
        .select_related("service", "follow_up")
        .only(
            "pk",
            "submitted_at",
            "suggestion",
            "service__name",
            "follow_up__ticket",
            "follow_up__state",
            "period_id",
        )
        .order_by("-submitted_at", "-pk")
    )


def periods_of(service_unit: ServiceUnit) -> list[SurveyPeriod]:
    """The periods of a service unit, newest first (the period picker)."""
    return list(SurveyPeriod.objects.filter(service_unit=service_unit).order_by("-start", "-pk"))


# --- The report of a period (the page, the official Excel and the PDF) -----------------------------------
PRIORITY_COUNT = 3  # the lowest unsur named as the improvement priorities


@dataclass
class UnsurRow:
    code: str
    label: str
    total: int
    nrr: Fraction | None
    weighted: Fraction | None
    priority: bool

    @property
    def nrr_shown(self) -> Decimal | None:
        return rules.display(self.nrr) if self.nrr is not None else None

    @property
    def weighted_shown(self) -> Decimal | None:
        return rules.display(self.weighted, 4) if self.weighted is not None else None


@dataclass
class ServiceRow:
    name: str
    result: IkmResult
    ikm: rules.Ikm | None


@dataclass
class PeriodReport:
    """Everything the report of a period shows, derived from the stored totals (rules.compute_ikm)."""

    period: SurveyPeriod
    service_unit: ServiceUnit
    instansi_name: str
    unit_name: str
    results: PeriodResults
    ikm: rules.Ikm | None
    bands: list[MutuBand]
    unsur: list[UnsurRow]
    priorities: list[UnsurRow]
    services: list[ServiceRow]
    respondents: int
    population: int
    minimum: int

    @property
    def short(self) -> bool:
        """Fewer respondents than the Krejcie–Morgan minimum for the unit's population."""
        return self.respondents < self.minimum

    @property
    def mutu_label(self) -> str:
        return mutu_label(self.ikm, self.bands)

    @property
    def ikm_shown(self) -> Decimal | None:
        """The IKM (1–4) to 4 decimals, as the report writes it."""
        return rules.display(self.ikm.ikm, 4) if self.ikm is not None else None

    @property
    def computed_at(self) -> Any:
        return self.results.computed_at


def unsur_rows(ikm: rules.Ikm | None) -> list[UnsurRow]:
    """The nine unsur of an IKM with their totals, NRR and NRR tertimbang; the priorities marked."""
    if ikm is None:
        return []
    labels = dict(Unsur.choices)
    lowest = set(ikm.priorities(PRIORITY_COUNT))
    weighted = ikm.weighted
    return [
        UnsurRow(t.code, str(labels[t.code]), t.total, t.nrr, weighted.get(t.code), t.code in lowest)
        for t in ikm.totals
    ]


def priorities_of(ikm: rules.Ikm | None, rows: Sequence[UnsurRow]) -> list[UnsurRow]:
    """The improvement priorities, lowest NRR first."""
    by_code = {row.code: row for row in rows}
    return [by_code[code] for code in ikm.priorities(PRIORITY_COUNT)] if ikm is not None else []


def mutu_label(ikm: rules.Ikm | None, bands: Sequence[MutuBand]) -> str:
    """The name of the grade in the band table ("Baik"), the grade itself when the table lacks it."""
    if ikm is None:
        return ""
    return next((b.label for b in bands if b.grade == ikm.mutu), ikm.mutu)


def period_report(period: SurveyPeriod) -> PeriodReport:
    """The report of a period (its service unit and unit selected with it): five queries."""
    results = period_results(period)
    bands = bands_of(period)
    ikm = ikm_of([results.whole], period.weighting, bands) if results.whole is not None else None
    unsur = unsur_rows(ikm)
    services = [
        ServiceRow(service_name(r), r, ikm_of([r], period.weighting, bands)) for r in results.services
    ]
    service_unit = period.service_unit
    population = service_unit.population
    return PeriodReport(
        period=period,
        service_unit=service_unit,
        instansi_name=Instansi.objects.values_list("name", flat=True).get(pk=service_unit.unit.instansi_id),
        unit_name=service_unit.unit.name,
        results=results,
        ikm=ikm,
        bands=bands,
        unsur=unsur,
        priorities=priorities_of(ikm, unsur),
        services=services,
        respondents=results.whole.respondents if results.whole is not None else 0,
        population=population,
        minimum=rules.minimum_sample(population, sample_table()),
    )


# --- The index: service units with their latest result ----------------------------------------------------
def latest_result() -> QuerySet[IkmResult]:
    """The whole-period result of the outer service unit's latest computed period (for a Subquery)."""
    return IkmResult.objects.filter(period__service_unit_id=OuterRef("pk"), service__isnull=True).order_by(
        "-period__start", "-period__pk"
    )


def result_units(
    *, actor: Actor, instansi_id: int | None = None, search: str = "", order: Sequence[Any] = ("name", "pk")
) -> QuerySet[ServiceUnit]:
    """The service units the actor sees, each annotated with its latest computed result
    (konversi, mutu, respondents, the period's id, start and end)."""
    latest = latest_result()
    units = access.service_units_visible_to(actor).select_related("unit", "unit__instansi")
    if instansi_id is not None:
        units = units.filter(unit__instansi_id=instansi_id)
    if search:
        units = units.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(unit__name__icontains=search)
        )
    return units.annotate(
        latest_konversi=Subquery(latest.values("konversi")[:1]),
        latest_mutu=Subquery(latest.values("mutu")[:1]),
        latest_respondents=Subquery(latest.values("respondents")[:1]),
        latest_period_id=Subquery(latest.values("period_id")[:1]),
        latest_start=Subquery(latest.values("period__start")[:1]),
        latest_end=Subquery(latest.values("period__end")[:1]),
        latest_state=Subquery(latest.values("period__state")[:1]),
        has_periods=Exists(SurveyPeriod.objects.filter(service_unit=OuterRef("pk"))),
    ).order_by(*order)


# --- Pooled: a Unit Kerja subtree or an instansi, over a year ----------------------------------------------
@dataclass
class Pooled:
    """The whole-period results of the periods of a year (by their first day) of the service units
    in scope, and their pooled IKM."""

    year: int | None
    years: list[int]
    rows: list[IkmResult]
    ikm: rules.Ikm | None
    weighting: str
    bands: list[MutuBand] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return sum(r.respondents for r in self.rows)


def pooled_scope(
    actor: Actor, *, unit: UnitKerja | None = None, instansi: Instansi | None = None
) -> QuerySet[IkmResult]:
    """The whole-period results the actor sees of the service units in `unit`'s subtree or in `instansi`."""
    service_units = access.service_units_visible_to(actor)
    if unit is not None:
        service_units = service_units.filter(unit__path__startswith=unit.path)
    if instansi is not None:
        service_units = service_units.filter(unit__instansi=instansi)
    return IkmResult.objects.filter(service__isnull=True, period__service_unit__in=service_units)


def pooled(
    actor: Actor, *, unit: UnitKerja | None = None, instansi: Instansi | None = None, year: int | None = None
) -> Pooled:
    """The pooled IKM of the year (default: the latest with results): the sums of the service units'
    results added up. Graded with the weighting the periods share (exact 1/9 when they differ) and the
    bands of the latest period. A fixed number of queries."""
    scope = pooled_scope(actor, unit=unit, instansi=instansi).exclude(period__state=PeriodState.DRAFT)
    years = sorted(
        set(scope.annotate(y=ExtractYear("period__start")).values_list("y", flat=True)), reverse=True
    )
    chosen = year if year in years else (years[0] if years else None)
    rows = (
        list(
            scope.filter(period__start__year=chosen)
            .select_related("period__service_unit__unit")
            .order_by("period__service_unit__name", "period__start", "pk")
        )
        if chosen is not None
        else []
    )
    weightings = {r.period.weighting for r in rows}
    weighting = weightings.pop() if len(weightings) == 1 else Weighting.EXACT.value
    latest = max((r.period for r in rows), key=lambda p: (p.start, p.pk), default=None)
    bands = bands_of(latest) if latest is not None else []
    return Pooled(chosen, years, rows, ikm_of(rows, weighting, bands), weighting, bands)


# --- The monitoring page of the performance app ---------------------------------------------------------
@dataclass
class UnitIkm:
    """The latest IKM of a service unit, for the performance monitoring page."""

    service_unit: ServiceUnit
    result: IkmResult


def monitoring_ikm(
    *, actor: Actor, instansi: Instansi, unit: UnitKerja | None, until: date | None = None
) -> list[UnitIkm]:
    """The latest computed IKM of every service unit in `unit`'s subtree (or in the whole agency)
    that the actor sees, with respondents: two queries. With `until` (the end of the performance
    period looked at), the latest survey period that had started by then: the citizens' view of
    that time, not of a later one."""
    units = access.service_units_visible_to(actor).filter(unit__instansi=instansi, is_active=True)
    if unit is not None:
        units = units.filter(unit__path__startswith=unit.path)
    latest = latest_result().filter(respondents__gt=0)
    if until is not None:
        latest = latest.filter(period__start__lte=until)
    ids = [
        pk
        for pk in units.annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .order_by("name", "pk")
        .values_list("latest_id", flat=True)
        if pk is not None
    ]
    if not ids:
        return []
    results = IkmResult.objects.filter(pk__in=ids).select_related("period__service_unit")
    ordered = sorted(results, key=lambda r: (r.period.service_unit.name, r.period.service_unit_id))
    return [UnitIkm(r.period.service_unit, r) for r in ordered]


# --- Exports ----------------------------------------------------------------------------------------------
def export_responses(period: SurveyPeriod) -> QuerySet[Response]:
    """The period's responses for the raw export, in the order they came in (by id), with their
    service and follow-up."""
    return Response.objects.filter(period=period).select_related("service", "follow_up").order_by("pk")


def agency_zone(period: SurveyPeriod) -> ZoneInfo:
    """The time zone of the period's instansi: the times of its responses are written in it."""
    return ZoneInfo(
        Instansi.objects.values_list("time_zone", flat=True).get(pk=period.service_unit.unit.instansi_id)
    )


def extra_questions(period: SurveyPeriod) -> list[Any]:
    """The extra questions of the period's questionnaire version, in their order."""
    return list(period.questionnaire.extra_questions.order_by("position", "pk"))


def extra_answers(response_ids: Sequence[int]) -> dict[tuple[int, int], Any]:
    """{(response id, question id): answer} of a chunk of responses: one query per chunk."""
    from ..models import ExtraAnswer

    return {
        (a.response_id, a.question_id): a
        for a in ExtraAnswer.objects.filter(response_id__in=list(response_ids)).only(
            "response_id", "question_id", "value", "text"
        )
    }


def chunks(queryset: QuerySet[Response], size: int = 2000) -> Iterator[list[Response]]:
    """The rows of a queryset in chunks by id (keyset paging), each one query."""
    last = None
    ordered = queryset.order_by("pk")
    while True:
        batch = list((ordered.filter(pk__gt=last) if last is not None else ordered)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk
