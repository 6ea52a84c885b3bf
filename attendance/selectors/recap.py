"""The monthly recap of attendance (issue 16 item 5): per employee, one aggregate query over the
month's daily statuses of an agency (or of one unit and the units below it) — working days, days
worked, count and minutes per TL and PSW band, tanpa keterangan, cuti, sakit, dinas luar, pelatihan,
WFA/fleksibel (also counted as days worked) —
and the TPP cut per the band table in force on each day (attendance.rules). Also the per-unit and
whole-scope totals, the leave check against the leave app, and the punctuality per unit and month.

The daily statuses are built by the nightly job; the recap reads only them (and the band tables).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter, mul
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from core.models import PATH_SEGMENT_WIDTH, PATH_SEPARATOR, UnitKerja
from core.sorting import SortSpec
from employees.models import Employee
from leave import selectors as leave_selectors
from leave.choices import LeaveKind

from .. import rules
from ..choices import BandKind, DayStatus
from ..models import Band, BandTable, DailyStatus

# Days worked: a WFA/fleksibel day is one (worked under a flexible-work arrangement, with presensi).
WORKED = (DayStatus.HADIR, DayStatus.TERLAMBAT, DayStatus.PULANG_CEPAT, DayStatus.WFA)
# A day worked that started on time: not terlambat, nor a WFA/fleksibel day with minutes late or
# without a check-in (its status names the arrangement, its minutes the lateness).
ON_TIME = ~Q(status=DayStatus.TERLAMBAT) & ~(
    Q(status=DayStatus.WFA) & (Q(minutes_late__gt=0) | Q(check_in__isnull=True))
)
# The columns of the recap's statuses: annotation name -> the statuses it counts.
STATUS_COLUMNS: dict[str, tuple[str, ...]] = {
    "worked": WORKED,
    "hadir": (DayStatus.HADIR,),
    "terlambat": (DayStatus.TERLAMBAT,),
    "pulang_cepat": (DayStatus.PULANG_CEPAT,),
    "tk": (DayStatus.TANPA_KETERANGAN,),
    "cuti": (DayStatus.CUTI,),
    "sakit": (DayStatus.SAKIT,),
    "dinas_luar": (DayStatus.DINAS_LUAR,),
    "pelatihan": (DayStatus.PELATIHAN,),
    "wfa": (DayStatus.WFA,),
}
# An agency without a band table in the month still shows the usual four bands of each kind.
DEFAULT_CODES = (
    tuple(b.code for b in rules.EXAMPLE_BANDS if b.kind == BandKind.TL),
    tuple(b.code for b in rules.EXAMPLE_BANDS if b.kind == BandKind.PSW),
)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def table_versions(instansi_id: int, start: date, end: date) -> list[rules.TableVersion]:
    """The agency's band tables valid at some day between `start` and `end`, with their bands (two
    queries)."""
    tables = (
        BandTable.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start), instansi_id=instansi_id)
        .filter(valid_from__lte=end)
        .prefetch_related(Prefetch("bands", queryset=Band.objects.order_by("kind", "min_minutes")))
    )
    return [
        rules.TableVersion(
            key=t.pk,
            valid_from=t.valid_from,
            valid_to=t.valid_to,
            bands=tuple(
                rules.BandSpec(b.kind, b.code, b.min_minutes, b.max_minutes, b.cut_percent)
                for b in t.bands.all()
            ),
            absence_cut_percent=t.absence_cut_percent,
            attendance_share_percent=t.attendance_share_percent,
        )
        for t in tables
    ]


@dataclass(frozen=True)
class Columns:
    """What the month's recap counts: its days, the band codes of its columns (per kind, in the order
    of the tables' minutes) and the runs of days under each table (for the cut)."""

    start: date
    end: date
    spans: tuple[rules.TableSpan, ...]
    tl_codes: tuple[str, ...]
    psw_codes: tuple[str, ...]

    @property
    def attendance_share(self) -> Decimal:
        """The attendance share of the TPP: that of the table in force on the month's last day
        covered by one (docs/domain-notes.md), else the default."""
        tables = [s.table for s in self.spans if s.table is not None]
        return tables[-1].attendance_share_percent if tables else rules.DEFAULT_ATTENDANCE_SHARE

    @property
    def band_codes(self) -> tuple[str, ...]:
        return self.tl_codes + self.psw_codes


def recap_columns(instansi_id: int, start: date, end: date) -> Columns:
    tables = table_versions(instansi_id, start, end)
    spans = tuple(rules.table_spans(tables, start, end))
    codes: dict[str, list[tuple[int, str]]] = {BandKind.TL: [], BandKind.PSW: []}
    for span in spans:
        for band in span.table.bands if span.table else ():
            if all(code != band.code for _m, code in codes[band.kind]):
                codes[band.kind].append((band.min_minutes, band.code))
    tl = tuple(code for _m, code in sorted(codes[BandKind.TL])) or DEFAULT_CODES[0]
    psw = tuple(code for _m, code in sorted(codes[BandKind.PSW])) or DEFAULT_CODES[1]
    return Columns(start=start, end=end, spans=spans, tl_codes=tl, psw_codes=psw)


def single_table(columns: Columns) -> bool:
    """Whether one band table is in force on every day of the month (the usual month): then the
    counts per band of its only run are the TL/PSW columns and its unexcused days the TK column, and
    the recap counts them once."""
    return len(columns.spans) == 1 and columns.spans[0].table is not None


def _aggregates(columns: Columns, *, every_span: bool = False) -> dict[str, Any]:
    """The conditional counts and sums of one recap row (names are indexes, never the codes typed).
    The counts per run of days under each table (`s{run}b{band}`, `s{run}tk`, for the cut) are left
    out when one table covers the month (single_table), unless `every_span`: they would repeat the
    TL/PSW and TK columns."""
    aggregates: dict[str, Any] = {
        "working_days": Count("id", filter=~Q(status=DayStatus.LIBUR)),
        **{name: Count("id", filter=Q(status__in=statuses)) for name, statuses in STATUS_COLUMNS.items()},
    }
    for i, code in enumerate(columns.tl_codes):
        aggregates[f"tl{i}"] = Count("id", filter=Q(tl_band=code))
        aggregates[f"tl{i}_min"] = Sum("minutes_late", filter=Q(tl_band=code))
    for i, code in enumerate(columns.psw_codes):
        aggregates[f"psw{i}"] = Count("id", filter=Q(psw_band=code))
        aggregates[f"psw{i}_min"] = Sum("minutes_early", filter=Q(psw_band=code))
    if single_table(columns) and not every_span:
        return aggregates
    for s, span in enumerate(columns.spans):
        if span.table is None:
            continue  # no table, no cut: nothing to count
        in_span = Q(date__gte=span.start, date__lte=span.end)
        for b, band in enumerate(span.table.bands):
            column = "tl_band" if band.kind == BandKind.TL else "psw_band"
            aggregates[f"s{s}b{b}"] = Count("id", filter=in_span & Q(**{column: band.code}))
        aggregates[f"s{s}tk"] = Count("id", filter=in_span & Q(status=DayStatus.TANPA_KETERANGAN))
    return aggregates


# The fields of the employee each row carries (shown and exported).
EMPLOYEE_FIELDS = (
    "employee_id",
    "employee__nip",
    "employee__name",
    "employee__front_title",
    "employee__back_title",
    "employee__unit_id",
    "employee__unit__name",
    "employee__current_rank__golongan",
    "employee__current_position__name",
)
# The same, read from the employee: (the row's key, the Employee field, the alias inside the query).
_DISPLAY = (
    ("employee_id", "pk", "r_id"),
    ("employee__nip", "nip", "r_nip"),
    ("employee__name", "name", "r_name"),
    ("employee__front_title", "front_title", "r_front"),
    ("employee__back_title", "back_title", "r_back"),
    ("employee__unit_id", "unit_id", "r_unit"),
    ("employee__unit__name", "unit__name", "r_unit_name"),
    ("employee__current_rank__golongan", "current_rank__golongan", "r_golongan"),
    ("employee__current_position__name", "current_position__name", "r_jabatan"),
    ("", "unit__path", "r_unit_path"),  # sorting only
)

RECAP_SORT = SortSpec(
    {
        "nama": ("employee__name",),
        "nip": ("employee__nip",),
        "unit": ("employee__unit__path", "employee__name"),
        "hadir": ("worked", "employee__name"),
        "terlambat": ("terlambat", "employee__name"),
        "tk": ("tk", "employee__name"),
    },
    default="nama",
    tiebreak=("employee_id",),
)
# Each ordering term of RECAP_SORT: (the Employee field when the employee alone sorts by it, the
# column of the recap query's outer SELECT).
_ORDER_TERMS: dict[str, tuple[str | None, str]] = {
    "employee__name": ("name", "e.r_name"),
    "employee__nip": ("nip", "e.r_nip"),
    "employee__unit__path": ("unit__path", "e.r_unit_path"),
    "employee_id": ("pk", "e.r_id"),
    **{name: (None, f"a.{name}") for name in ("worked", "terlambat", "tk")},
}
_EMPLOYEES_CTE = "recap_employees"
NO_LIMIT = 2**63 - 1  # LIMIT of a slice without an end (PostgreSQL and SQLite both need a number)


def _scope(instansi_id: int, start: date, end: date, unit: UnitKerja | None, q: str) -> QuerySet[DailyStatus]:
    rows = DailyStatus.objects.filter(
        date__gte=start, date__lte=end, employee__unit__instansi_id=instansi_id
    ).order_by()
    if unit is not None:
        rows = rows.filter(employee__unit__path__startswith=unit.path)
    if q.strip():
        rows = rows.filter(employee__in=Employee.objects.search(q).values("pk"))
    return rows


def recap_employees(
    *,
    instansi_id: int,
    start: date,
    end: date,
    unit: UnitKerja | None = None,
    q: str = "",
    active: bool = True,
) -> QuerySet[Employee]:
    """The employees of the recap's scope (the agency, or a unit subtree, and the search); with
    `active`, only those with a daily status in the month (an EXISTS probe per employee into the
    (employee, date) index): the recap's rows, counted without aggregating anything."""
    employees = Employee.objects.filter(unit__instansi_id=instansi_id).order_by()
    if unit is not None:
        employees = employees.filter(unit__path__startswith=unit.path)
    if q.strip():
        employees = employees.filter(pk__in=Employee.objects.search(q).values("pk"))
    if active:
        employees = employees.filter(
            Exists(DailyStatus.objects.filter(employee_id=OuterRef("pk"), date__gte=start, date__lte=end))
        )
    return employees


def _sql(queryset: QuerySet) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    return sql, tuple(params)


class RecapRows:
    """The month's recap of an agency (or a unit subtree, a search), one dict per employee with a
    daily status in the month, in the order asked for — what a Paginator and the export need
    (count, slices, iteration, iterator). Each read is ONE query:

        WITH recap_employees AS (the employees in scope [, sorted and sliced])
        SELECT the employee's display columns, the aggregates
        FROM recap_employees e
        JOIN (SELECT employee_id, counts … FROM attendance_dailystatus
              WHERE date BETWEEN the month AND employee_id IN (SELECT r_id FROM recap_employees)
              GROUP BY employee_id) a ON a.employee_id = e.r_id
        ORDER BY …

    The daily rows are aggregated by the employee's id alone (no text column is grouped or sorted
    with 660,000 rows); the employees are joined to the 30,000 results for display only. Sorted by
    name, NIP or unit, a page is the page's employees first (sorted and sliced on the employee
    table) and only their days are aggregated; sorted by a recap column, the whole scope is
    aggregated and the 30,000 results sorted. count() counts the employees in scope with a daily
    status in the month (recap_employees), never the aggregate.

    On PostgreSQL the month is aggregated per employee in a LATERAL subquery instead (lateral()):

        SELECT the display columns, the aggregates
        FROM (the employees in scope, sorted [and sliced]) e
        CROSS JOIN LATERAL (SELECT employee_id, counts … FROM attendance_dailystatus
                            WHERE employee_id = e.r_id AND date BETWEEN the month
                            GROUP BY employee_id) a
        ORDER BY …

    Each employee's 22 days come from one probe of `daily_status_unique (employee_id, date)` and are
    aggregated as they come (one group: no hash table of 30,000 groups, nothing spilled to disk), and
    sorted by name, NIP or unit the employees are sorted before the join (narrow rows) and the
    nested loop keeps their order (no sort of the 30,000 aggregated rows). An employee without a
    day in the month gives no group, hence no row, as the inner join above. With `reference`, the
    first form and every run's counts (`_aggregates(every_span=True)`): the computation the faster
    one is tested against."""

    ordered = True  # what Paginator checks

    def __init__(
        self,
        *,
        instansi_id: int,
        columns: Columns,
        unit: UnitKerja | None = None,
        q: str = "",
        sort: str = "",
        reference: bool = False,
    ):
        self.instansi_id, self.columns, self.unit, self.q = instansi_id, columns, unit, q
        self.reference = reference
        self.sorting = RECAP_SORT.parse(sort)
        terms = [
            (t[1:], True) if t.startswith("-") else (t, False) for t in map(str, self.sorting.ordering())
        ]
        self.terms = terms
        self.by_employee = all(_ORDER_TERMS[name][0] is not None for name, _desc in terms)
        self._count: int | None = None

    def employees(self, active: bool = True) -> QuerySet[Employee]:
        return recap_employees(
            instansi_id=self.instansi_id,
            start=self.columns.start,
            end=self.columns.end,
            unit=self.unit,
            q=self.q,
            active=active,
        )

    def lateral(self) -> bool:
        """Whether the month is aggregated per employee in a LATERAL subquery (PostgreSQL; SQLite has
        no LATERAL)."""
        return connection.vendor == "postgresql" and not self.reference

    def count(self) -> int:
        if self._count is None:
            self._count = self.employees().count()
        return self._count

    def sql(self, start: int | None = None, stop: int | None = None) -> tuple[str, tuple[Any, ...]]:
        """The query of the rows [start:stop] (all without bounds)."""
        qn = connection.ops.quote_name
        sliced = start is not None or stop is not None
        page_employees = sliced and self.by_employee
        lateral = self.lateral()
        employees = self.employees(active=page_employees).values(
            **{alias: F(field) for _key, field, alias in _DISPLAY}
        )
        by = [f"-{_ORDER_TERMS[n][0]}" if desc else str(_ORDER_TERMS[n][0]) for n, desc in self.terms]
        if page_employees:
            employees = employees.order_by(*by)[start:stop]
        elif lateral and self.by_employee:
            employees = employees.order_by(*by)  # the nested loop keeps this order
        employees_sql, employees_params = _sql(employees)
        aggregates = _aggregates(self.columns, every_span=self.reference)
        of_employee = RawSQL("e.r_id", ()) if lateral else RawSQL(f"SELECT r_id FROM {_EMPLOYEES_CTE}", ())
        month = (
            DailyStatus.objects.filter(date__gte=self.columns.start, date__lte=self.columns.end)
            .filter(**{"employee_id" if lateral else "employee_id__in": of_employee})
            .order_by()
            .values("employee_id")
            .annotate(**aggregates)
        )
        month_sql, month_params = _sql(month)
        shown = ", ".join(f"e.{alias} AS {qn(key)}" for key, _f, alias in _DISPLAY if key)
        counted = ", ".join(f"a.{qn(name)}" for name in aggregates)
        order = ", ".join(f"{_ORDER_TERMS[n][1]}{' DESC' if desc else ''}" for n, desc in self.terms)
        if lateral:
            sql = (
                f"SELECT {shown}, {counted} FROM ({employees_sql}) e "
                f"CROSS JOIN LATERAL ({month_sql}) a ORDER BY {order}"
            )
        else:
            sql = (
                f"WITH {_EMPLOYEES_CTE} AS ({employees_sql}) "
                f"SELECT {shown}, {counted} FROM {_EMPLOYEES_CTE} e "
                f"INNER JOIN ({month_sql}) a ON a.{qn('employee_id')} = e.r_id ORDER BY {order}"
            )
        params = employees_params + month_params
        if sliced and not page_employees:
            sql += " LIMIT %s OFFSET %s"
            params += (stop - (start or 0) if stop is not None else NO_LIMIT, start or 0)
        return sql, params

    def _fetch(self, start: int | None = None, stop: int | None = None) -> list[dict[str, Any]]:
        sql, params = self.sql(start, stop)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [c[0] for c in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("RecapRows takes slices without a step")
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= start:
            return []
        return self._fetch(start, stop)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._fetch())

    def shaped(self, chunk_size: int = 2000) -> Iterator[RecapRow]:
        """Every row shaped with its cut (what the export writes), streamed as iterator() is,
        shaped from the cursor's tuples (no dict per row)."""
        sql, params = self.sql()
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            chunk = cursor.fetchmany(chunk_size)
            shaper = Shaper(self.columns, [c[0] for c in cursor.description or ()])
            while chunk:
                yield from map(shaper, chunk)
                chunk = cursor.fetchmany(chunk_size)

    def iterator(self, chunk_size: int = 2000) -> Iterator[dict[str, Any]]:
        """Every row, streamed from a server-side cursor on PostgreSQL (as QuerySet.iterator)."""
        sql, params = self.sql()
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            chunk = cursor.fetchmany(chunk_size)
            # A server-side cursor describes its columns once it has fetched.
            names = [c[0] for c in cursor.description or ()]
            while chunk:
                yield from (dict(zip(names, row, strict=True)) for row in chunk)
                chunk = cursor.fetchmany(chunk_size)


def recap_rows(
    *, instansi_id: int, columns: Columns, unit: UnitKerja | None = None, q: str = "", sort: str = ""
) -> RecapRows:
    """The month's recap of an agency (or a unit subtree), one dict per employee with a daily
    status in the month (RecapRows: one query per read)."""
    return RecapRows(instansi_id=instansi_id, columns=columns, unit=unit, q=q, sort=sort)


@dataclass
class RecapRow:
    """One employee's month, as the page and the export show it."""

    employee_id: int
    nip: str
    name: str
    unit_id: int
    unit_name: str
    golongan: str
    jabatan: str
    working_days: int
    worked: int
    hadir: int
    terlambat: int
    pulang_cepat: int
    tk: int
    cuti: int
    sakit: int
    dinas_luar: int
    pelatihan: int
    wfa: int  # of the days worked, those under a flexible-work arrangement
    tl: list[tuple[int, int]]  # per TL code of the columns: (days, minutes)
    psw: list[tuple[int, int]]
    cut_percent: Decimal  # of the attendance part, capped at 100
    tpp_cut_percent: Decimal  # of the whole TPP
    leave_mismatch: bool = False


def _full_name(front: str, name: str, back: str) -> str:
    full = f"{front} {name}".strip()
    return f"{full}, {back}" if back else full


def shape_reference(raw: Mapping[str, Any], columns: Columns) -> RecapRow:
    """A row read with every run's counts (RecapRows(reference=True)) with its cut, through
    rules.month_cut_percent over the table runs, row by row: the specification Shaper is tested
    against (tests/attendance/test_recap_fast.py)."""
    spans = [
        rules.SpanCounts(
            table=span.table,
            band_days={band.code: raw[f"s{s}b{b}"] for b, band in enumerate(span.table.bands)},
            absent_days=raw[f"s{s}tk"],
        )
        for s, span in enumerate(columns.spans)
        if span.table is not None
    ]
    cut = rules.month_cut_percent(spans)
    return RecapRow(
        employee_id=raw["employee_id"],
        nip=raw["employee__nip"],
        name=_full_name(raw["employee__front_title"], raw["employee__name"], raw["employee__back_title"]),
        unit_id=raw["employee__unit_id"],
        unit_name=raw["employee__unit__name"],
        golongan=raw["employee__current_rank__golongan"] or "",
        jabatan=raw["employee__current_position__name"] or "",
        working_days=raw["working_days"],
        **{name: raw[name] for name in STATUS_COLUMNS},
        tl=[(raw[f"tl{i}"], raw[f"tl{i}_min"] or 0) for i in range(len(columns.tl_codes))],
        psw=[(raw[f"psw{i}"], raw[f"psw{i}_min"] or 0) for i in range(len(columns.psw_codes))],
        cut_percent=cut,
        tpp_cut_percent=rules.tpp_cut_percent(cut, columns.attendance_share),
    )


class Shaper:
    """Shapes many rows of one month as shape_reference does, with the work per row cut down: the
    band tables are resolved once (the cut is a sum of the row's counts times each count's cut, as
    integers: the cuts are scaled to whole hundredths, or whatever exponent they have), the cut
    and its share of the TPP are computed once per distinct sum (most employees share one), and the
    columns are looked up by a key fixed once — a dict's names, or a tuple's positions (`names`, the
    cursor's columns: no dict per row).

    When one table covers the month (single_table) the cut reads the TL/PSW and TK columns (the
    query leaves out the run's counts, which would repeat them); otherwise the run counts
    `s{run}b{band}` and `s{run}tk`."""

    def __init__(self, columns: Columns, names: Sequence[str] | None = None):
        position = {name: i for i, name in enumerate(names)} if names is not None else None

        def key(name: str) -> Any:
            return position[name] if position is not None else name

        self.share = columns.attendance_share
        terms = [(name, cut) for name, cut in _cut_terms(columns) if cut]
        # The cuts as whole numbers of 10^-exponent (hundredths for the stored tables): exact.
        self.exponent = max([-min(0, int(cut.as_tuple().exponent)) for _name, cut in terms] or [0])
        self.weights = tuple(int(cut.scaleb(self.exponent)) for _name, cut in terms)
        self.counts = _getter([key(name) for name, _cut in terms])
        self.cuts: dict[int, tuple[Decimal, Decimal]] = {}
        self.fields = _getter(
            [
                key(name)
                for name in (
                    "employee_id", "employee__nip", "employee__front_title", "employee__name",
                    "employee__back_title", "employee__unit_id", "employee__unit__name",
                    "employee__current_rank__golongan", "employee__current_position__name",
                    "working_days", *STATUS_COLUMNS,
                )
            ]
        )  # fmt: skip
        tl, psw = range(len(columns.tl_codes)), range(len(columns.psw_codes))
        self.tl = (_getter([key(f"tl{i}") for i in tl]), _getter([key(f"tl{i}_min") for i in tl]))
        self.psw = (_getter([key(f"psw{i}") for i in psw]), _getter([key(f"psw{i}_min") for i in psw]))

    def cut(self, total: int) -> tuple[Decimal, Decimal]:
        """The month's cut (capped at 100, to the hundredth) and its share of the TPP of a sum of
        weights (rules.month_cut_percent and rules.tpp_cut_percent)."""
        found = self.cuts.get(total)
        if found is None:
            cut = min(Decimal(total).scaleb(-self.exponent), rules.HUNDRED).quantize(rules.CENT)
            found = self.cuts[total] = (cut, rules.tpp_cut_percent(cut, self.share))
        return found

    def __call__(self, raw: Any) -> RecapRow:
        cut, tpp_cut = self.cut(sum(map(mul, self.counts(raw), self.weights)))
        (
            employee_id, nip, front, name, back, unit_id, unit_name, golongan, jabatan, working_days,
            worked, hadir, terlambat, pulang_cepat, tk, cuti, sakit, dinas_luar, pelatihan, wfa,
        ) = self.fields(raw)  # fmt: skip
        return RecapRow(
            employee_id=employee_id,
            nip=nip,
            name=_full_name(front, name, back),
            unit_id=unit_id,
            unit_name=unit_name,
            golongan=golongan or "",
            jabatan=jabatan or "",
            working_days=working_days,
            worked=worked,
            hadir=hadir,
            terlambat=terlambat,
            pulang_cepat=pulang_cepat,
            tk=tk,
            cuti=cuti,
            sakit=sakit,
            dinas_luar=dinas_luar,
            pelatihan=pelatihan,
            wfa=wfa,
            tl=[(days, minutes or 0) for days, minutes in zip(self.tl[0](raw), self.tl[1](raw), strict=True)],
            psw=[
                (days, minutes or 0) for days, minutes in zip(self.psw[0](raw), self.psw[1](raw), strict=True)
            ],
            cut_percent=cut,
            tpp_cut_percent=tpp_cut,
        )


def _getter(keys: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of `keys` in a row, as a tuple (itemgetter's, also for one key or none)."""
    if len(keys) > 1:
        return itemgetter(*keys)
    if keys:
        only = keys[0]
        return lambda raw: (raw[only],)
    return lambda raw: ()


def _cut_terms(columns: Columns) -> list[tuple[str, Decimal]]:
    """(the count's name, its cut per day) of every count the month's cut sums."""
    if single_table(columns):
        table = columns.spans[0].table
        assert table is not None
        index: dict[str, dict[str, str]] = {
            BandKind.TL: {code: f"tl{i}" for i, code in enumerate(columns.tl_codes)},
            BandKind.PSW: {code: f"psw{i}" for i, code in enumerate(columns.psw_codes)},
        }
        return [(index[b.kind][b.code], b.cut_percent) for b in table.bands] + [
            ("tk", table.absence_cut_percent)
        ]
    terms = []
    for s, span in enumerate(columns.spans):
        if span.table is not None:
            terms += [(f"s{s}b{b}", band.cut_percent) for b, band in enumerate(span.table.bands)]
            terms.append((f"s{s}tk", span.table.absence_cut_percent))
    return terms


def shape(raw: Mapping[str, Any], columns: Columns) -> RecapRow:
    """A row of recap_rows with its cut (as shape_reference)."""
    return Shaper(columns)(raw)


def shaped(rows: Iterable[Mapping[str, Any]], columns: Columns) -> Iterator[RecapRow]:
    """Rows of recap_rows with their cuts (one Shaper for them all)."""
    shaper = Shaper(columns)
    return (shaper(raw) for raw in rows)


# --- Totals ------------------------------------------------------------------------------------------
SPAN_ALIAS = re.compile(r"s\d+(b\d+|tk)$")


def _total_aggregates(columns: Columns) -> dict[str, Any]:
    aggregates = _aggregates(columns)
    return {k: v for k, v in aggregates.items() if not SPAN_ALIAS.match(k)} | {
        "employees": Count("employee_id", distinct=True)
    }


def scope_totals(
    *, instansi_id: int, columns: Columns, unit: UnitKerja | None = None, q: str = ""
) -> dict[str, Any]:
    """The sums of the whole filtered scope (one query)."""
    totals = _scope(instansi_id, columns.start, columns.end, unit, q).aggregate(**_total_aggregates(columns))
    return _with_bands(totals, columns)


def _with_bands(raw: dict[str, Any], columns: Columns) -> dict[str, Any]:
    raw = dict(raw)
    raw["tl"] = [(raw[f"tl{i}"], raw[f"tl{i}_min"] or 0) for i in range(len(columns.tl_codes))]
    raw["psw"] = [(raw[f"psw{i}"], raw[f"psw{i}_min"] or 0) for i in range(len(columns.psw_codes))]
    return raw


def unit_totals(
    *, instansi_id: int, columns: Columns, unit: UnitKerja | None = None, q: str = ""
) -> list[dict]:
    """Per unit (each employee's own unit), the sums of its employees' months (one query): the
    month's rows grouped by the unit's id alone, the units' names and paths joined to the groups."""
    qn = connection.ops.quote_name
    aggregates = _total_aggregates(columns)
    grouped = (
        _scope(instansi_id, columns.start, columns.end, unit, q)
        .values(unit_ref=F("employee__unit_id"))
        .annotate(**aggregates)
    )
    grouped_sql, params = _sql(grouped)
    counted = ", ".join(f"t.{qn(name)}" for name in aggregates)
    sql = (
        f"SELECT u.id AS {qn('employee__unit_id')}, u.name AS {qn('employee__unit__name')}, "
        f"u.path AS {qn('employee__unit__path')}, {counted} FROM ({grouped_sql}) t "
        f"INNER JOIN {qn(UnitKerja._meta.db_table)} u ON u.id = t.unit_ref ORDER BY u.path"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [_with_bands(dict(zip(names, row, strict=True)), columns) for row in cursor.fetchall()]


def totals_of(units: Iterable[Mapping[str, Any]], columns: Columns) -> dict[str, Any]:
    """The scope's totals as the sums of unit_totals (every employee counts in one unit): what
    scope_totals reads, without reading the month's rows again."""
    names = _total_aggregates(columns)
    # Counts start at 0; sums of minutes stay None when no unit has one (as an aggregate's Sum).
    totals: dict[str, Any] = {name: None if name.endswith("_min") else 0 for name in names}
    for u in units:
        for name in names:
            if u[name] is not None:
                totals[name] = (totals[name] or 0) + u[name]
    return _with_bands(totals, columns)


# --- The leave columns against the leave app -----------------------------------------------------------
def leave_mismatches(instansi_id: int, rows: Sequence[RecapRow], start: date, end: date) -> set[int]:
    """The employees among `rows` whose cuti and sakit days differ from the leave app's approved leave
    in working days (leave.selectors.leave_working_days): a leave decided after the nightly job built
    the days, or a day the job has not built yet (two queries). Their rows are flagged."""
    counted = leave_selectors.leave_working_days(instansi_id, [r.employee_id for r in rows], start, end)
    mismatched = set()
    for row in rows:
        kinds = counted.get(row.employee_id, {})
        sakit = kinds.get(LeaveKind.SAKIT, 0)
        cuti = sum(days for kind, days in kinds.items() if kind != LeaveKind.SAKIT)
        if (row.cuti, row.sakit) != (cuti, sakit):
            mismatched.add(row.employee_id)
            row.leave_mismatch = True
    return mismatched


# --- Punctuality per unit and month ----------------------------------------------------------------------
def months_back(year: int, month: int, count: int) -> list[tuple[int, int]]:
    """The `count` months up to and including (year, month), oldest first."""
    index = year * 12 + month - 1
    return [divmod(i, 12) for i in range(index - count + 1, index + 1)]


@dataclass
class UnitTrend:
    unit_id: int
    name: str
    points: list[tuple[date, Decimal | None, int]] = field(default_factory=list)  # month, % on time, days


# Closed months of the chart are kept in the cache (Django's cache: Redis in production). A month is
# closed once the month after it has ended too (a month of grace for late corrections and the nightly
# job's re-runs); its counts are then read once a day at most. A daily status of a closed month
# rebuilt later (a correction decided very late) shows in the chart within PUNCTUALITY_CACHE_SECONDS:
# nothing invalidates the entry (docs/domain-notes.md). The current and the previous month are always
# counted from the daily rows.
PUNCTUALITY_CACHE_SECONDS = 24 * 60 * 60
PUNCTUALITY_CACHE_VERSION = 2  # raise when the cached shape or the counting changes


def _punctuality_key(instansi_id: int, unit: UnitKerja | None, month_start: date) -> str:
    scope = unit.path if unit is not None else "-"
    return f"attendance:punctuality:v{PUNCTUALITY_CACHE_VERSION}:{instansi_id}:{scope}:{month_start:%Y-%m}"


def month_is_closed(month_start: date, today: date) -> bool:
    """Whether a month's days are settled: the month after it has ended as well."""
    return month_start.year * 12 + month_start.month + 1 < today.year * 12 + today.month


def punctuality(
    *,
    instansi_id: int,
    year: int,
    month: int,
    unit: UnitKerja | None = None,
    months: int = 6,
    today: date | None = None,
) -> list[UnitTrend]:
    """Per unit one level below the scope (the agency's top units, or the chosen unit's children and
    itself), per month of the last `months`: the share of days worked that started on time (not
    terlambat). The closed months come from the cache; the others are counted in one aggregate query
    grouped by the unit path's prefix and the month over the range of the months not cached (the
    current month on most views); and one query for the units' names."""
    today = today or timezone.localdate()
    month_starts = [date(y, m + 1, 1) for y, m in months_back(year, month, months)]
    depth = unit.depth + 1 if unit is not None else 0
    prefix = (PATH_SEGMENT_WIDTH + len(PATH_SEPARATOR)) * (depth + 1)
    keys = {m: _punctuality_key(instansi_id, unit, m) for m in month_starts if month_is_closed(m, today)}
    cached = cache.get_many(list(keys.values())) if keys else {}
    per_month: dict[date, dict[str, tuple[int, int]]] = {
        m: cached[key] for m, key in keys.items() if key in cached
    }
    missing = [m for m in month_starts if m not in per_month]
    if missing:
        counted: dict[date, dict[str, tuple[int, int]]] = {m: {} for m in missing}
        rows = (
            _scope(instansi_id, missing[0], month_bounds(missing[-1].year, missing[-1].month)[1], unit, "")
            .filter(status__in=WORKED)
            .annotate(top=Substr("employee__unit__path", 1, prefix), month=TruncMonth("date"))
            .values("top", "month")
            .annotate(worked=Count("id"), on_time=Count("id", filter=ON_TIME))
            .order_by("top", "month")
        )
        for r in rows:
            when = (r["month"].date() if hasattr(r["month"], "date") else r["month"]).replace(day=1)
            if when in counted:
                counted[when][r["top"]] = (r["on_time"], r["worked"])
        per_month.update(counted)
        closed = {keys[m]: counted[m] for m in missing if m in keys}
        if closed:
            cache.set_many(closed, PUNCTUALITY_CACHE_SECONDS)
    found: dict[str, dict[date, tuple[int, int]]] = {}
    for when, tops in per_month.items():
        for top, counts in tops.items():
            found.setdefault(top, {})[when] = counts
    # A unit's own employees (above its children) land on its own path: shown as the unit itself.
    names = dict(
        UnitKerja.objects.filter(
            path__in=[p for p in found if len(p) == prefix] + ([unit.path] if unit else [])
        ).values_list("path", "name")
    )
    trends = []
    for path, counts_of in sorted(found.items(), key=lambda item: names.get(item[0], item[0])):
        unit_id = int(path.rstrip(PATH_SEPARATOR).rsplit(PATH_SEPARATOR, 1)[-1])
        trend = UnitTrend(unit_id=unit_id, name=names.get(path, ""))
        for start_of in month_starts:
            on_time, worked = counts_of.get(start_of, (0, 0))
            trend.points.append((start_of, rules.on_time_percent(on_time, worked), worked))
        trends.append(trend)
    return trends
