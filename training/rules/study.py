"""Study assignments (tugas belajar, izin belajar): who may ask, when semester reports are due, and
the service obligation (ikatan dinas) afterwards. Pure functions, no ORM.

domain.md §8 names study assignments only as a non-classical development activity; the figures
below are configurable defaults chosen by the project (docs/domain-notes.md, all Unsure). An
instansi overrides them with the TRAINING_STUDY_RULES setting (see StudyRules.from_settings).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from ..choices import StudyKind, StudyLevel

# Predikat that count as "at least Baik" (performance.choices.Predikat values).
GOOD_PREDIKAT = frozenset({"sangat_baik", "baik"})
ACTIVE_STUDY_STATES = frozenset({"diajukan", "direkomendasikan", "berjalan"})


@dataclass(frozen=True)
class StudyRules:
    """The configurable figures (defaults: Unsure, chosen by the project)."""

    good_years: int = 2  # the last N finished years, each with a final annual predikat >= Baik
    min_service_years: int = 2  # since TMT CPNS
    # The oldest one may be on the day of the request, per level; a level not named has no limit.
    # Only tugas belajar is age-limited (izin belajar is study beside one's duties).
    max_age: Mapping[str, int] = field(
        default_factory=lambda: {
            StudyLevel.D3: 37,
            StudyLevel.D4: 37,
            StudyLevel.S1: 37,
            StudyLevel.PROFESI: 37,
            StudyLevel.SPESIALIS: 40,
            StudyLevel.S2: 40,
            StudyLevel.S3: 45,
        }
    )
    # Ikatan dinas after a tugas belajar: multiplier × study length + extra months.
    obligation_multiplier: int = 2
    obligation_extra_months: int = 12
    report_every_months: int = 6  # one progress report per semester
    report_grace_days: int = 30  # after the semester's end

    @classmethod
    def from_settings(cls, overrides: Mapping[str, Any] | None) -> StudyRules:
        return replace(cls(), **dict(overrides or {}))


@dataclass(frozen=True)
class StudyCandidate:
    """What eligibility reads about an employee (built by selectors.study.candidate)."""

    kind: str  # PNS / PPPK
    birth_date: date
    tmt_cpns: date | None
    working_state: str
    predikat_by_year: Mapping[int, str]  # final annual predikat per year
    has_active_study: bool


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str = ""


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_years(start: date, on: date) -> int:
    """Whole years from `start` to `on` (an age, a service length)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def eligibility(
    candidate: StudyCandidate, *, kind: str, level: str, today: date, rules: StudyRules
) -> list[Check]:
    """Every condition of a request, passed or not (shown before sending, enforced when sending)."""
    checks = [Check(_("Berstatus PNS"), candidate.kind == "PNS")]
    checks.append(Check(_("Keadaan kepegawaian aktif"), candidate.working_state == "aktif"))
    checks.append(
        Check(
            _("Tidak sedang mengajukan atau menjalani tugas/izin belajar lain"),
            not candidate.has_active_study,
        )
    )
    years = [today.year - n for n in range(rules.good_years, 0, -1)]
    missing = [str(year) for year in years if candidate.predikat_by_year.get(year) not in GOOD_PREDIKAT]
    checks.append(
        Check(
            _("Predikat kinerja paling rendah Baik dalam %(n)s tahun terakhir") % {"n": rules.good_years},
            not missing,
            _("Belum terpenuhi untuk tahun %(years)s") % {"years": ", ".join(missing)} if missing else "",
        )
    )
    service = full_years(candidate.tmt_cpns, today) if candidate.tmt_cpns else None
    checks.append(
        Check(
            _("Masa kerja paling singkat %(n)s tahun sejak TMT CPNS") % {"n": rules.min_service_years},
            service is not None and service >= rules.min_service_years,
            _("TMT CPNS belum tercatat") if service is None else _("Masa kerja %(n)s tahun") % {"n": service},
        )
    )
    limit = rules.max_age.get(level)
    if kind == StudyKind.TUGAS_BELAJAR and limit is not None:
        age = full_years(candidate.birth_date, today)
        checks.append(
            Check(
                _("Usia paling tinggi %(n)s tahun untuk jenjang ini") % {"n": limit},
                age <= limit,
                _("Usia %(n)s tahun") % {"n": age},
            )
        )
    return checks


def is_eligible(checks: list[Check]) -> bool:
    return all(check.ok for check in checks)


def obligation_end(*, start: date, graduation: date, rules: StudyRules) -> date:
    """The end of the ikatan dinas of a tugas belajar: from the graduation date, multiplier × the
    study's length (start to graduation, in whole months, at least one) + the extra months."""
    months = max(1, (graduation.year - start.year) * 12 + graduation.month - start.month)
    return add_months(graduation, rules.obligation_multiplier * months + rules.obligation_extra_months)


def next_report_due(*, start: date, reported: int, rules: StudyRules) -> date:
    """When the report of the next semester is due: the end of semester `reported + 1` plus grace."""
    end = add_months(start, rules.report_every_months * (reported + 1))
    return date.fromordinal(end.toordinal() + rules.report_grace_days)
