"""Reads behind the reports: every query of the reports app is built here, scoped by core.access.

Set-based throughout: a report is one ordered query (lists) or one aggregate query per
cross-tab (rekap), never a query per employee or per unit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import NullIf, Substr
from django.http import Http404
from django.utils.translation import gettext as _

from core.access import Actor, get_or_404
from core.models import PATH_SEGMENT_WIDTH, PATH_SEPARATOR, Instansi, UnitKerja
from core.paging import KeyPagedRows
from core.sorting import SortSpec
from employees.choices import (
    LEFT_SERVICE,
    PPPK_GRADES,
    Education,
    EmployeeKind,
    Gender,
    PositionKind,
    PositionLevel,
)
from employees.models import Employee, PromotionCalendar
from employees.querysets import EmployeeQuerySet, golongan_seniority
from employees.rules import career as career_rules
from employees.selectors import career
from employees.selectors.career import kgb_date, retirement_day  # noqa: F401  (the rows shown read these)
from performance.selectors.appraisal import annual_performance_annotations

from . import access
from .models import Letter
from .rows import pangkat_name

# People who have left the service (employees.choices.LEFT_SERVICE) are not in any report, whatever
# their `is_active` says.


def report_employees(
    *, actor: Actor, report: str, instansi: Instansi, unit: UnitKerja | None = None, unit_ids: bool = False
) -> EmployeeQuerySet:
    """Employees in service that `report` covers for this actor, optionally one unit's subtree.

    `unit_ids`: also name the units of the scope by id (one small query first). The scope is the
    same; a list sorted on a computed value needs it on PostgreSQL, which otherwise sorts the
    matching employees of every agency before joining the units that leave the others out
    (bench/career_reports.py: 80 ms instead of 30 for the ids of a KGB page).
    """
    qs = (
        Employee.objects.filter(access.report_employee_scope(actor, report, instansi))
        .filter(is_active=True)
        .exclude(working_state__in=LEFT_SERVICE)
    )
    if unit is not None:
        qs = qs.in_subtree(unit.path)
    if unit_ids:
        units = access.report_units(actor, report, instansi)
        if unit is not None:
            units = units.filter(path__startswith=unit.path)
        qs = qs.filter(unit_id__in=list(units.values_list("pk", flat=True)))
    return qs


# --- DUK ------------------------------------------------------------------------------------------
# Jabatan order of the DUK, highest first: structural kinds, then functional positions by jenjang,
# then pelaksana. A functional position without a recorded jenjang sorts after Pemula.
DUK_POSITION_ORDER: tuple[tuple[str, str], ...] = (
    (PositionKind.JPT_UTAMA, ""),
    (PositionKind.JPT_MADYA, ""),
    (PositionKind.JPT_PRATAMA, ""),
    (PositionKind.ADMINISTRATOR, ""),
    (PositionKind.PENGAWAS, ""),
    (PositionKind.FUNGSIONAL, PositionLevel.AHLI_UTAMA),
    (PositionKind.FUNGSIONAL, PositionLevel.AHLI_MADYA),
    (PositionKind.FUNGSIONAL, PositionLevel.AHLI_MUDA),
    (PositionKind.FUNGSIONAL, PositionLevel.AHLI_PERTAMA),
    (PositionKind.FUNGSIONAL, PositionLevel.PENYELIA),
    (PositionKind.FUNGSIONAL, PositionLevel.MAHIR),
    (PositionKind.FUNGSIONAL, PositionLevel.TERAMPIL),
    (PositionKind.FUNGSIONAL, PositionLevel.PEMULA),
    (PositionKind.FUNGSIONAL, ""),
    (PositionKind.PELAKSANA, ""),
)

# Recorded jenjang first; where it was left empty, the jenjang is read from the position name
# ("Perawat Ahli Pertama"), which the official position names always end with.
_JENJANG_IN_NAME = {
    PositionLevel.AHLI_UTAMA: "Ahli Utama",
    PositionLevel.AHLI_MADYA: "Ahli Madya",
    PositionLevel.AHLI_MUDA: "Ahli Muda",
    PositionLevel.AHLI_PERTAMA: "Ahli Pertama",
    PositionLevel.PENYELIA: "Penyelia",
    PositionLevel.MAHIR: "Mahir",
    PositionLevel.TERAMPIL: "Terampil",
    PositionLevel.PEMULA: "Pemula",
}


def position_order(prefix: str = "current_position__") -> Case:
    """DUK jabatan order as a number, 1 = JPT Utama … 15 = Pelaksana, 99 = no position."""
    kind, level, name = f"{prefix}kind", f"{prefix}level", f"{prefix}name"
    whens = []
    for i, (k, lvl) in enumerate(DUK_POSITION_ORDER, start=1):
        if k != PositionKind.FUNGSIONAL:
            whens.append(When(**{kind: k}, then=Value(i)))
        elif lvl:
            whens.append(When(**{kind: k, level: lvl}, then=Value(i)))
    for i, (k, lvl) in enumerate(DUK_POSITION_ORDER, start=1):
        if k == PositionKind.FUNGSIONAL and lvl:
            whens.append(
                When(
                    **{kind: k, level: "", f"{name}__iendswith": _JENJANG_IN_NAME[PositionLevel(lvl)]}, then=i
                )
            )
    fungsional_unknown = DUK_POSITION_ORDER.index((PositionKind.FUNGSIONAL, "")) + 1
    whens.append(When(**{kind: PositionKind.FUNGSIONAL}, then=Value(fungsional_unknown)))
    return Case(*whens, default=Value(99), output_field=IntegerField())


def education_order(field_name: str = "education") -> Case:
    """Education level as a number, SD = 1 … S-3 = 10 (not recorded: 0)."""
    whens = [When(**{field_name: value}, then=Value(i)) for i, value in enumerate(Education.values, 1)]
    return Case(*whens, default=Value(0), output_field=IntegerField())


DUK_ORDER = (
    F("duk_golongan").asc(),  # seniority: IV/e = 1 … I/a = 17
    F("current_rank__tmt").asc(nulls_last=True),
    F("duk_position").asc(),
    F("tmt_cpns").asc(nulls_last=True),
    F("duk_education").desc(),
    F("birth_date").asc(),
    F("nip").asc(),
)


def duk_scope(*, actor: Actor, instansi: Instansi, unit: UnitKerja | None = None) -> EmployeeQuerySet:
    """Who is in the DUK: PNS in service in the scope who hold a rank (PPPK have no pangkat).

    A PNS without any rank history row cannot be ranked; duk_unranked() counts them so that the
    page can say so (their record needs a riwayat pangkat).
    """
    return report_employees(actor=actor, report="duk", instansi=instansi, unit=unit).filter(
        kind=EmployeeKind.PNS, current_rank__isnull=False
    )


def duk_unranked(*, actor: Actor, instansi: Instansi, unit: UnitKerja | None = None) -> int:
    """PNS in the scope whose record has no rank yet: left out of the DUK. One indexed count."""
    return (
        report_employees(actor=actor, report="duk", instansi=instansi, unit=unit)
        .filter(kind=EmployeeKind.PNS, current_rank__isnull=True)
        .count()
    )


def duk_page_source(*, actor: Actor, instansi: Instansi, unit: UnitKerja | None = None) -> KeyPagedRows:
    """The DUK for the screen: paged by key (ids in DUK order, then 50 full rows)."""
    scope = duk_scope(actor=actor, instansi=instansi, unit=unit)
    return KeyPagedRows(duk(actor=actor, instansi=instansi, unit=unit), scope.with_unit(), scope)


def duk(*, actor: Actor, instansi: Instansi, unit: UnitKerja | None = None) -> EmployeeQuerySet:
    """The Daftar Urut Kepangkatan: PNS only (PPPK have no pangkat), in DUK order, in SQL.

    Order: golongan (highest first), TMT golongan (earliest first), jabatan (JPT Utama first …
    Pelaksana last), TMT CPNS (earliest first, i.e. longest service), education (highest first),
    birth date (oldest first), then NIP. The position in this order is the DUK rank.

    The first two keys are exactly the expression of the index rank_seniority_idx, and the rank
    is joined with an INNER join (the `tmt` filter, always true), so that PostgreSQL walks that
    index and stops after the page instead of sorting the whole agency.
    """
    return (
        duk_scope(actor=actor, instansi=instansi, unit=unit)
        .filter(current_rank__tmt__isnull=False)
        .with_unit()
        .annotate(
            duk_golongan=golongan_seniority("current_rank__golongan"),
            duk_position=position_order(),
            duk_education=education_order(),
        )
        .order_by(*DUK_ORDER)
    )


# --- Rekap / bezetting ----------------------------------------------------------------------------
_SEGMENT = PATH_SEGMENT_WIDTH + len(PATH_SEPARATOR)
NOT_RECORDED = "-"
PPPK_COLUMN = "PPPK"
PNS_GROUPS = ("I", "II", "III", "IV")


def golongan_group(golongan: str | None) -> str:
    """'III/b' -> 'III'; 'PPPK-IX' -> 'PPPK'; nothing -> '-'."""
    if not golongan:
        return NOT_RECORDED
    if golongan.startswith("PPPK-"):
        return PPPK_COLUMN
    return golongan.split("/", 1)[0]


@dataclass
class RekapRow:
    key: str  # the unit path prefix the row collects
    label: str
    unit: UnitKerja | None
    direct: bool = False  # the employees placed in the chosen unit itself, not below it
    cells: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def display_label(self) -> str:
        return _("%(unit)s (langsung)") % {"unit": self.label} if self.direct else self.label


@dataclass
class CrossTab:
    """One cross-tab of the rekap: rows (units) × columns (categories), with totals."""

    key: str
    title: str
    columns: list[tuple[str, Any]]  # (value, label)
    rows: list[RekapRow]
    raw_totals: dict[str, int] = field(default_factory=dict)  # per stored value, before folding

    @property
    def column_totals(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for value, n in row.cells.items():
                totals[value] += n
        return {value: totals.get(value, 0) for value, _label in self.columns}

    @property
    def grand_total(self) -> int:
        return sum(row.total for row in self.rows)

    def table(self) -> list[tuple[RekapRow, list[int]]]:
        return [(row, [row.cells.get(value, 0) for value, _l in self.columns]) for row in self.rows]

    def bars(self) -> list[dict[str, Any]]:
        """The column totals as chart bars: label, count, share of the total, bar width."""
        totals = self.column_totals
        top = max(totals.values(), default=0)
        grand = sum(totals.values())
        return [
            {
                "label": label,
                "count": totals[value],
                "percent": 100 * totals[value] / grand if grand else 0,
                "width": f"{100 * totals[value] / top if top else 0:.2f}",
            }
            for value, label in self.columns
        ]


@dataclass
class Rekap:
    rows: list[RekapRow]
    tabs: list[CrossTab]
    pppk_grades: list[tuple[str, int]]  # PPPK by golongan, over the whole scope

    @property
    def total(self) -> int:
        return self.tabs[0].grand_total if self.tabs else 0


def rekap_rows(*, instansi: Instansi, unit: UnitKerja | None) -> tuple[int, list[RekapRow]]:
    """The rows: the agency's top-level OPD, or the children of `unit` plus the unit itself.

    Returns the length of the path prefix that identifies a row, and the rows (one query).
    """
    if unit is None:
        units = UnitKerja.objects.filter(instansi_id=instansi.pk, parent__isnull=True)
        prefix = _SEGMENT
    else:
        units = UnitKerja.objects.filter(parent_id=unit.pk)
        prefix = len(unit.path) + _SEGMENT
    rows = []
    if unit is not None:
        rows.append(RekapRow(key=unit.path, label=unit.name, unit=unit, direct=True))
    rows += [RekapRow(key=u.path, label=u.name, unit=u) for u in units.order_by("name")]
    return prefix, rows


def _crosstab(
    employees: QuerySet[Employee],
    prefix: int,
    rows: list[RekapRow],
    *,
    key: str,
    title: str,
    dimension: str,
    columns: list[tuple[str, Any]],
    fold: Callable[[str], str] | None = None,
) -> CrossTab:
    """One aggregate query: employees counted per (row, value of `dimension`).

    Values outside `columns` (and empty ones) are counted under "not recorded"; that column is
    shown only when it holds someone.
    """
    result = (
        employees.annotate(rekap_row=Substr("unit__path", 1, prefix))
        .values_list("rekap_row", dimension)
        .annotate(n=Count("pk"))
        .order_by()
    )
    table = {
        row.key: RekapRow(key=row.key, label=row.label, unit=row.unit, direct=row.direct) for row in rows
    }
    known = {value for value, _label in columns}
    raw: dict[str, int] = defaultdict(int)
    for row_key, raw_value, n in result:
        row = table.get(row_key)
        if row is None:  # an employee outside the rows cannot happen in a consistent tree
            continue
        raw[raw_value or ""] += n
        value = fold(raw_value or "") if fold is not None else raw_value
        if value not in known:
            value = NOT_RECORDED
        row.cells[value] = row.cells.get(value, 0) + n
    shown_rows = [r for r in table.values() if r.total or (r.unit is not None and r.unit.is_active)]
    shown_columns = [
        (v, label) for v, label in columns if v != NOT_RECORDED or any(r.cells.get(v) for r in shown_rows)
    ]
    return CrossTab(key=key, title=title, columns=shown_columns, rows=shown_rows, raw_totals=dict(raw))


def rekap(*, actor: Actor, instansi: Instansi, unit: UnitKerja | None = None, kind: str = "") -> Rekap:
    """The bezetting: unit × golongan / education / sex / position kind, with totals.

    Five queries whatever the number of units or employees: the rows' units, then one aggregate
    per cross-tab. The golongan query groups by the exact golongan, so that the PNS groups I–IV
    and the PPPK grades both come from it.
    """
    employees = report_employees(actor=actor, report="rekap", instansi=instansi, unit=unit)
    if kind:
        employees = employees.filter(kind=kind)
    prefix, rows = rekap_rows(instansi=instansi, unit=unit)
    not_recorded = (NOT_RECORDED, _("Belum diisi"))
    golongan_columns = [(g, _("Gol. %(g)s") % {"g": g}) for g in PNS_GROUPS]
    golongan_columns += [(PPPK_COLUMN, _("PPPK")), not_recorded]
    tabs = [
        _crosstab(
            employees,
            prefix,
            rows,
            key="golongan",
            title=_("Golongan"),
            dimension="current_rank__golongan",
            columns=golongan_columns,
            fold=golongan_group,
        ),
        _crosstab(
            employees,
            prefix,
            rows,
            key="pendidikan",
            title=_("Pendidikan"),
            dimension="education",
            columns=[*Education.choices, not_recorded],
        ),
        _crosstab(
            employees,
            prefix,
            rows,
            key="jenis_kelamin",
            title=_("Jenis kelamin"),
            dimension="gender",
            columns=[*Gender.choices, not_recorded],
        ),
        _crosstab(
            employees,
            prefix,
            rows,
            key="jenis_jabatan",
            title=_("Jenis jabatan"),
            dimension="current_position__kind",
            columns=[*PositionKind.choices, not_recorded],
        ),
    ]
    raw = tabs[0].raw_totals
    pppk = [(g, raw[f"PPPK-{g}"]) for g in PPPK_GRADES if raw.get(f"PPPK-{g}")]
    return Rekap(rows=rows, tabs=tabs, pppk_grades=pppk)


# --- Career event lists (the rules live in employees.rules.career) ------------
# Each list is filtered, sorted and paged in the database (issue 11): its selector gives the rows
# in scope with their due date as an annotation, its SortSpec the orders a reader may choose (the
# selector's own order breaks ties, as the lists sorted in Python did), and a page loads only its
# rows (core.paging.KeyPagedRows).
def _golongan_order() -> NullIf:
    """Lowest golongan first (I/a ... IV/e); no PNS golongan: nothing (sorted last)."""
    return NullIf(golongan_seniority("current_rank__golongan"), Value(99))


GOLONGAN_ASCENDING = F("golongan_order").desc(nulls_last=True)
_GOLONGAN_ANNOTATION = {"golongan": {"golongan_order": _golongan_order}}

KGB_SORT = SortSpec(
    {
        "tmt_kgb": ("kgb_due_month", "kgb_due_day"),
        "nama": ("name",),
        "golongan": (GOLONGAN_ASCENDING,),
        "unit": ("unit__path",),
    },
    default="tmt_kgb",
    tiebreak=("kgb_due_month", "kgb_due_day", "name", "pk"),
    annotations=_GOLONGAN_ANNOTATION,
)
RETIREMENT_SORT = SortSpec(
    {
        "tmt": ("retirement_month",),
        "nama": ("name",),
        "jabatan": (F("position_label").asc(nulls_last=True),),
        "bup": ("bup",),
        "unit": ("unit__path",),
    },
    default="tmt",
    tiebreak=("retirement_month", "name", "pk"),
    annotations={"jabatan": {"position_label": lambda: NullIf("current_position__name", Value(""))}},
)
SATYALANCANA_SORT = SortSpec(
    {
        "tmt_cpns": ("tmt_cpns",),
        "nama": ("name",),
        "golongan": (GOLONGAN_ASCENDING,),
        "unit": ("unit__path",),
    },
    default="tmt_cpns",
    tiebreak=("tmt_cpns", "name", "pk"),
    annotations=_GOLONGAN_ANNOTATION,
)


def kgb_due(
    *, actor: Actor, instansi: Instansi, unit: UnitKerja | None, start: date, end: date
) -> QuerySet[Employee]:
    """The PNS in scope whose next KGB falls in [start, end], annotated with its date
    (career.kgb_date), unordered, with what a row shows."""
    employees = report_employees(actor=actor, report="kgb", instansi=instansi, unit=unit, unit_ids=True)
    return career.kgb_due_between(employees, start, end).with_unit().select_related("current_rank")


def retiring(
    *, actor: Actor, instansi: Instansi, unit: UnitKerja | None, start: date, end: date, kind: str = ""
) -> QuerySet[Employee]:
    """Everyone in scope retiring by BUP in [start, end], annotated with the TMT pensiun
    (career.retirement_day) and the BUP, unordered."""
    employees = report_employees(actor=actor, report="pensiun", instansi=instansi, unit=unit, unit_ids=True)
    if kind:
        employees = employees.filter(kind=kind)
    return career.retirement_due_between(employees, start, end).with_unit()


def retirements_per_year(found: QuerySet[Employee]) -> Counter[tuple[int, str]]:
    """(year of TMT pensiun, kind) -> how many, over the whole of `found`: one aggregate query."""
    # retirement_month: annotated by career.retirement_due_between (unknown to the type checker)
    per_month = found.order_by().values_list("retirement_month", "kind").annotate(n=Count("pk"))  # type: ignore[misc]
    counts: Counter[tuple[int, str]] = Counter()
    for month, kind, n in per_month:
        counts[(month // 12, kind)] += n
    return counts


def satyalancana(
    *, actor: Actor, instansi: Instansi, unit: UnitKerja | None, on: date, award: str = ""
) -> QuerySet[Employee]:
    """The PNS in scope who qualify for a Satyalancana by `on` (of the kind `award`, or any),
    annotated with it (`satyalancana_due`), unordered."""
    employees = report_employees(
        actor=actor, report="satyalancana", instansi=instansi, unit=unit, unit_ids=True
    )
    return career.satyalancana_due_by(employees, on, award).with_unit()


def promotion_calendars() -> list[PromotionCalendar]:
    return list(PromotionCalendar.objects.order_by("valid_from"))


def calendar_for(calendars: list[PromotionCalendar], day: date) -> PromotionCalendar | None:
    """The calendar version in force on `day`."""
    return next(
        (c for c in calendars if c.valid_from <= day and (c.valid_to is None or day <= c.valid_to)), None
    )


# The sortable columns of the promotion list (core.sorting); by default highest golongan first.
PROMOTION_SORT = SortSpec(
    {
        "golongan": ("duk_golongan", "current_rank__tmt", "name", "nip"),
        "nama": ("name", "nip"),
        "unit": ("unit__path", "name"),
    },
    default="golongan",
)


def promotion_eligible(
    *,
    actor: Actor,
    instansi: Instansi,
    unit: UnitKerja | None,
    period: date,
    sort: str = PROMOTION_SORT.default,
) -> QuerySet[Employee]:
    """PNS in scope who meet the time-in-rank condition by `period`, in the order `sort` asks for
    (PROMOTION_SORT; default highest golongan first)."""
    employees = report_employees(actor=actor, report="kenaikan_pangkat", instansi=instansi, unit=unit)
    return (
        career.promotion_candidates(employees.with_unit(), period)
        .annotate(duk_golongan=golongan_seniority("current_rank__golongan"))
        .annotate(**annual_performance_annotations(career.performance_years(period)))
        .order_by(*PROMOTION_SORT.parse(sort).ordering())
    )


# --- The home page (reports/panels.py) -----------------------------------------------------------------
def headcount(*, actor: Actor, instansi: Instansi) -> CrossTab:
    """Employees in service of the agency by top-level unit × golongan group (the rekap's first
    cross-tab, without the others): two queries whatever the number of units or employees."""
    employees = report_employees(actor=actor, report="rekap", instansi=instansi)
    prefix, rows = rekap_rows(instansi=instansi, unit=None)
    columns = [(g, _("Gol. %(g)s") % {"g": g}) for g in PNS_GROUPS]
    columns += [(PPPK_COLUMN, _("PPPK")), (NOT_RECORDED, _("Belum diisi"))]
    return _crosstab(
        employees,
        prefix,
        rows,
        key="golongan",
        title=_("Golongan"),
        dimension="current_rank__golongan",
        columns=columns,
        fold=golongan_group,
    )


def next_promotion_period(today: date) -> date | None:
    """The period the promotion report opens on (its first choice): the next one after `today`."""
    periods = career_rules.promotion_periods(today, 1, promotion_calendars())
    return periods[0] if periods else None


# --- Letters (reports/pdf.py, views/letters.py) ---------------------------------------------------------
# A KGB notice for one employee is asked for from a row of the KGB report, whatever window the report
# showed: the employee's next KGB within this many months (the cycle is 24 months).
KGB_LETTER_MONTHS = 24


def kgb_letter_employee(*, actor: Actor, pk: int, today: date) -> Employee:
    """The employee of a KGB notice, annotated with the next KGB (kgb_date()) and loaded with what the
    letter prints: out of the actor's KGB report (another agency, not a PNS in service, no KGB to
    count) → 404. Two queries."""
    found = (
        Employee.objects.filter(pk=pk, unit__instansi__in=access.report_instansi(actor, "kgb"))
        .values_list("unit__instansi_id", flat=True)
        .first()
    )
    if found is None:
        raise Http404
    instansi = Instansi(pk=found)
    employees = kgb_due(
        actor=actor,
        instansi=instansi,
        unit=None,
        start=today,
        end=career_rules.add_months(today, KGB_LETTER_MONTHS),
    )
    return get_or_404(employees, pk=pk)


@dataclass
class Signer:
    """Who signs a letter of the HR office: the head of the agency's personnel office (BKPSDM/BKD)."""

    office: str  # the office's name as the letterhead writes it
    title: str
    name: str = ""  # empty: a blank line to sign
    nip: str = ""
    rank: str = ""


def letter_signer(instansi: Instansi) -> Signer:
    """The head of the agency's personnel office, from the unit tree: the top-level unit whose name has
    "Kepegawaian" in it (Badan Kepegawaian dan Pengembangan SDM, Badan Kepegawaian Daerah) and its
    head, when there is exactly one such unit. Otherwise the office name the agency records and no name
    (docs/domain-notes.md). Two queries at most."""
    units = list(
        UnitKerja.objects.filter(
            instansi_id=instansi.pk, parent__isnull=True, is_active=True, name__icontains="kepegawaian"
        )[:2]
    )
    if len(units) != 1:
        return Signer(office=instansi.hr_office_name, title=f"Kepala {instansi.hr_office_name}")
    unit = units[0]
    signer = Signer(office=unit.name, title=unit.head_title or f"Kepala {unit.name}")
    head = (
        Employee.objects.filter(unit=unit, is_unit_head=True, is_active=True)
        .exclude(working_state__in=LEFT_SERVICE)
        .select_related("current_rank")
        .first()
    )
    if head is not None:
        signer.name, signer.nip = head.full_name, head.nip
        if head.current_rank is not None:
            signer.rank = f"{pangkat_name(head.golongan)} ({head.golongan})".strip()
    return signer


def letter_by_code(code: str) -> Letter | None:
    """The letter a verification code names (one query), or None."""
    return Letter.objects.filter(code=code).select_related("instansi").first()
