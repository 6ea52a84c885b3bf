"""Excel (.xlsx) downloads of the results: the raw responses of a period (streamed, or built by a
job when large: surveys.exports) and the official report of a period (PermenPANRB 14/2017: NRR per
unsur, NRR tertimbang, IKM, konversi, mutu, respondents, priorities, per service, the respondent
profile). Every cell goes through core.excel, which keeps typed text from running as a formula."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.excel import Sheet, report_heading, workbook_bytes

from . import rules
from .choices import FollowUpState, Sex
from .models import ExtraQuestion, SurveyPeriod
from .selectors import results as selectors

CHUNK = 2000


def _number(value: Fraction | None, places: int = 2) -> Decimal | None:
    """An exact value rounded half-up for display (rules.display), as a number Excel can sum."""
    return rules.display(value, places) if value is not None else None


def period_label(period: SurveyPeriod) -> str:
    return f"{date_format(period.start, 'j F Y')} – {date_format(period.end, 'j F Y')}"


# --- The raw responses ------------------------------------------------------------------------------------
def extra_questions_of(period: SurveyPeriod) -> list[ExtraQuestion]:
    return selectors.extra_questions(period)


def response_headers(questions: Sequence[ExtraQuestion]) -> list[str]:
    return [
        pgettext("nomor urut", "No"), _("Waktu"), _("Jenis layanan"), _("Usia"), _("Jenis kelamin"), _("Pendidikan"),
        _("Pekerjaan"), *rules.UNSUR_CODES, *(q.text for q in questions), _("Saran dan masukan"),
        _("Kode tiket"), _("Status tindak lanjut"),
    ]  # fmt: skip


def response_widths(questions: Sequence[ExtraQuestion]) -> tuple[int, ...]:
    return (7, 17, 30, 6, 12, 14, 20, *(5,) * 9, *(20,) * len(questions), 60, 12, 16)


def response_rows(period: SurveyPeriod, questions: Sequence[ExtraQuestion]) -> Iterator[list[Any]]:
    """One row per response, read in chunks (two queries per chunk: the rows, their extra answers)."""
    sexes = dict(Sex.choices)
    states = dict(FollowUpState.choices)
    zone = selectors.agency_zone(period)  # the same local times on the page, in a job, anywhere
    number = 0
    for chunk in selectors.chunks(selectors.export_responses(period), CHUNK):
        answers = selectors.extra_answers([r.pk for r in chunk]) if questions else {}
        for r in chunk:
            number += 1
            follow_up = getattr(r, "follow_up", None)
            extras = []
            for q in questions:
                answer = answers.get((r.pk, q.pk))
                extras.append(
                    "" if answer is None else (answer.value if answer.value is not None else answer.text)
                )
            yield [
                number,
                r.submitted_at.astimezone(zone).replace(tzinfo=None),
                r.service.name if r.service is not None else "",
                r.age,
                str(sexes.get(r.sex, r.sex)),
                r.education_label,
                r.occupation_label,
                r.u1, r.u2, r.u3, r.u4, r.u5, r.u6, r.u7, r.u8, r.u9,
                *extras,
                r.suggestion,
                follow_up.ticket if follow_up is not None else "",
                str(states.get(follow_up.state, follow_up.state)) if follow_up is not None else "",
            ]  # fmt: skip


# --- The official report ----------------------------------------------------------------------------------
def report_workbook(report: selectors.PeriodReport, profile: selectors.Profile) -> bytes:
    """The report of a period in four sheets: the IKM per unsur with its totals, per service, the
    respondent profile and the improvement priorities."""
    ikm = report.ikm
    heading = [
        *report_heading(
            instansi_name=report.instansi_name,
            title=_("Laporan Survei Kepuasan Masyarakat"),
            scope=f"{report.service_unit.name} · {report.unit_name}",
            on=timezone.localdate(),
        ),
        _("Periode survei: %(period)s") % {"period": period_label(report.period)},
    ]
    unsur_rows = [
        [n, row.code, row.label, row.total, _number(row.nrr), _number(row.weighted, 4)]
        for n, row in enumerate(report.unsur, start=1)
    ]
    footer: list[list[Any]] = [
        ["", "", _("Jumlah NRR tertimbang (IKM)"), "", "", _number(ikm.ikm, 4) if ikm else None],
        ["", "", _("Nilai IKM (konversi × 25)"), "", "", _number(ikm.konversi) if ikm else None],
        ["", "", _("Mutu pelayanan"), "", "", f"{ikm.mutu} ({report.mutu_label})" if ikm else ""],
        ["", "", _("Jumlah responden"), "", "", report.respondents],
        ["", "", _("Sampel minimum (Krejcie–Morgan)"), "", "", report.minimum],
        ["", "", _("Bobot unsur"), "", "", str(report.period.get_weighting_display())],
    ]
    unsur_sheet = Sheet(
        _("IKM per unsur"),
        [
            pgettext("nomor urut", "No"),
            _("Kode"),
            _("Unsur pelayanan"),
            _("Jumlah nilai"),
            _("NRR"),
            _("NRR tertimbang"),
        ],
        unsur_rows,
        widths=(5, 7, 44, 13, 10, 15),
        footer=footer,
    )
    service_sheet = Sheet(
        _("Per jenis layanan"),
        [_("Jenis layanan"), _("Responden"), _("IKM"), _("Nilai IKM (konversi)"), _("Mutu")],
        [
            [
                s.name,
                s.result.respondents,
                _number(s.ikm.ikm, 4) if s.ikm else None,
                _number(s.ikm.konversi) if s.ikm else None,
                s.ikm.mutu if s.ikm else "",
            ]
            for s in report.services
        ],
        widths=(40, 11, 10, 18, 8),
    )
    profile_rows: list[list[Any]] = []
    for title, counts in (
        (_("Usia"), profile.age),
        (_("Jenis kelamin"), profile.sex),
        (_("Pendidikan"), profile.education),
        (_("Pekerjaan"), profile.occupation),
    ):
        for label, count in counts:
            profile_rows.append([str(title), label, count, _share(count, profile.total)])
    profile_sheet = Sheet(
        _("Profil responden"),
        [_("Karakteristik"), _("Kategori"), _("Jumlah"), _("Persentase")],
        profile_rows,
        widths=(16, 30, 10, 12),
    )
    priority_sheet = Sheet(
        _("Prioritas perbaikan"),
        [_("Urutan"), _("Kode"), _("Unsur pelayanan"), _("NRR")],
        [[n, row.code, row.label, _number(row.nrr)] for n, row in enumerate(report.priorities, start=1)],
        widths=(8, 7, 44, 10),
    )
    return workbook_bytes(heading=heading, sheets=[unsur_sheet, service_sheet, profile_sheet, priority_sheet])


def _share(count: int, total: int) -> Decimal | None:
    return _number(Fraction(count * 100, total)) if total else None
