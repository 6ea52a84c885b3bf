"""Pure rules of external learning (issue 14 item 4): what may be recorded, and the states of a record.

An employee records learning taken outside the catalogue; it waits for HR of their agency, who
verifies it (then, and only then, it is written to the riwayat diklat and its JP count) or rejects it
with a reason. While it waits the employee may change or withdraw it; a decision is final.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from ..choices import ExternalState

JP_MAX = 1000
# A record of the past: learning that ended more than this many years ago is not recorded here (the
# riwayat diklat of older years is HR's entry in the employees app).
YEARS_BACK = 5

EDITABLE = frozenset({ExternalState.PENDING})
DECIDED = frozenset({ExternalState.VERIFIED, ExternalState.REJECTED})


def is_editable(state: str) -> bool:
    """The employee changes or withdraws a record only while it waits for HR."""
    return state in EDITABLE


def is_decidable(state: str) -> bool:
    """HR verifies or rejects a record once, while it waits."""
    return state == ExternalState.PENDING


def record_problems(*, start: date, end: date, jp: int, today: date) -> dict[str, str]:
    """What is wrong with the dates and JP of a record (field → Indonesian message); empty when fine."""
    problems: dict[str, str] = {}
    if end < start:
        problems["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    elif end > today:
        problems["end_date"] = _(
            "Catat kegiatan yang sudah selesai; tanggal selesai tidak boleh di masa depan."
        )
    elif end.year < today.year - YEARS_BACK:
        problems["end_date"] = _(
            "Kegiatan ini terlalu lama; riwayat diklat tahun-tahun lampau dicatat oleh petugas kepegawaian."
        )
    if not 1 <= jp <= JP_MAX:
        problems["jp"] = _("Jumlah JP harus antara 1 dan %(max)s.") % {"max": JP_MAX}
    return problems


def reject_problem(reason: str) -> str:
    """A rejection names its reason (the employee reads it)."""
    if not reason.strip():
        return _("Tuliskan alasan penolakan.")
    return ""
