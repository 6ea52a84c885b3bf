"""Reads of SKP planning: the SKP page, the employee's "SKP saya", the head's copy-down candidates and
the data of the printable SKP. Objects reach these through performance.access."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from employees.models import Employee
from employees.selectors.superiors import is_sekda, kepala_daerah

from .. import access, rules
from ..choices import AppraisalState, PeriodKind, Predikat, SkpAction, SkpState
from ..models import Appraisal, Feedback, Iki, PerformanceYear, Period, Rhk, Skp

HISTORY_PER_PAGE = 12
YEARS_PER_PAGE = 5
LATEST_FEEDBACK = 5


# --- Direct subordinates (atasan langsung, set-based) ----------------------------------------------
def direct_subordinates(head: Employee) -> QuerySet[Employee]:
    """Active employees whose atasan langsung is `head`, in one query.

    The rule of employees.selectors.records.atasan_langsung read from the other side: an employee in the
    head's unit subtree answers to the head unless a unit between them (their own unit included,
    or from its parent up when they head it themself) has an active head of its own.
    """
    if not head.is_unit_head or not head.is_active:
        return Employee.objects.none()
    unit = head.unit
    closer_head = (
        Employee.objects.filter(is_active=True, is_unit_head=True, unit__path__startswith=unit.path)
        .exclude(unit_id=unit.pk)
        .exclude(pk=OuterRef("pk"))
        .filter(StartsWith(OuterRef("unit__path"), F("unit__path")))
    )
    return (
        Employee.objects.filter(is_active=True, unit__path__startswith=unit.path)
        .exclude(pk=head.pk)
        .exclude(Exists(closer_head))
    )


# --- The plan: its RHK and IKI, what an RHK may cascade from, what stops a submission --------------
def plan_of(skp: Skp) -> list[Rhk]:
    """The RHK of an SKP in order, each with its parent and its IKI in order: two queries."""
    return list(
        skp.rhks.select_related("parent").prefetch_related(
            Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk"))
        )
    )


def parent_choices(skp: Skp) -> Any:
    """RHK of the appraiser's current SKP of the same year: what an RHK of `skp` may cascade from."""
    if skp.appraiser_id is None:
        return Rhk.objects.none()
    return (
        Rhk.objects.filter(skp__employee_id=skp.appraiser_id, skp__year_id=skp.year_id)
        .exclude(skp__state=SkpState.SUPERSEDED)
        .select_related("skp")
        .order_by("-skp__version", "order", "pk")
    )


def submission_problems(skp: Skp, rhks: Sequence[Rhk] | None = None) -> list[str]:
    """Why an SKP cannot be submitted yet (empty: it can). `rhks`: the SKP's RHK with their IKI
    prefetched, when the caller has them already."""
    problems = []
    if rhks is None:
        rhks = list(skp.rhks.prefetch_related("ikis"))
    if not rhks:
        problems.append(_("Tambahkan sedikitnya satu rencana hasil kerja."))
    for rhk in rhks:
        if not rhk.ikis.all():
            problems.append(_("RHK “%(rhk)s” belum memiliki indikator kinerja.") % {"rhk": rhk.text})
    if skp.appraiser_id is not None and parent_choices(skp).exists():
        for rhk in rhks:
            if rhk.parent_id is None:
                problems.append(
                    _("RHK “%(rhk)s” belum dikaitkan dengan RHK atasan (intervensi).") % {"rhk": rhk.text}
                )
    return problems


# --- The SKP page -----------------------------------------------------------------------------------
def skp_page(*, actor: Actor, skp: Skp) -> dict[str, Any]:
    """An SKP with its plan, expectations, versions and history, and what the actor may do with it:
    a constant number of queries however many RHK and IKI it has."""
    rhks = plan_of(skp)
    can_edit = access.can_edit_skp(actor, skp)
    is_owner = access.is_skp_owner(actor, skp)
    transitions = list(skp.transitions.select_related("actor__employee"))
    versions = list(
        access.skps_visible_to(actor)
        .filter(employee_id=skp.employee_id, year_id=skp.year_id)
        .order_by("version")
        .only("pk", "version", "state", "year_id", "employee_id", "approved_at", "created_at", "previous_id")
    )
    last_return = next((t for t in reversed(transitions) if t.action == SkpAction.RETURN), None)
    revision = next((v for v in versions if v.previous_id == skp.pk and v.state != SkpState.SUPERSEDED), None)
    return {
        "skp": skp,
        "employee": skp.employee,
        "rhks": rhks,
        "iki_count": sum(len(rhk.ikis.all()) for rhk in rhks),
        "behaviours": list(skp.behaviours.all()),
        "transitions": transitions,
        "last_return": last_return if skp.state == SkpState.RETURNED else None,
        "versions": versions,
        # The employee sees an evaluation document once it is final (access.can_see_appraisal_draft).
        "appraisals": [
            a
            for a in skp.appraisals.select_related("period").order_by("period__end", "-period__kind")
            if access.can_see_appraisal_draft(actor, a)
        ],
        "revision": revision,
        "problems": submission_problems(skp, rhks) if can_edit else [],
        "can_edit": can_edit,
        "can_review": access.can_review_skp(actor, skp),
        # The Sekda's pejabat penilai is the kepala daerah, who has no employee record (only read
        # when the SKP names no appraiser, so that other SKP pages cost no query more).
        "kepala_daerah": kepala_daerah_of(skp.employee) if skp.appraiser_id is None else None,
        "can_name_appraiser": access.can_name_appraiser(actor, skp) and skp.state != SkpState.SUPERSEDED,
        "can_set_expectations": access.can_set_expectations(actor, skp),
        "can_revise": access.can_revise_skp(actor, skp) and revision is None,
        "can_copy_down": is_owner and access.can_copy_rhk_down(actor) and skp.state != SkpState.SUPERSEDED,
        "is_owner": is_owner,
        "is_superseded": skp.state == SkpState.SUPERSEDED,
    }


def kepala_daerah_of(employee: Employee) -> Any:
    """The kepala daerah post when the employee is the Sekda of their agency, else None."""
    return kepala_daerah(employee.unit.instansi_id) if is_sekda(employee) else None


# --- SKP saya -------------------------------------------------------------------------------------
@dataclass
class YearRow:
    """One performance year of the employee's agency with the SKP versions of the employee."""

    year: PerformanceYear
    versions: list[Skp] = field(default_factory=list)

    @property
    def current(self) -> Skp | None:
        """The version that counts now: the one in the works, else the approved."""
        by_state = {s.state: s for s in self.versions}
        for state in (SkpState.DRAFT, SkpState.RETURNED, SkpState.SUBMITTED, SkpState.APPROVED):
            if state in by_state:
                return by_state[state]
        return None

    @property
    def approved(self) -> Skp | None:
        return next((s for s in self.versions if s.state == SkpState.APPROVED), None)

    @property
    def can_start(self) -> bool:
        return not self.versions


@dataclass
class PeriodSummary:
    period: Period
    skp: Skp | None  # the approved SKP the realisations go on; None: not approved yet
    total: int = 0
    reported: int = 0
    realisation_url: str = ""  # the page to report on, set by the view

    @property
    def percent(self) -> int:
        return self.reported * 100 // self.total if self.total else 0


def own_employee(actor: Actor) -> Employee | None:
    if actor.employee_id is None:
        return None
    return (
        Employee.objects.select_related("unit__instansi", "current_rank", "current_position")
        .filter(pk=actor.employee_id)
        .first()
    )


def current_period(year: PerformanceYear, today: date) -> Period | None:
    return (
        Period.objects.filter(year=year, kind=PeriodKind.PERIODIC, start__lte=today, end__gte=today)
        .select_related("year")
        .first()
    )


def period_summary(skp: Skp | None, period: Period) -> PeriodSummary:
    """How many IKI of the approved SKP have a realisation in the period: one query."""
    if skp is None:
        return PeriodSummary(period=period, skp=None)
    reported = Q(realisations__period=period) & (
        Q(realisations__value__isnull=False) | ~Q(realisations__text="")
    )
    counts = Iki.objects.filter(rhk__skp=skp).aggregate(
        total=Count("pk", distinct=True), reported=Count("pk", filter=reported, distinct=True)
    )
    return PeriodSummary(
        period=period,
        skp=skp,
        total=counts["total"],
        reported=counts["reported"],
    )


def final_appraisals(employee: Employee) -> QuerySet[Appraisal]:
    return (
        Appraisal.objects.filter(employee=employee, state=AppraisalState.FINAL)
        .select_related("period__year")
        .order_by("-period__end", "period__kind")
    )


@dataclass(frozen=True)
class FeedbackItem:
    """One entry of "Umpan balik terbaru": a dialog message, or the note of a final appraisal."""

    author: Employee | None
    at: Any  # datetime
    period: Period | None
    topic: str  # the IKI or behaviour value a message is about; "Penilaian kinerja" for a note
    text: str
    url: str
    link_label: str


def latest_feedback(actor: Actor, employee: Employee) -> list[FeedbackItem]:
    """The latest LATEST_FEEDBACK messages of the dialog kinerja on the employee's SKPs (not their
    own) and notes of their final appraisals (a draft's note stays the appraiser's), newest first.
    Two queries."""
    messages = (
        Feedback.objects.filter(skp__employee=employee)
        .exclude(author_id=actor.user_id)
        .select_related("author_employee", "iki", "period", "skp__year")
        .order_by("-created_at", "-pk")[:LATEST_FEEDBACK]
    )
    notes = (
        Appraisal.objects.filter(employee=employee, state=AppraisalState.FINAL, finalised_at__isnull=False)
        .exclude(note="")
        .select_related("appraiser", "period__year")
        .order_by("-finalised_at", "-pk")[:LATEST_FEEDBACK]
    )
    items = [
        FeedbackItem(
            author=m.author_employee,
            at=m.created_at,
            period=m.period,
            topic=m.iki.indicator if m.iki else (m.get_behaviour_display() if m.behaviour else ""),
            text=m.text,
            url=m.skp.get_absolute_url(),
            link_label=_("SKP %(year)s") % {"year": m.skp.year.year},
        )
        for m in messages
    ]
    items += [
        FeedbackItem(
            author=a.appraiser,
            at=a.finalised_at,
            period=a.period,
            topic=_("Catatan penilaian kinerja"),
            text=a.note,
            url=a.get_absolute_url(),
            link_label=_("Penilaian %(period)s") % {"period": a.period.label},
        )
        for a in notes
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:LATEST_FEEDBACK]


def my_skp_page(
    *, actor: Actor, employee: Employee, today: date, year_page: str | None, history_page: str | None
) -> dict[str, Any]:
    """Everything "SKP saya" shows; a constant number of queries whatever the size of the SKPs."""
    years = PerformanceYear.objects.filter(instansi_id=employee.unit.instansi_id).order_by("-year")
    page: Page = Paginator(years, YEARS_PER_PAGE).get_page(year_page)
    rows = [YearRow(year=y) for y in page]
    by_year = {row.year.pk: row for row in rows}
    for skp in Skp.objects.filter(employee=employee, year__in=list(by_year)).order_by("version"):
        by_year[skp.year_id].versions.append(skp)
    # The year running today: its current period and the approved SKP the realisations go on.
    running = next((row.year for row in rows if row.year.year == today.year), None)
    if running is None:
        running = years.filter(year=today.year).first()
    summary = None
    if running is not None:
        period = current_period(running, today)
        if period is not None:
            approved = (
                by_year[running.pk].approved
                if running.pk in by_year
                else Skp.objects.filter(employee=employee, year=running, state=SkpState.APPROVED).first()
            )
            summary = period_summary(approved, period)
    feedback = latest_feedback(actor, employee)
    history: Page = Paginator(final_appraisals(employee), HISTORY_PER_PAGE).get_page(history_page)
    history.object_list = list(history.object_list)
    return {
        "employee": employee,
        "page": page,
        "year_rows": rows,
        "summary": summary,
        "feedback": feedback,
        "history": history,
        "predikat_choices": Predikat,
    }


# --- Copy down ------------------------------------------------------------------------------------
@dataclass
class CopyDownCandidate:
    """A direct subordinate on the copy-down page with their SKP of the head's year."""

    employee: Employee
    skp: Skp | None  # the version in the works, else the approved one; None: no SKP yet

    @property
    def can_receive(self) -> bool:
        return self.skp is None or self.skp.is_editable


def copy_down_page(*, head_skp: Skp) -> dict[str, Any]:
    """The head's RHK and the direct subordinates with the state of their SKP of that year."""
    subordinates = (
        direct_subordinates(head_skp.employee)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "skps",
                queryset=Skp.objects.filter(year_id=head_skp.year_id).exclude(state=SkpState.SUPERSEDED),
                to_attr="year_skps",
            )
        )
        .order_by("unit__path", "name")
    )
    candidates = []
    for employee in subordinates:
        skps = employee.year_skps
        current = next((s for s in skps if s.state != SkpState.APPROVED), None)
        candidates.append(CopyDownCandidate(employee=employee, skp=current or (skps[0] if skps else None)))
    return {"skp": head_skp, "candidates": candidates, "rhks": list(head_skp.rhks.all())}


# --- The SKP document (PDF); its identity block and plan serve the evaluation document too -----------
def person(employee: Employee | None) -> dict[str, str]:
    """The identity block of the documents; empty strings when nobody is recorded."""
    if employee is None:
        return {"name": "", "nip": "", "rank": "", "position": "", "unit": ""}
    return {
        "name": employee.full_name,
        "nip": employee.nip,
        "rank": employee.golongan_display,
        "position": employee.position_name,
        "unit": employee.unit.name,
    }


def appraiser_person(skp: Skp, appraiser: Employee | None) -> dict[str, str]:
    """The appraiser's identity block: the kepala daerah's post and name for the Sekda's SKP."""
    if appraiser is None and skp.kepala_daerah_appraises:
        official = kepala_daerah(skp.employee.unit.instansi_id)
        if official is not None:
            return {
                "name": official.display_name,
                "nip": "",
                "rank": "",
                "position": official.title,
                "unit": skp.employee.unit.instansi.name,
            }
    return person(appraiser)


PERSON_JOINS = ("unit", "current_rank", "current_position")


def people_by_id(*ids: int | None) -> dict[int, Employee]:
    wanted = [i for i in ids if i is not None]
    return Employee.objects.select_related(*PERSON_JOINS).in_bulk(wanted)


def target_of(iki: Iki) -> dict[str, str]:
    if iki.target is None:
        return {"target": iki.target_text, "unit": ""}
    return {"target": rules.number_display(iki.target), "unit": iki.unit}


def skp_document(*, skp: Skp) -> dict[str, Any]:
    """The data of the printable SKP: identities, plan, behaviour expectations, signatures."""
    people = people_by_id(skp.employee_id, skp.appraiser_id)
    year = skp.year
    return {
        "instansi": year.instansi.name,
        "place": year.instansi.seat,
        "year": year.year,
        "start": date(year.year, 1, 1),
        "end": date(year.year, 12, 31),
        "version": skp.version,
        "state": skp.get_state_display(),
        "approved": skp.state in (SkpState.APPROVED, SkpState.SUPERSEDED),
        # In the agency's zone (the middleware activates it): the date written beside the place.
        "signed_on": timezone.localtime(
            skp.approved_at or skp.submitted_at or skp.updated_at, ZoneInfo(skp.year.instansi.time_zone)
        ).date(),
        "employee": person(people.get(skp.employee_id)),
        "appraiser": appraiser_person(skp, people.get(skp.appraiser_id) if skp.appraiser_id else None),
        "rhks": [
            {
                "parent": rhk.parent.text if rhk.parent else "",
                "text": rhk.text,
                "ikis": [{"indicator": iki.indicator, **target_of(iki)} for iki in rhk.ikis.all()],
            }
            for rhk in plan_of(skp)
        ],
        "behaviours": [
            {"value": b.get_value_display(), "expectation": b.expectation} for b in skp.behaviours.all()
        ],
    }
