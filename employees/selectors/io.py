"""Reads for the exports of the employee list (the columns and the rows, fetched in chunks) and for
the import templates (the unit codes an import may use).

Rows come from `.values_list(...).iterator(chunk_size=2000)` of the same scoped, filtered queryset
the list page shows (records.employee_list), so nothing holds the whole list in memory; the views
write them as CSV or XLSX while they are sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.access import Actor

from .. import access
from ..choices import EmploymentStatus, PositionKind, WorkingState

CHUNK_SIZE = 2000

# values_list fields, in this order; `export_rows` turns them into the exported columns.
EXPORT_FIELDS = (
    "nip",
    "front_title",
    "name",
    "back_title",
    "gender",
    "birth_place",
    "birth_date",
    "employment_status",
    "current_rank__golongan",
    "current_rank__tmt",
    "current_position__name",
    "current_position__kind",
    "unit__name",
    "education",
    "working_state",
    "is_active",
)


def export_headers() -> list[str]:
    return [
        _("NIP/NI PPPK"),
        _("Nama dengan gelar"),
        _("Jenis kelamin"),
        _("Tempat lahir"),
        _("Tanggal lahir"),
        _("Status kepegawaian"),
        _("Golongan"),
        _("TMT golongan"),
        _("Jabatan"),
        _("Jenis jabatan"),
        _("Unit kerja"),
        _("Pendidikan"),
        _("Keadaan kepegawaian"),
        _("Aktif"),
    ]


def full_name(front: str, name: str, back: str) -> str:
    """Employee.full_name from the raw columns: `dr. Siti Aminah, M.Kes.`"""
    text = f"{front} {name}".strip()
    return f"{text}, {back}" if back else text


def export_rows(queryset: QuerySet) -> Iterator[list[Any]]:
    """The exported columns of each employee of `queryset`, fetched in chunks."""
    # Labels are looked up now, while the request's language is active, not while streaming.
    status = {value: str(label) for value, label in EmploymentStatus.choices}
    kinds = {value: str(label) for value, label in PositionKind.choices}
    states = {value: str(label) for value, label in WorkingState.choices}
    yes, no = _("Ya"), _("Tidak")
    rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for (
        nip, front, name, back, gender, birth_place, birth_date, employment_status, golongan,
        tmt_golongan, position, position_kind, unit, education, working_state, is_active,
    ) in rows:  # fmt: skip
        yield [
            nip,
            full_name(front, name, back),
            gender,
            birth_place,
            birth_date,
            status.get(employment_status, employment_status),
            golongan or "",
            tmt_golongan,
            position or "",
            kinds.get(position_kind, position_kind or ""),
            unit,
            education,
            states.get(working_state, working_state),
            yes if is_active else no,
        ]


def import_unit_codes(actor: Actor) -> list[tuple[str, str, str, str]]:
    """(code, name, parent's code, agency) of every unit an import by the actor may place someone
    in (the active units of their agencies), by agency and in tree order: one query."""
    units = access.units_for_employee_form(actor).order_by("instansi__name", "path")
    return [
        (code, name, parent_code or "", agency)
        for code, name, parent_code, agency in units.values_list(
            "code", "name", "parent__code", "instansi__name"
        )
    ]
