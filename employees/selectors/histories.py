"""The histories (riwayat) of an employee: one registry that drives forms, tables and services, and
the tables of the detail pages.

Each kind names its model, the fields HR edits, the columns shown, whether it is sensitive
(UU 27/2022: shown only on the logged personal-data page) and which document kind its scan is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import DocumentKind
from ..models import (
    AwardHistory,
    DisciplineHistory,
    EducationHistory,
    Employee,
    FamilyMember,
    PositionHistory,
    RankHistory,
    TrainingHistory,
)

DECREE_FIELDS = ["sk_number", "sk_date", "sk_signer"]


@dataclass(frozen=True)
class HistoryKind:
    slug: str
    model: Any  # a DecreeRecord subclass with an `employee` foreign key
    label: str | Promise
    fields: list[str]
    columns: list[str]  # model fields shown in the table (display values)
    document_kind: str
    sensitive: bool = False
    moves_current: bool = False  # the latest row is the employee's current rank/position
    decree_required: bool = False

    @property
    def related_name(self) -> str:
        return self.model._meta.get_field("employee").remote_field.related_name


KINDS: dict[str, HistoryKind] = {
    k.slug: k
    for k in [
        HistoryKind(
            "pangkat",
            RankHistory,
            gettext_lazy("Pangkat/golongan"),
            ["golongan", "tmt", "mk_years", "mk_months", *DECREE_FIELDS],
            ["golongan", "tmt", "mk_years", "mk_months"],
            DocumentKind.SK_PANGKAT,
            moves_current=True,
            decree_required=True,
        ),
        HistoryKind(
            "jabatan",
            PositionHistory,
            gettext_lazy("Jabatan"),
            ["name", "kind", "level", "eselon", "tmt", "unit_name", "retirement_age", *DECREE_FIELDS],
            ["name", "kind", "level", "tmt", "unit_name"],
            DocumentKind.SK_JABATAN,
            moves_current=True,
            decree_required=True,
        ),
        HistoryKind(
            "pendidikan",
            EducationHistory,
            gettext_lazy("Pendidikan"),
            ["level", "institution", "major", "graduation_date", *DECREE_FIELDS],
            ["level", "institution", "major", "graduation_date"],
            DocumentKind.IJAZAH,
        ),
        HistoryKind(
            "diklat",
            TrainingHistory,
            gettext_lazy("Diklat"),
            ["name", "category", "organiser", "start_date", "end_date", "hours", *DECREE_FIELDS],
            ["name", "category", "organiser", "start_date", "hours"],
            DocumentKind.SERTIFIKAT,
        ),
        HistoryKind(
            "penghargaan",
            AwardHistory,
            gettext_lazy("Penghargaan"),
            ["kind", "name", "year", *DECREE_FIELDS],
            ["kind", "name", "year"],
            DocumentKind.LAINNYA,
        ),
        HistoryKind(
            "disiplin",
            DisciplineHistory,
            gettext_lazy("Hukuman disiplin"),
            ["type", "start_date", "end_date", "reason", *DECREE_FIELDS],
            ["type", "level", "start_date", "end_date", "reason"],
            DocumentKind.LAINNYA,
            sensitive=True,
            decree_required=True,
        ),
        HistoryKind(
            "keluarga",
            FamilyMember,
            gettext_lazy("Keluarga"),
            [
                "relation",
                "name",
                "birth_date",
                "nik",
                "occupation",
                "event_date",
                "receives_allowance",
                *DECREE_FIELDS,
            ],
            ["relation", "name", "birth_date", "occupation", "receives_allowance"],
            DocumentKind.KK,
            sensitive=True,
        ),
    ]
}
PUBLIC_KINDS = [k for k in KINDS.values() if not k.sensitive]
SENSITIVE_KINDS = [k for k in KINDS.values() if k.sensitive]


def get_kind(slug: str) -> HistoryKind:
    """The kind named in a URL, or 404."""
    try:
        return KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def tables(employee: Employee, kinds: list[HistoryKind]) -> list[dict[str, Any]]:
    """Rows of each kind for the detail pages: one query per kind, scans joined."""
    result = []
    for kind in kinds:
        rows = list(getattr(employee, kind.related_name).select_related("scan"))
        result.append(
            {
                "kind": kind,
                "headers": [kind.model._meta.get_field(c).verbose_name for c in kind.columns],
                "rows": [(row, [_display(row, c) for c in kind.columns]) for row in rows],
            }
        )
    return result


def _display(row: models.Model, name: str) -> Any:
    field = row._meta.get_field(name)
    if getattr(field, "choices", None):
        return getattr(row, f"get_{name}_display")()
    value = getattr(row, name)
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return value
