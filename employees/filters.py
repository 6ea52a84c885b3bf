"""The filters of the employee list, shared by the list page and its exports.

The form only shapes the input (GET parameters); `selector_kwargs()` hands it to
selectors.employee_list, which scopes through core.access first. An invalid value of one filter
is ignored (and shown as an error) while the valid ones still apply, so that the list and its
export always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import Actor
from core.models import UnitKerja

from . import access
from .choices import GOLONGAN_CHOICES, Education, EmployeeKind, Gender, PositionKind, WorkingState

ANY = [("", _("Semua"))]
STATUS_CHOICES = [("aktif", _("Aktif")), ("nonaktif", _("Nonaktif")), ("semua", _("Semua"))]
STATUS_ACTIVE = {"aktif": True, "nonaktif": False, "semua": None}
SORT_CHOICES = [
    ("nama", _("Nama A–Z")),
    ("-nama", _("Nama Z–A")),
    ("nip", "NIP"),
    ("-golongan", _("Golongan tertinggi")),
    ("golongan", _("Golongan terendah")),
    ("unit", _("Unit kerja")),
]


@dataclass(frozen=True)
class AgeBand:
    """Ages from `low` (inclusive) to `high` (exclusive), in whole years; None: unbounded."""

    code: str
    label: str
    low: int | None
    high: int | None


# A reporting convention of ours (domain.md is silent on age bands): data, not logic.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("lt30", _("di bawah 30 tahun"), None, 30),
    AgeBand("30-39", _("30–39 tahun"), 30, 40),
    AgeBand("40-49", _("40–49 tahun"), 40, 50),
    AgeBand("50-54", _("50–54 tahun"), 50, 55),
    AgeBand("55plus", _("55 tahun ke atas"), 55, None),
)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to the 28th.

    Someone born on the returned day turns `years` old on `day` (a 29 February birthday is
    reached on 1 March in a common year, as employees.rules counts ages).
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_range(today: date, band: AgeBand) -> tuple[date | None, date | None]:
    """(born after, born on or before): the birth dates of everyone whose age on `today` is in the band.

    age >= n exactly when birth_date <= years_before(today, n); so the band [low, high) is
    years_before(today, high) < birth_date <= years_before(today, low).
    """
    born_after = years_before(today, band.high) if band.high is not None else None
    born_on_or_before = years_before(today, band.low) if band.low is not None else None
    return born_after, born_on_or_before


def _select(size: str = " form-select-sm") -> forms.Select:
    return forms.Select(attrs={"class": "form-select" + size})


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Cari nama atau NIP")}
        ),
    )
    # Choices are only the widget's: any unit the actor may see is accepted (see resolve_unit).
    unit = forms.IntegerField(label=_("Unit kerja"), required=False, min_value=1, widget=_select())
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES, widget=_select(""))
    state = forms.ChoiceField(
        label=_("Keadaan"), required=False, choices=ANY + WorkingState.choices, widget=_select()
    )
    kind = forms.ChoiceField(
        label=_("Jenis ASN"), required=False, choices=ANY + EmployeeKind.choices, widget=_select()
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"), required=False, choices=ANY + GOLONGAN_CHOICES, widget=_select()
    )
    position_kind = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=ANY + PositionKind.choices, widget=_select()
    )
    education = forms.ChoiceField(
        label=_("Pendidikan"), required=False, choices=ANY + Education.choices, widget=_select()
    )
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=ANY + Gender.choices, widget=_select()
    )
    age = forms.ChoiceField(
        label=_("Usia"),
        required=False,
        choices=ANY + [(band.code, band.label) for band in AGE_BANDS],
        widget=_select(),
    )
    retirement_year = forms.IntegerField(
        label=_("Tahun pensiun"),
        required=False,
        min_value=1950,
        max_value=2150,
        widget=forms.NumberInput(
            attrs={
                "class": "form-control form-control-sm",
                "inputmode": "numeric",
                "title": _("Tahun TMT pensiun menurut BUP jabatan saat ini"),
            }
        ),
    )
    sort = forms.ChoiceField(label=_("Urutkan"), required=False, choices=SORT_CHOICES, widget=_select(""))

    # The filters that narrow the list beyond search, scope and the default "active" status.
    EXTRA = ("state", "kind", "golongan", "position_kind", "education", "gender", "age", "retirement_year")

    def __init__(self, data: Any, *, actor: Actor, today: date, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.actor = actor
        self.today = today
        self.units = list(
            access.units_for_employee_filter(actor)
            .select_related("instansi")
            .only("pk", "name", "depth", "path", "instansi__code")
        )
        several_agencies = len({u.instansi_id for u in self.units}) > 1
        self.fields["unit"].widget.choices = [("", _("Semua unit"))] + [
            (u.pk, f"{'— ' * u.depth}{u.name}" + (f" ({u.instansi.code})" if several_agencies else ""))
            for u in self.units
        ]
        self.unit: UnitKerja | None = None

    def _valid(self, name: str) -> Any:
        """A field's cleaned value; None when it is missing or invalid (an invalid filter is ignored)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def resolve_unit(self) -> UnitKerja | None:
        """The unit filter through core.access: a unit the actor may not see is a 404.

        Not limited to the offered choices: a head may follow a link to a unit of their agency
        outside their subtree (an empty list), while another agency's unit is a 404.
        """
        pk = self._valid("unit")
        if pk is None:
            return None
        known = {u.pk: u for u in self.units}
        self.unit = known.get(pk) or access.get_unit(self.actor, pk)
        return self.unit

    def selector_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of selectors.employee_list for the valid filters."""
        kwargs: dict[str, Any] = {
            "search": self._valid("q") or "",
            "unit": self.resolve_unit(),
            "active": STATUS_ACTIVE.get(self._valid("status") or "aktif", True),
            "sort": self._valid("sort") or "nama",
        }
        for name, key in (
            ("state", "working_state"),
            ("kind", "kind"),
            ("golongan", "golongan"),
            ("position_kind", "position_kind"),
            ("education", "education"),
            ("gender", "gender"),
        ):
            kwargs[key] = self._valid(name) or ""
        kwargs["retirement_year"] = self._valid("retirement_year")
        kwargs["today"] = self.today
        band = {b.code: b for b in AGE_BANDS}.get(self._valid("age") or "")
        if band is not None:
            kwargs["born_after"], kwargs["born_on_or_before"] = birth_date_range(self.today, band)
        return kwargs

    @property
    def has_extra_filters(self) -> bool:
        return any(self._valid(name) for name in self.EXTRA)
