"""Reads of the leave documents (a selectors module of its own): what the official form of a request
states (sections I–VIII, with the cuti tahunan remainders N-2, N-1, N from the ledger) and what its
decision letter states, for leave/pdf.py to draw; the letter of a verification code.

Section V is the ledger as it stood when the request was sent (the rows written before it, not its
own): the remainder of each bucket, then what this request takes from each and what is left after it
(docs/domain-notes.md). The form is therefore the same whenever it is downloaded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.utils import timezone

from employees.choices import OfficialKind
from employees.models import Employee
from employees.rules.career import years_and_months
from employees.selectors.superiors import officials

from .choices import Decision, EntryKind, LeaveKind, LengthUnit, RequestState
from .models import LeaveLetter, LeaveRequest, LedgerEntry

# The types as section II numbers them (Peraturan BKN 24/2017 Anak Lampiran 1.b).
FORM_KINDS = [
    (LeaveKind.TAHUNAN, "Cuti Tahunan"),
    (LeaveKind.BESAR, "Cuti Besar"),
    (LeaveKind.SAKIT, "Cuti Sakit"),
    (LeaveKind.MELAHIRKAN, "Cuti Melahirkan"),
    (LeaveKind.ALASAN_PENTING, "Cuti Karena Alasan Penting"),
    (LeaveKind.CLTN, "Cuti di Luar Tanggungan Negara"),
]
# Sections VII and VIII: exactly these four, in this order (domain.md §6).
OPTIONS = [
    (Decision.DISETUJUI, "DISETUJUI"),
    (Decision.PERUBAHAN, "PERUBAHAN"),
    (Decision.DITANGGUHKAN, "DITANGGUHKAN"),
    (Decision.TIDAK_DISETUJUI, "TIDAK DISETUJUI"),
]
UNIT_WORDS: dict[str, str] = {
    LengthUnit.HARI_KERJA: "hari kerja",
    LengthUnit.HARI_KALENDER: "hari",
    LengthUnit.BULAN: "bulan",
}


@dataclass(frozen=True)
class Person:
    name: str
    nip: str
    title: str = ""
    has_nip: bool = True  # False for the kepala daerah (PPK): elected, not an ASN, no NIP line


@dataclass(frozen=True)
class BucketRow:
    """One row N-2, N-1 or N of section V."""

    label: str
    year: int
    left: int  # remaining when the request was sent
    taken: int  # what this request takes from it

    @property
    def after(self) -> int:
        return self.left - self.taken


@dataclass
class LeaveForm:
    """Everything the form prints (no queries in leave/pdf.py)."""

    instansi_name: str
    seat: str
    sent_on: date
    addressee: str
    employee: Person
    position: str
    service: tuple[int, int] | None
    unit_name: str
    kind: str
    type_name: str
    reason: str
    length: int
    length_unit: str
    start: date
    end: date
    buckets: list[BucketRow]
    others: dict[str, str]  # section V for the other types: kind -> what was taken this year
    address: str
    phone: str
    recommendation: str
    recommendation_reason: str
    atasan: Person | None
    decision: str
    decision_reason: str
    pyb: Person | None
    pyb_title: str
    cancelled: bool = False
    notes: list[str] = field(default_factory=list)


def _person(employee: Employee | None) -> Person | None:
    if employee is None:
        return None
    return Person(employee.full_name, employee.nip_display, employee.position_name)


def _length_text(length: int, unit: str) -> str:
    return f"{length} {UNIT_WORDS.get(unit, unit)}"


def buckets_at_sending(request: LeaveRequest) -> list[BucketRow]:
    """N-2, N-1 and N (N: the year the leave starts) as the ledger stood when the (last) request was
    sent, and what the request takes from each: one query (the employee's rows of those three years).

    The remainder is every row written up to the sending but the request's own (the draws of an
    earlier round, returned when the PyB answered Perubahan, net out to nothing). What it takes are
    the draws of its last round (rows written since it was sent), as they stood after its last draw:
    a request postponed then approved is counted once, a request whose days went back since (not
    granted, cancelled) still shows what it asked for. Found by the trial: after an amendment the
    form added the returned draws of the first round to the new ones ("diambil 2 hari, sisa −1")."""
    year = request.start.year
    years = (year - 2, year - 1, year)
    sent = request.submitted_at
    mine = Q(request_id=request.pk, kind__in=[EntryKind.PAKAI, EntryKind.KEMBALI], created_at__gte=sent)
    others = Q(created_at__lte=sent) & (Q(request_id__isnull=True) | ~Q(request_id=request.pk))
    rows = (
        LedgerEntry.objects.filter(employee_id=request.employee_id, bucket__gte=year - 2, bucket__lte=year)
        .filter(year__lte=max(year, sent.year))  # the rows in effect (not those of an opening run ahead)
        .filter(mine | others)
        .order_by("created_at", "pk")
        .values_list("request_id", "kind", "bucket", "days")
    )
    before: dict[int, int] = {}
    net: dict[int, int] = {}
    taken: dict[int, int] = {}
    for request_id, kind, bucket, days in rows:
        if request_id != request.pk:
            before[bucket] = before.get(bucket, 0) + days
            continue
        net[bucket] = net.get(bucket, 0) + days
        if kind == EntryKind.PAKAI:  # the request's draws as they stand after this one
            taken = {b: -d for b, d in net.items() if d < 0}
    return [
        BucketRow(label, y, before.get(y) or 0, taken.get(y, 0))
        for label, y in zip(("N-2", "N-1", "N"), years, strict=True)
    ]


def other_types_taken(request: LeaveRequest) -> dict[str, str]:
    """Section V for the types other than cuti tahunan: the granted requests of each in the year the
    leave starts (not this one), as "n kali, d hari" (one query)."""
    year = request.start.year
    rows = (
        LeaveRequest.objects.filter(
            employee_id=request.employee_id, state=RequestState.DISETUJUI, start__year=year
        )
        .exclude(pk=request.pk)
        .exclude(leave_type__kind=LeaveKind.TAHUNAN)
        .values_list("leave_type__kind", "length_unit")
        .annotate(n=Count("pk"), total=Sum("length"))
        .order_by()
    )
    result: dict[str, list[str]] = {}
    for kind, unit, n, total in rows:
        result.setdefault(kind, []).append(f"{n} kali, {_length_text(total, unit)}")
    return {kind: f"{year}: " + "; ".join(parts) for kind, parts in result.items()}


def form_of(request: LeaveRequest) -> LeaveForm:
    """The form of a request (fetched with access.get_request's joins): three queries, four when a Plt
    or the PPK decided."""
    employee = request.employee
    instansi = employee.unit.instansi
    start = employee.tmt_cpns or employee.tmt_pppk
    atasan = request.recommended_by or request.atasan
    # The day it was sent where the agency is (a request sent at 04.53 WIT is not of the day before).
    sent_on = timezone.localtime(request.submitted_at, ZoneInfo(instansi.time_zone)).date()
    signer, signer_title = decision_signer(request)
    return LeaveForm(
        instansi_name=instansi.name,
        seat=instansi.seat,
        sent_on=sent_on,
        addressee=request.pyb_title or instansi.ppk_title,
        employee=Person(employee.full_name, employee.nip_display),
        position=employee.position_name,
        service=years_and_months(start, sent_on) if start else None,
        unit_name=employee.unit.name,
        kind=request.leave_type.kind,
        type_name=request.leave_type.name,
        reason=request.reason,
        length=request.length,
        length_unit=request.length_unit,
        start=request.start,
        end=request.end,
        buckets=buckets_at_sending(request),
        others=other_types_taken(request),
        address=request.address,
        phone=request.phone,
        recommendation=request.recommendation,
        recommendation_reason=request.recommendation_reason,
        atasan=_person(atasan),
        decision=request.decision,
        decision_reason=request.decision_reason,
        pyb=signer,
        pyb_title=signer_title,
        cancelled=request.state == RequestState.DIBATALKAN,
    )


# --- The decision letter ---------------------------------------------------------------------------------
def acting_decider(request: LeaveRequest) -> Employee | None:
    """The acting official (Plt) who decided for the absent PyB, or None when the PyB decided (one
    query when someone else decided)."""
    if request.decided_by_id is None or request.pyb is None:  # the PPK's decision is recorded by HR
        return None
    if request.pyb.user_id == request.decided_by_id:
        return None
    return Employee.objects.filter(user_id=request.decided_by_id).first()


def decision_signer(request: LeaveRequest) -> tuple[Person | None, str]:
    """Who signs the decision (section VIII of the form, the letter) and under which title: the PyB;
    the Plt who decided for them, as "Plt. <title>"; the kepala daerah (PPK) by their title and the
    name HR recorded for the post (employees.InstansiOfficial), never with a NIP (found by the trial:
    "Wali Kota Sorong / …… / NIP. ……", and the absent PyB named when their Plt decided)."""
    title = request.pyb_title or request.employee.unit.instansi.ppk_title
    if request.pyb is None:
        post = officials(request.employee.unit.instansi_id).get(OfficialKind.KEPALA_DAERAH)
        name = ""
        if post is not None:
            name = post.employee.full_name if post.employee is not None else post.holder_name
        return Person(name, "", has_nip=False), title
    acting = acting_decider(request)
    if acting is not None:  # a Plt decided for the absent PyB: the Plt signs, as Plt
        return Person(acting.full_name, acting.nip_display), f"Plt. {title}"
    return _person(request.pyb), title


def letter_content(request: LeaveRequest) -> dict[str, str]:
    """What the letter states about the leave: compared, at verification, with the request as it is
    now (a request changed or cancelled since makes the letter invalid)."""
    return {
        "nama": request.employee.full_name,
        "nip": request.employee.nip,
        "jenis": request.leave_type.name,
        "mulai": request.start.isoformat(),
        "sampai": request.end.isoformat(),
        "lamanya": _length_text(request.length, request.length_unit),
    }


def content_digest(number: str, code: str, content: dict[str, str]) -> str:
    text = json.dumps({"nomor": number, "kode": code, **content}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def letter_of(request: LeaveRequest) -> LeaveLetter | None:
    return LeaveLetter.objects.filter(request_id=request.pk).first()


@dataclass(frozen=True)
class Verification:
    letter: LeaveLetter
    valid: bool
    cancelled: bool


def verify(code: str) -> Verification | None:
    """The letter of a code and whether it still holds: its request is still granted and still says
    what the letter says (its digest). None for an unknown code (forged or mistyped): one query."""
    letter = (
        LeaveLetter.objects.select_related("request__employee", "request__leave_type")
        .filter(code=code)
        .first()
    )
    if letter is None:
        return None
    request = letter.request
    cancelled = request.state != RequestState.DISETUJUI
    same = content_digest(letter.number, letter.code, letter_content(request)) == letter.digest
    return Verification(letter=letter, valid=same and not cancelled, cancelled=cancelled)
