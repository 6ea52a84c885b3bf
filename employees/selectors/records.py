"""Reads of the personnel record: the employee list, the atasan langsung, the home page; always
scoped through employees.access first."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from core.access import Actor
from core.models import UnitKerja
from core.sorting import SortSpec, nulls_last

from .. import access
from ..choices import PNS_RANKS, PPPK_GRADES, EmployeeKind
from ..models import Employee
from ..querysets import EmployeeQuerySet
from .career import first_rank_subquery, retirement_ages, with_retirement_year
from .superiors import atasan_langsung, official_above

__all__ = ["atasan_langsung", "official_above"]

# The sortable columns of every employee list (?sort=key or ?sort=-key; core.sorting), then pk.
EMPLOYEE_SORT = SortSpec(
    {
        "nama": ("name", "nip"),
        "nip": ("nip",),
        "golongan": ("rank", "name"),
        "jabatan": (nulls_last("current_position__name"), "name"),
        "unit": ("unit__path", "name"),
    },
    default="nama",
    annotations={"golongan": {"rank": lambda: golongan_rank()}},
)


def employee_list(
    *,
    actor: Actor,
    search: str = "",
    unit: UnitKerja | None = None,
    kind: str = "",
    active: bool | None = True,
    sort: str = "nama",
    working_state: str = "",
    golongan: str = "",
    position_kind: str = "",
    education: str = "",
    gender: str = "",
    born_after: date | None = None,
    born_on_or_before: date | None = None,
    retirement_year: int | None = None,
    today: date | None = None,
) -> QuerySet[Employee]:
    """The employees the actor may list, filtered (employees.forms.records shapes the arguments)."""
    qs = access.employees_visible_to(actor).with_unit()
    if active is not None:
        qs = qs.filter(is_active=active)
    if unit is not None:
        qs = qs.in_subtree(unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    exact = {
        "working_state": working_state,
        "current_rank__golongan": golongan,
        "current_position__kind": position_kind,
        "education": education,
        "gender": gender,
    }
    qs = qs.filter(**{field: value for field, value in exact.items() if value})
    if born_after is not None:
        qs = qs.filter(birth_date__gt=born_after)
    if born_on_or_before is not None:
        qs = qs.filter(birth_date__lte=born_on_or_before)
    if retirement_year is not None:
        # The year of TMT pensiun by the BUP of the current position, with the BUP table in force today.
        on = today or timezone.localdate()
        # First a birth-date window the database applies before computing each BUP: someone whose
        # TMT pensiun falls in year Y was born between December of Y - (highest BUP) - 1 and
        # November of Y - (lowest BUP). Like retiring_between (selectors.career), this takes a position's own
        # BUP to lie between the lowest BUP of the table and 70 (a professor's). Two small queries
        # of the BUP table (here and in with_retirement_year).
        ages = [row.age for row in retirement_ages(on)] or [58]
        qs = qs.filter(
            birth_date__gte=date(retirement_year - max([*ages, 70]) - 1, 12, 1),
            birth_date__lte=date(retirement_year - min([*ages, 58]), 11, 30),  # 58: no position
        )
        annotated = cast(EmployeeQuerySet, with_retirement_year(qs, on))  # annotate keeps the class
        qs = annotated.filter(Q(retirement_year=retirement_year))
    # pk last (EMPLOYEE_SORT's tie-breaker): a total order, so that pages neither repeat nor skip anyone.
    ordered = sorted_by(qs.search(search), sort)
    if search and not search.replace(" ", "").replace(".", "").isdigit():
        ordered = _not_by_the_name_index(ordered)
    return ordered


def _not_by_the_name_index(queryset: QuerySet[Employee]) -> QuerySet[Employee]:
    """A name search sorted by name: the same order, written so that PostgreSQL cannot walk the
    name's B-tree to it. Walking it, the planner hopes to meet 50 matches early and reads half the
    table row by row; sorting the few hundred matches that the trigram index finds takes a few ms
    (docs/benchmarks.md, "Name search")."""
    fields: list[Any] = []
    for field in queryset.query.order_by:
        if field in ("name", "-name"):
            expression = Concat(F("name"), Value(""), output_field=CharField())
            fields.append(expression.desc() if field.startswith("-") else expression.asc())
        else:
            fields.append(field)
    return queryset.order_by(*fields)


def sorted_by(queryset: QuerySet[Employee], sort: str, *then: str) -> QuerySet[Employee]:
    """Employees in the order a list offers (EMPLOYEE_SORT; an unknown `sort` is by name), then pk."""
    return EMPLOYEE_SORT.parse(sort).apply(queryset)


def golongan_rank() -> Case:
    """I/a=1 … IV/e=17 and PPPK I=1 … XVII=17 as a number, so that sorting is by rank."""
    field = "current_rank__golongan"
    whens = [When(**{field: code}, then=Value(i)) for i, (code, _name) in enumerate(PNS_RANKS, start=1)]
    whens += [When(**{field: f"PPPK-{g}"}, then=Value(i)) for i, g in enumerate(PPPK_GRADES, start=1)]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def employee_counts(queryset: QuerySet[Employee]) -> dict[str, int]:
    """Totals by kind for a scoped queryset: one aggregate query."""
    return queryset.aggregate(
        total=Count("pk"),
        pns=Count("pk", filter=Q(kind=EmployeeKind.PNS)),
        pppk=Count("pk", filter=Q(kind=EmployeeKind.PPPK)),
    )


def dashboard(*, actor: Actor) -> dict[str, Any]:
    """What the personnel record shows each of the actor's roles on the home page."""
    data: dict[str, Any] = {}
    instansi = access.dashboard_agencies(actor)
    if instansi is not None:
        data["agencies"] = list(
            instansi.annotate(
                employee_total=Count("units__employees", filter=Q(units__employees__is_active=True)),
            ).order_by("name")
        )
        data["unit_total"] = UnitKerja.objects.filter(instansi__in=instansi).count()
        scope = Employee.objects.filter(unit__instansi__in=instansi, is_active=True)
        data["hr_counts"] = employee_counts(scope)
        data["recent_changes"] = list(
            Employee.history.filter(unit__instansi__in=instansi)
            .select_related("history_user")
            .order_by("-history_date")[:8]
        )
    head_unit = access.dashboard_head_unit(actor)
    if head_unit is not None:
        unit_id, path = head_unit
        assert actor.employee_id is not None  # a head is an employee (core.access.build_actor)
        subtree = Employee.objects.active().in_subtree(path).exclude(pk=actor.employee_id)
        data["head_unit"] = UnitKerja.objects.get(pk=unit_id)
        data["head_counts"] = employee_counts(subtree)
        data["subordinates"] = list(
            subtree.select_related("unit", "current_position").order_by("unit__path", "name")[:10]
        )
    if access.has_own_record(actor):
        assert actor.employee_id is not None  # has_own_record
        # first_golongan: the KGB rule of the employee's next KGB (career.next_kgb), in the same query.
        me = (
            Employee.objects.with_unit()
            .annotate(first_golongan=first_rank_subquery())
            .get(pk=actor.employee_id)
        )
        data["me"] = me
        data["atasan"] = atasan_langsung(me)
        data["atasan_official"] = official_above(me) if data["atasan"] is None else None
    return data


def record_version(employee: Employee) -> int:
    """The version of an employee's record: its latest history row (every save writes one). One query."""
    latest = employee.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return int(latest or 0)
