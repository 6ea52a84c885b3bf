"""Who appraises whom (the atasan langsung / pejabat penilai): the unit heads, the acting appraisers HR
names for a unit's staff, and the top of the agency (the Sekretaris Daerah above the heads of the OPD;
the kepala daerah, who has no employee record, above the Sekda). One rule, read for one employee
(atasan_langsung) or for many at once (atasan_map)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.models import ids_from_path

from ..choices import OfficialKind
from ..models import ActingAppraiser, Employee, InstansiOfficial

PEOPLE = ("unit", "current_rank", "current_position")


@dataclass
class _Superiors:
    heads: dict[int, Employee] = field(default_factory=dict)  # unit id -> its active head
    acting: dict[int, Employee] = field(default_factory=dict)  # unit id -> the acting appraiser
    sekda: dict[int, Employee] = field(default_factory=dict)  # instansi id -> the Sekda's record


def _ancestry(employee: Employee) -> list[int]:
    """The units whose head (or acting appraiser) the employee answers to, nearest last: their own
    unit and those above it; from the parent up when they head their unit."""
    ancestry = ids_from_path(employee.unit.path)
    return ancestry[:-1] if employee.is_unit_head else ancestry


def _load(unit_ids: Iterable[int], instansi_ids: Iterable[int]) -> _Superiors:
    """The heads and acting appraisers of `unit_ids` and the Sekda of `instansi_ids`: three queries."""
    unit_ids, instansi_ids = list(set(unit_ids)), list(set(instansi_ids))
    found = _Superiors()
    for head in Employee.objects.filter(
        unit_id__in=unit_ids, is_unit_head=True, is_active=True
    ).select_related(*PEOPLE):
        found.heads[head.unit_id] = head
    for acting in ActingAppraiser.objects.filter(
        unit_id__in=unit_ids, employee__is_active=True
    ).select_related(*(f"employee__{name}" for name in PEOPLE)):
        found.acting[acting.unit_id] = acting.employee
    for post in InstansiOfficial.objects.filter(
        instansi_id__in=instansi_ids, kind=OfficialKind.SEKDA, employee__is_active=True
    ).select_related(*(f"employee__{name}" for name in PEOPLE)):
        assert post.employee is not None  # filtered on employee__is_active
        found.sekda[post.instansi_id] = post.employee
    return found


def _resolve(employee: Employee, superiors: _Superiors) -> Employee | None:
    for unit_id in reversed(_ancestry(employee)):
        for candidate in (superiors.acting.get(unit_id), superiors.heads.get(unit_id)):
            if candidate is not None and candidate.pk != employee.pk:
                return candidate
    sekda = superiors.sekda.get(employee.unit.instansi_id)
    if sekda is not None and sekda.pk != employee.pk:
        return sekda
    return None


def atasan_langsung(employee: Employee) -> Employee | None:
    """The employee's atasan langsung, who approves and rates their SKP (three queries):

    - the acting appraiser HR named for their unit, else the head of their unit (of the parent unit
      when they are that head); where both are missing, the same for the next unit up (a vacant post
      is filled from the unit above, docs/domain-notes.md);
    - nobody in the tree (the head of an OPD, or a tree without heads): the Sekretaris Daerah;
    - the Sekda themself: None here; their pejabat penilai is the kepala daerah (kepala_daerah()),
      who has no employee record.
    """
    return _resolve(employee, _load(_ancestry(employee), [employee.unit.instansi_id]))


def atasan_map(employees: Sequence[Employee]) -> dict[int, Employee | None]:
    """atasan_langsung of many employees (with their unit loaded) in three queries: employee id -> atasan."""
    superiors = _load(
        (uid for e in employees for uid in _ancestry(e)), (e.unit.instansi_id for e in employees)
    )
    return {e.pk: _resolve(e, superiors) for e in employees}


def officials(instansi_id: int) -> dict[str, InstansiOfficial]:
    """The posts at the top of an agency by kind (OfficialKind): one query."""
    return {
        o.kind: o
        for o in InstansiOfficial.objects.filter(instansi_id=instansi_id).select_related(
            "employee__unit", "employee__current_position"
        )
    }


def kepala_daerah(instansi_id: int) -> InstansiOfficial | None:
    """The kepala daerah (PPK) of an agency, pejabat penilai of the Sekda, when HR has recorded them."""
    return officials(instansi_id).get(OfficialKind.KEPALA_DAERAH)


def official_above(employee: Employee) -> InstansiOfficial | None:
    """For someone with no atasan langsung in the app: the kepala daerah when they are the Sekda
    (two queries), else None."""
    return kepala_daerah(employee.unit.instansi_id) if is_sekda(employee) else None


def is_sekda(employee: Employee) -> bool:
    """The employee holds the Sekretaris Daerah post of their agency (one query)."""
    return InstansiOfficial.objects.filter(employee=employee, kind=OfficialKind.SEKDA).exists()
