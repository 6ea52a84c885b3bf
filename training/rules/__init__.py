"""Pure rules of competency development (domain.md §8). No ORM here.

- `is_classical`: classical (in a class) or non-classical forms of learning.
- `golongan_order`, `golongan_in_range`: the PNS golongan/ruang ladder of a programme's eligibility.
- `TRANSITIONS`, `next_state`: the enrolment state machine; `confirm_outcome`: a place or the waitlist.
- `has_started`, `has_ended`, `is_full`: a started programme takes nobody new; an ended one closes
  its undecided enrolments (PENDING_STATES); a full one offers the waitlist.
- `cancel_deadline`, `may_cancel`: the last day a participant may withdraw.
- `history_category`: the riwayat diklat category a completed programme is recorded under.
- `new_certificate_code`, `normalise_code`: the verification code printed on a certificate.

The 20 JP duty's rules are the submodule training.rules.compliance.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from employees.choices import PNS_RANKS, TrainingCategory

from ..choices import EnrolmentAction, EnrolmentState, ProgrammeForm, ProgrammeKind

# --- Forms of learning ---------------------------------------------------------------------------------
CLASSICAL_FORMS = frozenset(
    {ProgrammeForm.PELATIHAN, ProgrammeForm.WORKSHOP, ProgrammeForm.SEMINAR, ProgrammeForm.KURSUS}
)


def is_classical(form: str) -> bool:
    """Training, workshop, seminar and course are classical; e-learning, coaching, mentoring and
    internship are not (domain.md §8). The JP conversion of non-classical kinds is configuration of
    the JP compliance work, not a rule here."""
    return form in CLASSICAL_FORMS


# --- Eligibility by golongan -------------------------------------------------------------------------
GOLONGAN_LADDER: tuple[str, ...] = tuple(code for code, _name in PNS_RANKS)


def golongan_order(golongan: str) -> int | None:
    """The place of a PNS golongan/ruang on the ladder, I/a = 1 … IV/e = 17; None for anything else
    (a PPPK grade, an empty value)."""
    try:
        return GOLONGAN_LADDER.index(golongan) + 1
    except ValueError:
        return None


def golongan_in_range(golongan: str, lowest: str, highest: str) -> bool:
    """Whether an employee's golongan lies in a programme's range; an empty bound is open. A bounded
    range admits PNS golongan only (a PPPK grade or a missing rank is outside it)."""
    if not lowest and not highest:
        return True
    order = golongan_order(golongan)
    if order is None:
        return False
    low = golongan_order(lowest) if lowest else 1
    high = golongan_order(highest) if highest else len(GOLONGAN_LADDER)
    return low is not None and high is not None and low <= order <= high


def golongan_range_problem(lowest: str, highest: str) -> str:
    """The message for a range whose lower bound lies above its upper bound (empty when it is fine)."""
    low, high = golongan_order(lowest), golongan_order(highest)
    if low is not None and high is not None and low > high:
        return _("Golongan terendah tidak boleh di atas golongan tertinggi.")
    return ""


# --- The enrolment state machine ----------------------------------------------------------------------
S, A = EnrolmentState, EnrolmentAction
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.REQUESTED, A.APPROVE): S.APPROVED,
    (S.REQUESTED, A.REJECT): S.REJECTED,
    (S.APPROVED, A.REJECT): S.REJECTED,
    (S.APPROVED, A.CONFIRM): S.CONFIRMED,
    (S.APPROVED, A.WAITLIST): S.WAITLISTED,
    (S.WAITLISTED, A.PROMOTE): S.CONFIRMED,
    (S.WAITLISTED, A.REJECT): S.REJECTED,
    (S.REQUESTED, A.CANCEL): S.CANCELLED,
    (S.APPROVED, A.CANCEL): S.CANCELLED,
    (S.WAITLISTED, A.CANCEL): S.CANCELLED,
    (S.CONFIRMED, A.CANCEL): S.CANCELLED,
    (S.CONFIRMED, A.COMPLETE): S.COMPLETED,
}
# States holding or waiting for a place: one such enrolment per employee and programme.
ACTIVE_STATES = frozenset({S.REQUESTED, S.APPROVED, S.CONFIRMED, S.WAITLISTED, S.COMPLETED})
# States that take one of the programme's places.
SEAT_STATES = frozenset({S.CONFIRMED, S.COMPLETED})
# States still waiting for a decision: closed automatically once the programme has ended.
PENDING_STATES = frozenset({S.REQUESTED, S.APPROVED, S.WAITLISTED})


class InvalidTransition(ValueError):
    """The action is not allowed in the enrolment's state; the message is for the user (Indonesian)."""


def next_state(state: str, action: str) -> str:
    """The state an enrolment moves to when `action` is taken; InvalidTransition when it is not allowed."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise InvalidTransition(
            _("Tindakan “%(action)s” tidak dapat dilakukan pada pendaftaran berstatus “%(state)s”.")
            % {"action": _label(EnrolmentAction, action), "state": _label(EnrolmentState, state)}
        ) from None


def _label(choices: type[EnrolmentState] | type[EnrolmentAction], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def seats_left(quota: int, taken: int) -> int:
    return max(quota - taken, 0)


def confirm_outcome(quota: int, taken: int) -> str:
    """HR's confirmation gives a place while one is left, else a place on the waitlist."""
    return EnrolmentAction.CONFIRM if seats_left(quota, taken) > 0 else EnrolmentAction.WAITLIST


# --- When a programme takes new participants --------------------------------------------------------
def has_started(start: date, today: date) -> bool:
    """A programme is under way (or over) from its first day: no new request or nomination then."""
    return today >= start


def has_ended(end: date, today: date) -> bool:
    """A programme is over after its last day: its undecided enrolments are closed."""
    return today > end


def is_full(quota: int, taken: int) -> bool:
    """Every place is taken: a new request can only end on the waitlist."""
    return seats_left(quota, taken) == 0


# --- Cancellation --------------------------------------------------------------------------------------
def cancel_deadline(start: date, days_before: int) -> date:
    """The last day a participant may withdraw: `days_before` days before the first day."""
    return start - timedelta(days=days_before)


def may_cancel(today: date, start: date, days_before: int) -> bool:
    return today <= cancel_deadline(start, days_before)


# --- Completion ----------------------------------------------------------------------------------------
SCORE_MIN, SCORE_MAX = Decimal(0), Decimal(100)


def score_problem(score: Decimal | None) -> str:
    if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
        return _("Nilai harus antara 0 dan 100.")
    return ""


def history_category(kind: str, form: str) -> str:
    """The riwayat diklat category (employees.choices.TrainingCategory) of a completed programme:
    seminars and workshops as such, managerial programmes as leadership training, technical ones as
    technical training, the rest as other."""
    if form in (ProgrammeForm.SEMINAR, ProgrammeForm.WORKSHOP):
        return TrainingCategory.SEMINAR
    if kind == ProgrammeKind.MANAJERIAL:
        return TrainingCategory.STRUKTURAL
    if kind == ProgrammeKind.TEKNIS:
        return TrainingCategory.TEKNIS
    return TrainingCategory.LAINNYA


# --- Certificate codes ---------------------------------------------------------------------------------
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from paper and typed again
CODE_LENGTH = 12  # 32^12 ≈ 10^18 codes: guessing one is hopeless, and the page is rate-limited
CODE_SHAPE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


def new_certificate_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A random code, printed as XXXX-XXXX-XXXX."""
    raw = "".join(choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(typed: str) -> str | None:
    """A typed or scanned code in its printed shape (upper case, dashes), or None when it cannot be one."""
    raw = re.sub(r"[\s-]", "", typed or "").upper()[: CODE_LENGTH + 1]
    if not CODE_SHAPE.fullmatch(raw):
        return None
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
