"""Reads of the training budget of an agency and year (issue 14 item 9): per budget line (mata
anggaran) the allocation, the programmes' planned cost, what is committed and what is spent; per
programme the same three figures. Every figure is summed in SQL, grouped, so the page costs the same
few queries however many programmes there are.

Committed = the confirmed or completed places × the programme's cost per participant (a cost
"per peserta", Programme.cost); planned = quota × cost; a cancelled programme plans nothing.
A programme belongs to the year it starts in and to the line its `budget_line` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.access import Actor
from core.models import Instansi
from core.sorting import SortSpec

from .. import access
from ..choices import ProgrammeState
from ..models import BudgetLine, Enrolment, Programme, Spending
from ..rules import SEAT_STATES
from ..rules.needs import over_allocation
from .catalogue import count_of

BUDGET_SORT = SortSpec(
    {
        "mulai": ("start_date",),
        "judul": ("title",),
        "mata": ("budget_line", "start_date"),
        "belanja": ("spent_total", "start_date"),
    },
    default="mata",
)


def _year_programmes(instansi: Instansi, year: int) -> QuerySet[Programme]:
    return Programme.objects.filter(instansi=instansi, start_date__year=year)


def _spent_of_programme() -> Coalesce:
    spent = (
        Spending.objects.filter(programme_id=OuterRef("pk"))
        .order_by()
        .values("programme_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(spent, output_field=BigIntegerField()), Value(0))


def budget_programmes(
    *, actor: Actor, instansi: Instansi, year: int, search: str = "", line: str | None = None,
    sort: str = BUDGET_SORT.default,
) -> QuerySet[Programme]:  # fmt: skip
    """The programmes of the agency-year (HR), with seats taken and spent annotated (one query)."""
    access.require(access.can_manage_budget(actor, instansi.pk))
    qs = _year_programmes(instansi, year)
    if line is not None:
        qs = qs.filter(budget_line=line)
    for word in search.split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(budget_line__icontains=word))
    return qs.annotate(seats=count_of(Enrolment.objects.filter(state__in=sorted(SEAT_STATES)), "programme"),
                       spent_total=_spent_of_programme()).order_by(*BUDGET_SORT.parse(sort).ordering(), "pk")  # fmt: skip


@dataclass
class Line:
    """One budget line of the year: its allocation (None: not recorded) and the programmes' sums."""

    code: str
    name: str = ""
    allocated: int | None = None
    planned: int = 0
    committed: int = 0
    spent: int = 0
    programmes: int = 0
    pk: int | None = None
    over: int = field(init=False, default=0)

    def finish(self) -> Line:
        self.over = over_allocation(self.allocated, self.committed, self.spent)
        return self

    @property
    def remaining(self) -> int:
        return (self.allocated or 0) - max(self.committed, self.spent)


def budget_lines(*, actor: Actor, instansi: Instansi, year: int) -> tuple[list[Line], Line]:
    """Every budget line of the year (those with an allocation and those only named by programmes)
    with its sums, and the totals: four grouped queries."""
    access.require(access.can_manage_budget(actor, instansi.pk))
    lines: dict[str, Line] = {
        b.code: Line(code=b.code, name=b.name, allocated=b.allocated, pk=b.pk)
        for b in BudgetLine.objects.filter(instansi=instansi, year=year).order_by("code")
    }
    programmes = _year_programmes(instansi, year)
    planned = (
        programmes.exclude(state=ProgrammeState.CANCELLED)
        .order_by()
        .values("budget_line")
        .annotate(planned=Sum(F("quota") * F("cost"), output_field=BigIntegerField()))
    )
    counts = programmes.order_by().values("budget_line").annotate(n=Count("pk"))
    committed = (
        Enrolment.objects.filter(programme__in=programmes, state__in=sorted(SEAT_STATES))
        .order_by()
        .values("programme__budget_line")
        .annotate(total=Sum("programme__cost"))
    )
    spent = (
        Spending.objects.filter(programme__in=programmes)
        .order_by()
        .values("programme__budget_line")
        .annotate(total=Sum("amount"))
    )

    def line(code: str) -> Line:
        return lines.setdefault(code, Line(code=code))

    for row in counts:
        line(row["budget_line"]).programmes = row["n"]
    for row in planned:
        line(row["budget_line"]).planned = row["planned"] or 0
    for row in committed:
        line(row["programme__budget_line"]).committed = row["total"] or 0
    for row in spent:
        line(row["programme__budget_line"]).spent = row["total"] or 0
    ordered = sorted((ln.finish() for ln in lines.values()), key=lambda ln: (ln.code == "", ln.code))
    total = Line(
        code="",
        allocated=sum(ln.allocated or 0 for ln in ordered),
        planned=sum(ln.planned for ln in ordered),
        committed=sum(ln.committed for ln in ordered),
        spent=sum(ln.spent for ln in ordered),
        programmes=sum(ln.programmes for ln in ordered),
    ).finish()
    return ordered, total


def budget_years(instansi: Instansi, today_year: int) -> list[int]:
    years = set(BudgetLine.objects.filter(instansi=instansi).values_list("year", flat=True))
    years |= {d.year for d in Programme.objects.filter(instansi=instansi).dates("start_date", "year")}
    years.add(today_year)
    return sorted(years, reverse=True)


def spendings_of(programme: Programme) -> QuerySet[Spending]:
    return programme.spendings.select_related("recorded_by").order_by("-date", "-pk")
