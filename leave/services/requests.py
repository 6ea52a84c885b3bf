"""Writes of leave requests: the preview (length and balance left), sending, the atasan's
recommendation, the PyB's decision, cancellation. Every write locks the employee's row (sending) or
the request's row (deciding, cancelling) first, so that two simultaneous requests cannot together
exceed the balance and two simultaneous decisions give one decision.

Cuti tahunan days are taken from the ledger when the request is sent (the oldest bucket first,
rules.draw) and come back through the ledger when it is not granted as asked (Perubahan,
Ditangguhkan, Tidak disetujui) or is cancelled. An approved cuti besar zeroes that year's bucket.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.access import Actor
from core.bounds import date_in_bounds
from core.files import store_upload
from core.models import HrAssignment
from employees.models import Employee
from employees.rules.documents import sniff_document_type
from notifications.services import NotificationItem, notify_many
from notifications.texts import DateParam, Message

from .. import access, rules, selectors
from ..choices import Decision, EntryKind, LeaveKind, LengthUnit, RequestState, length_text
from ..models import ActingOfficial, LeaveRequest, LeaveType, LedgerEntry
from . import balances, working
from .documents import letter_record

OPEN_OR_GRANTED = (RequestState.ATASAN, RequestState.PYB, RequestState.DISETUJUI)
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = {"pdf", "jpg", "jpeg", "png"}


def _d(day: date) -> str:
    return date_format(day, "j F Y")


@dataclass
class Preview:
    """What the employee sees before sending: the length and, for cuti tahunan, the days left."""

    length: rules.Length
    unit_label: str
    balance: dict[int, int] = field(default_factory=dict)
    taken: dict[int, int] = field(default_factory=dict)
    uses_balance: bool = False
    work_week: int = 5  # the employee's unit's working days a week (6: Saturdays count)
    # The holidays and cuti bersama inside the dates that fell on a working day of the week, with
    # their names: the preview says which days were not counted (found by the trial).
    skipped: list[tuple[date, str]] = field(default_factory=list)

    @property
    def available(self) -> int:
        return sum(d for d in self.balance.values() if d > 0)

    @property
    def left(self) -> int:
        return self.available - sum(self.taken.values())

    @property
    def length_text(self) -> str:
        return length_text(self.length.shown, self.length.shown_unit)

    @property
    def working_text(self) -> str:
        return length_text(self.length.working, LengthUnit.HARI_KERJA)

    @property
    def calendar_text(self) -> str:
        return length_text(self.length.calendar, LengthUnit.HARI_KALENDER)

    @property
    def available_text(self) -> str:
        return length_text(self.available, LengthUnit.HARI_KERJA)

    @property
    def left_text(self) -> str:
        return length_text(self.left, LengthUnit.HARI_KERJA)


def service_start(employee: Employee) -> date | None:
    return employee.tmt_cpns or employee.tmt_pppk


def _check_type(
    employee: Employee, leave_type: LeaveType, start: date, end: date, length: rules.Length
) -> None:
    errors: dict[str, list[str]] = {}

    def add(name: str, text: str) -> None:
        errors.setdefault(name, []).append(text)

    if not selectors.types_for(employee, start).filter(pk=leave_type.pk).exists():
        add("leave_type", _("Jenis cuti ini tidak berlaku untuk Anda pada tanggal tersebut."))
    began = service_start(employee)
    if began is not None:
        years = rules.full_years(began, start)
        if years < leave_type.service_years_min:
            add(
                "leave_type",
                _(
                    "%(type)s baru dapat diambil setelah masa kerja %(n)s tahun (masa kerja Anda %(have)s tahun)."
                )
                % {"type": leave_type.name, "n": leave_type.service_years_min, "have": max(years, 0)},
            )
        if leave_type.service_years_below is not None and years >= leave_type.service_years_below:
            add(
                "leave_type",
                _("%(type)s hanya untuk masa kerja di bawah %(n)s tahun.")
                % {"type": leave_type.name, "n": leave_type.service_years_below},
            )
    if length.count < 1:
        add("end", _("Tanggal yang dipilih tidak memuat hari kerja. Pilih tanggal lain."))
    elif length.count > leave_type.max_length:
        add(
            "end",
            _("%(type)s paling lama %(max)s %(unit)s; permintaan ini %(n)s %(unit)s.")
            % {
                "type": leave_type.name,
                "max": leave_type.max_length,
                "unit": LengthUnit(leave_type.length_unit).label,
                "n": length.count,
            },
        )
    if leave_type.uses_balance and start.year != end.year:
        add(
            "end",
            _(
                "Cuti tahunan tidak dapat melewati pergantian tahun; ajukan satu permintaan untuk setiap tahun."
            ),
        )
    if errors:
        raise ValidationError(errors)


def preview(
    *, employee: Employee, leave_type: LeaveType, start: date, end: date, exclude: int = 0
) -> Preview:
    """The length of a request and, for cuti tahunan, the balance before and after (no write).
    Raises ValidationError for dates or a type that cannot be requested. `exclude`: the request being
    amended (its own dates do not clash with it)."""
    if not (date_in_bounds(start) and date_in_bounds(end)) or end < start:
        raise ValidationError({"end": [_("Tanggal selesai harus sama dengan atau sesudah tanggal mulai.")]})
    _check_past(leave_type, start)
    length = selectors.request_length(employee, leave_type, start, end)
    _check_type(employee, leave_type, start, end, length)
    # The same refusals as sending (the preview must not say yes to what sending refuses).
    _check_overlap(employee, start, end, exclude=exclude)
    _check_besar_year(employee, leave_type, start, exclude=exclude)
    result = Preview(length=length, unit_label=str(LengthUnit(length.shown_unit).label))
    result.work_week = selectors.work_week(employee.unit)
    if leave_type.length_unit == LengthUnit.HARI_KERJA:
        weekend = rules.weekend_of(result.work_week)
        result.skipped = [
            (day, name)
            for day, name in selectors.named_days_off(employee.unit.instansi_id, start, end).items()
            if day.weekday() not in weekend
        ]
    if leave_type.uses_balance:
        result.uses_balance = True
        every = selectors.balances(employee.pk, start.year)
        if start.year > access.today().year and start.year not in every:
            # A year's cuti tahunan is requested once that year is open (found by the trial: refused
            # without a reason; by the probe: a request two years ahead drew on this year's days,
            # which its cancellation after the opening handed back beyond the carry-over cap).
            raise ValidationError(
                {
                    "start": [
                        _(
                            "Hak cuti tahunan %(year)s belum dibuka: hak tahun baru dibuka pada 1 Januari %(year)s. Ajukan cuti tahunan tahun %(year)s mulai tanggal itu."
                        )
                        % {"year": start.year}
                    ]
                }
            )
        result.balance = usable(every, start.year)
        try:
            result.taken = rules.draw(result.balance, length.count)
        except rules.NotEnoughDays as short:
            raise ValidationError(
                {
                    "end": [
                        _(
                            "Sisa cuti tahunan Anda tidak cukup: diminta %(wanted)s hari kerja, tersisa %(available)s hari kerja."
                        )
                        % {"wanted": short.wanted, "available": short.available}
                    ]
                }
            ) from short
    return result


def sick_backdate_days() -> int:
    """How many calendar days back cuti sakit may start (settings.LEAVE_SICK_BACKDATE_DAYS; Policy)."""
    return max(0, int(getattr(settings, "LEAVE_SICK_BACKDATE_DAYS", 30)))


def _check_past(leave_type: LeaveType, start: date) -> None:
    """Only cuti sakit may start in the past, and only so far back (found by the probe: any sick
    leave years back was taken, and the refusal of other types did not say what to do)."""
    today = access.today()
    if start >= today:
        return
    if leave_type.kind != LeaveKind.SAKIT:
        raise ValidationError(
            {
                "start": [
                    _(
                        "Tanggal mulai sudah lewat. %(type)s diajukan sebelum tanggal mulainya; hanya cuti sakit yang dapat diajukan sesudahnya."
                    )
                    % {"type": leave_type.display_name}
                ]
            }
        )
    earliest = today - timedelta(days=sick_backdate_days())
    if start < earliest:
        raise ValidationError(
            {
                "start": [
                    _(
                        "Cuti sakit dapat diajukan paling lambat %(n)s hari sesudah tanggal mulainya (paling awal %(first)s)."
                    )
                    % {"n": sick_backdate_days(), "first": _d(earliest)}
                ]
            }
        )


def usable(balance: dict[int, int], year: int) -> dict[int, int]:
    """The buckets a request in `year` may draw from: N-2, N-1 and N."""
    return {b: d for b, d in balance.items() if year - 2 <= b <= year and d > 0}


def _check_attachment(leave_type: LeaveType, length: rules.Length, upload: UploadedFile | None) -> None:
    if upload is not None:
        name = upload.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in ATTACHMENT_TYPES:
            raise ValidationError({"attachment": [_("Lampiran harus berupa PDF, JPG atau PNG.")]})
        if upload.size is not None and upload.size > ATTACHMENT_MAX_BYTES:
            raise ValidationError({"attachment": [_("Lampiran paling besar 5 MB.")]})
        # Its content decides, not its name (found by the probe: a program named .pdf was taken).
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if sniff_document_type(head) is None:
            raise ValidationError(
                {
                    "attachment": [
                        _("Isi berkas bukan PDF, JPEG, atau PNG (nama berkas tidak menentukan jenisnya).")
                    ]
                }
            )
        return
    strict = leave_type.strict_attachment_over_days
    if strict is not None and length.calendar > strict:
        label, days = leave_type.strict_attachment_label, strict
    elif leave_type.attachment_over_days is not None and length.calendar > leave_type.attachment_over_days:
        label, days = leave_type.attachment_label, leave_type.attachment_over_days
    else:
        return
    if days == 0:
        text = _("Lampirkan %(label)s.") % {"label": label}
    else:
        text = _("Lampirkan %(label)s untuk cuti lebih dari %(n)s hari.") % {"label": label, "n": days}
    raise ValidationError({"attachment": [text]})


def _check_overlap(employee: Employee, start: date, end: date, *, exclude: int = 0) -> None:
    clash = (
        LeaveRequest.objects.filter(
            employee=employee, state__in=OPEN_OR_GRANTED, start__lte=end, end__gte=start
        )
        .exclude(pk=exclude)
        .select_related("leave_type")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "start": [
                    _("Tanggal ini bertumpuk dengan permintaan %(type)s Anda tanggal %(start)s s.d. %(end)s.")
                    % {"type": clash.leave_type.name, "start": _d(clash.start), "end": _d(clash.end)}
                ]
            }
        )


def _check_besar_year(employee: Employee, leave_type: LeaveType, start: date, *, exclude: int = 0) -> None:
    """Cuti besar and cuti tahunan do not share a year (PP 11/2017: cuti besar cancels that year's
    cuti tahunan)."""
    if leave_type.kind == LeaveKind.TAHUNAN:
        other = LeaveKind.BESAR
    elif leave_type.kind == LeaveKind.BESAR:
        other = LeaveKind.TAHUNAN
    else:
        return
    if (
        LeaveRequest.objects.filter(
            employee=employee, state__in=OPEN_OR_GRANTED, leave_type__kind=other, start__year=start.year
        )
        .exclude(pk=exclude)
        .exists()
    ):
        raise ValidationError(
            {"leave_type": [_("Cuti besar dan cuti tahunan tidak dapat diambil dalam tahun yang sama.")]}
        )


@transaction.atomic
def request_submit(
    *,
    actor: Actor,
    leave_type: LeaveType,
    start: date,
    end: date,
    reason: str,
    address: str,
    phone: str,
    attachment: UploadedFile | None = None,
) -> LeaveRequest:
    """Send a leave request of the actor's own. The employee's row is locked first: a second request
    sent at the same moment waits, then sees this one (its overlap and its days)."""
    if actor.employee_id is None:
        raise ValidationError(_("Akun Anda tidak terhubung dengan data pegawai."))
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("unit__instansi", "current_rank", "current_position")
        .get(pk=actor.employee_id or 0)
    )
    # Under the lock on the employee's row: the preview's checks (dates, overlap, balance) hold for
    # this write, not only for the page that showed them.
    result = preview(employee=employee, leave_type=leave_type, start=start, end=end)
    _check_attachment(leave_type, result.length, attachment)
    who = selectors.deciders(employee, leave_type.kind)
    request = LeaveRequest(
        employee=employee,
        leave_type=leave_type,
        start=start,
        end=end,
        length=result.length.shown,
        length_unit=result.length.shown_unit,
        working_days=result.length.working,
        reason=reason,
        address=address,
        phone=phone,
        state=RequestState.ATASAN if who.atasan else RequestState.PYB,
        atasan=who.atasan,
        pyb=who.pyb,
        pyb_title=who.pyb_title[:200],
    )
    if attachment is not None:
        request.attachment_name = (attachment.name or "")[:255]
        store_upload(request.attachment, attachment, attachment.name or "lampiran")
    request.full_clean(exclude=["attachment"])
    audit.stamp(request, actor)
    request.save()
    _take_days(request, result.taken, actor)
    waiting = who.atasan if who.atasan else who.pyb
    _notify(
        _users_for(request, [waiting] if waiting else None),
        request,
        "submitted",
        gettext_lazy("Permintaan cuti %(name)s menunggu %(step)s: %(type)s %(start)s s.d. %(end)s"),
        step=gettext_lazy("pertimbangan Anda") if who.atasan else gettext_lazy("keputusan Anda"),
    )
    return request


def _entry_key(request: LeaveRequest, prefix: str, bucket: int) -> str:
    """A request's ledger key for a bucket: `prefix:pk:bucket`, then `…:2`, `…:3` for the rounds of
    a request decided again (Ditangguhkan) or amended (Perubahan)."""
    base = f"{prefix}:{request.pk}:{bucket}"
    rounds = LedgerEntry.objects.filter(
        employee_id=request.employee_id, request=request, key__startswith=base
    ).count()
    return base if rounds == 0 else f"{base}:{rounds + 1}"


def _take_days(request: LeaveRequest, taken: dict[int, int], actor: Actor) -> None:
    """The ledger's use rows of a request (cuti tahunan): the days it draws from each bucket."""
    balances.record(
        LedgerEntry(
            employee_id=request.employee_id,
            kind=EntryKind.PAKAI,
            bucket=bucket,
            year=request.start.year,
            days=-days,
            reason=_stored(
                gettext_lazy("Cuti tahunan %(start)s s.d. %(end)s"), start=request.start, end=request.end
            ),
            request=request,
            key=_entry_key(request, "pakai", bucket),
            created_by_id=actor.user_id,
        )
        for bucket, days in taken.items()
        if days
    )


# --- Deciding -------------------------------------------------------------------------------------------------
def _locked(request: LeaveRequest) -> LeaveRequest:
    """The request's row, locked until the transaction ends, as it is now."""
    return (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee__unit__instansi", "leave_type")
        .get(pk=request.pk)
    )


def _reason_required(option: str, reason: str) -> None:
    if option != Decision.DISETUJUI and not reason.strip():
        raise ValidationError(
            {
                "reason": [
                    _("Tuliskan alasannya untuk pilihan %(option)s.") % {"option": Decision(option).label}
                ]
            }
        )


@transaction.atomic
def request_recommend(*, actor: Actor, request: LeaveRequest, option: str, reason: str = "") -> LeaveRequest:
    """The atasan langsung's recommendation (section VII); the request goes on to the PyB."""
    request = _locked(request)
    if request.state != RequestState.ATASAN:
        raise ValidationError(_("Permintaan cuti ini sudah diberi pertimbangan atau sudah ditutup."))
    access.require(access.can_recommend(actor, request))
    if option not in Decision.values:
        raise ValidationError({"option": [_("Pilih salah satu pertimbangan.")]})
    _reason_required(option, reason)
    request.recommendation = option
    request.recommendation_reason = reason.strip()
    request.recommended_by_id = actor.employee_id
    request.recommended_at = timezone.now()
    request.state = RequestState.PYB
    audit.stamp(request, actor)
    request.save()
    _notify(
        _users_for(request, [request.pyb] if request.pyb_id else None),
        request,
        "recommended",
        gettext_lazy("Permintaan cuti %(name)s menunggu %(step)s: %(type)s %(start)s s.d. %(end)s"),
        step=gettext_lazy("keputusan Anda"),
    )
    _notify(
        _users_for(request, [request.employee]),
        request,
        "recommended-own",
        gettext_lazy(
            "Atasan memberi pertimbangan %(option)s atas permintaan cuti Anda %(start)s s.d. %(end)s"
        ),
        option=Decision(option).label,
    )
    return request


@transaction.atomic
def request_decide(*, actor: Actor, request: LeaveRequest, option: str, reason: str = "") -> LeaveRequest:
    """The PyB's decision (section VIII). Days not granted as asked go back to the balance; an
    approved cuti besar zeroes that year's cuti tahunan. A postponed request (Ditangguhkan) is
    decided again later by the same official: approving it draws its days again (under the
    employee's row lock, with the balance and overlap checks of sending)."""
    request = _locked(request)
    postponed = request.state == RequestState.DITANGGUHKAN
    if request.state != RequestState.PYB and not postponed:
        raise ValidationError(_("Permintaan cuti ini sudah diputuskan atau sudah ditutup."))
    access.require(access.can_decide(actor, request))
    if option not in Decision.values:
        raise ValidationError({"option": [_("Pilih salah satu keputusan.")]})
    if postponed and option == Decision.DITANGGUHKAN:
        raise ValidationError({"option": [_("Permintaan ini sudah ditangguhkan; pilih keputusan lain.")]})
    _reason_required(option, reason)
    if postponed and option == Decision.DISETUJUI:
        _redraw(request, actor)
    request.decision = option
    request.decision_reason = reason.strip()
    request.decided_by_id = actor.user_id
    request.decided_at = timezone.now()
    request.state = RequestState(option)
    audit.stamp(request, actor)
    request.save()
    if option != Decision.DISETUJUI:
        if not postponed:  # a postponed request holds no days: nothing to give back
            _return_days(request, actor)
    elif request.leave_type.cancels_tahunan:  # only an approved cuti besar cancels the year's tahunan
        _cancel_tahunan(request, actor)
    if option == Decision.DISETUJUI:
        # The decision letter is numbered with the approval (found by the trial: the number came only
        # on a later download, and the download's message was lost).
        letter_record(actor=actor, request=request, locked=request)
    if option == Decision.DISETUJUI and request.leave_type.kind == LeaveKind.CLTN:
        working.cltn_sync(actor=actor, employee_ids=[request.employee_id])
    _notify(
        _users_for(request, [request.employee, request.atasan] if request.atasan_id else [request.employee]),
        request,
        "decided",
        gettext_lazy("Keputusan atas permintaan cuti %(name)s %(start)s s.d. %(end)s: %(option)s"),
        option=Decision(option).label,
    )
    return request


def _redraw(request: LeaveRequest, actor: Actor) -> None:
    """Approving a postponed request: the checks of sending again (its days went back to the
    balance when it was postponed; meanwhile the employee may have used them), then its days."""
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("unit__instansi")
        .get(pk=request.employee_id)
    )
    if request.start < access.today():
        raise ValidationError(
            {
                "option": [
                    _(
                        "Tanggal mulai cuti ini sudah lewat; pilih Perubahan agar pegawai mengajukan tanggal baru."
                    )
                ]
            }
        )
    try:
        result = preview(
            employee=employee,
            leave_type=request.leave_type,
            start=request.start,
            end=request.end,
            exclude=request.pk,
        )
    except ValidationError as exc:
        raise ValidationError({"option": exc.messages}) from exc
    _take_days(request, result.taken, actor)


@transaction.atomic
def request_amend(
    *, actor: Actor, request: LeaveRequest, start: date, end: date, reason: str = ""
) -> LeaveRequest:
    """The employee's new dates for a request the PyB answered with Perubahan: the length, the
    overlap and the balance are checked as when sending, its days are drawn again, and the request
    goes through the two steps again (atasan, then PyB) with the decisions of the last round kept in
    its history."""
    request = _locked(request)
    if not access.can_amend(actor, request):
        if request.state != RequestState.PERUBAHAN:
            raise ValidationError(
                _("Hanya permintaan dengan keputusan Perubahan yang dapat diubah tanggalnya.")
            )
        access.require(False)
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("unit__instansi", "current_rank", "current_position")
        .get(pk=request.employee_id)
    )
    result = preview(
        employee=employee, leave_type=request.leave_type, start=start, end=end, exclude=request.pk
    )
    who = selectors.deciders(employee, request.leave_type.kind)
    request.start, request.end = start, end
    request.length = result.length.shown
    request.length_unit = result.length.shown_unit
    request.working_days = result.length.working
    if reason.strip():
        request.reason = reason.strip()
    request.state = RequestState.ATASAN if who.atasan else RequestState.PYB
    request.atasan, request.pyb, request.pyb_title = who.atasan, who.pyb, who.pyb_title[:200]
    request.recommendation = request.decision = ""
    request.recommendation_reason = request.decision_reason = ""
    request.recommended_by = request.recommended_at = request.decided_by = request.decided_at = None
    request.submitted_at = timezone.now()
    request.full_clean(exclude=["attachment"])
    audit.stamp(request, actor)
    request.save()
    _take_days(request, result.taken, actor)
    waiting = who.atasan if who.atasan else who.pyb
    _notify(
        _users_for(request, [waiting] if waiting else None),
        request,
        "amended",
        gettext_lazy("Permintaan cuti %(name)s menunggu %(step)s: %(type)s %(start)s s.d. %(end)s"),
        step=gettext_lazy("pertimbangan Anda") if who.atasan else gettext_lazy("keputusan Anda"),
    )
    return request


@transaction.atomic
def request_cancel(*, actor: Actor, request: LeaveRequest, reason: str = "") -> LeaveRequest:
    """Cancel a request: the employee before it starts; HR at any time, with a reason. Its days
    return to the balance through the ledger."""
    request = _locked(request)
    own = access.can_cancel_own(actor, request)
    if not own and not access.can_cancel_as_hr(actor, request):
        if request.state == RequestState.DIBATALKAN:
            raise ValidationError(_("Permintaan cuti ini sudah dibatalkan."))
        if access.is_own_request(actor, request):
            raise ValidationError(
                _("Cuti yang sudah dimulai atau sudah diputuskan hanya dapat dibatalkan oleh BKPSDM.")
            )
        raise ValidationError(_("Permintaan cuti ini tidak dapat dibatalkan lagi."))
    if not own and not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan pembatalan.")]})
    told = _cancel_audience(request, actor)
    request.state = RequestState.DIBATALKAN
    request.cancelled_by_id = actor.user_id
    request.cancelled_at = timezone.now()
    request.cancel_reason = reason.strip()
    audit.stamp(request, actor)
    request.save()
    _return_days(request, actor)
    if request.leave_type.kind == LeaveKind.CLTN:  # a CLTN under way ends: back to aktif
        working.cltn_sync(actor=actor, employee_ids=[request.employee_id])
    _notify(
        told,
        request,
        "cancelled",
        gettext_lazy("Permintaan cuti %(name)s %(start)s s.d. %(end)s dibatalkan"),
    )
    return request


def _cancel_audience(request: LeaveRequest, actor: Actor) -> set[int]:
    """Whom a cancellation concerns (before the state changes): the employee, the atasan who
    recommended or was still to, the PyB who decided or was still to (HR for the PPK); never the one
    who cancels (found by the trial: the PPK's HR and whoever had acted were not told)."""
    people: list[Employee | None] = [request.employee]
    users: set[int] = set()
    if request.state == RequestState.ATASAN:
        people.append(request.atasan)
    if request.recommended_by_id:
        people.append(request.recommended_by)
    waiting_pyb = request.state in (RequestState.PYB, RequestState.DITANGGUHKAN)
    if waiting_pyb or request.decided_by_id:
        if request.pyb_id:
            people.append(request.pyb)
        elif waiting_pyb:
            users |= _users_for(request, None)
        if request.decided_by_id:
            users.add(request.decided_by_id)
    users |= _users_for(request, people)
    users.discard(actor.user_id or 0)
    return users


def _stored(text, **params) -> str:
    """A ledger reason as stored: in Indonesian whatever the writer's language (ledger_text shows it
    in the reader's)."""
    with translation.override("id"):
        values = {
            k: _d(v) if isinstance(v, date) else str(v).lower() if k == "state" else v
            for k, v in params.items()
        }
        return str(text) % values


def _return_days(request: LeaveRequest, actor: Actor) -> None:
    """Give back what the request took (its uses, the cuti tahunan a cuti besar cancelled)."""
    taken: dict[int, int] = {}
    for bucket, days in LedgerEntry.objects.filter(
        request=request, kind__in=[EntryKind.PAKAI, EntryKind.CUTI_BESAR, EntryKind.KEMBALI]
    ).values_list("bucket", "days"):
        taken[bucket] = taken.get(bucket, 0) + days
    balances.record(
        LedgerEntry(
            employee_id=request.employee_id,
            kind=EntryKind.KEMBALI,
            bucket=bucket,
            year=request.start.year,
            days=-days,
            reason=_stored(
                gettext_lazy("Dikembalikan: permintaan cuti %(start)s s.d. %(end)s %(state)s"),
                start=request.start,
                end=request.end,
                state=RequestState(request.state).label,
            ),
            request=request,
            key=_entry_key(request, "kembali", bucket),
            created_by_id=actor.user_id,
        )
        for bucket, days in taken.items()
        if days < 0
    )


def _cancel_tahunan(request: LeaveRequest, actor: Actor) -> None:
    year = request.start.year
    left = selectors.balances(request.employee_id, year).get(year, 0)
    if left > 0:
        balances.record(
            [
                LedgerEntry(
                    employee_id=request.employee_id,
                    kind=EntryKind.CUTI_BESAR,
                    bucket=year,
                    year=year,
                    days=-left,
                    reason=_stored(
                        gettext_lazy("Hak cuti tahunan %(year)s dihapus karena cuti besar"), year=year
                    ),
                    request=request,
                    key=f"besar:{request.pk}",
                    created_by_id=actor.user_id,
                )
            ]
        )


# --- Notifications ------------------------------------------------------------------------------------------------
def _users_for(request: LeaveRequest, people: Iterable[Employee | None] | None) -> set[int]:
    """The accounts to tell: each person's, or their Plt's while one stands in for them; None means
    the PPK: the agency's HR officers."""
    if people is None:
        return set(
            HrAssignment.objects.filter(instansi_id=request.employee.unit.instansi_id).values_list(
                "user_id", flat=True
            )
        )
    ids = {p.pk for p in people if p is not None}
    today = access.today()
    acting = dict(
        ActingOfficial.objects.filter(absent_id__in=ids, start__lte=today, end__gte=today).values_list(
            "absent_id", "acting_id"
        )
    )
    wanted = {acting.get(i, i) for i in ids} | ({request.employee_id} & ids)
    return set(Employee.objects.filter(pk__in=wanted, user__isnull=False).values_list("user_id", flat=True))


def _notify(user_ids: set[int], request: LeaveRequest, event: str, text, **params) -> None:
    title = Message(
        text,
        {
            "name": request.employee.full_name,
            "type": gettext_lazy(request.leave_type.name),  # shown in the reader's language
            "start": DateParam(request.start, "j F Y"),
            "end": DateParam(request.end, "j F Y"),
            **params,
        },
    )
    notify_many(
        NotificationItem(
            recipient_id=user_id,
            kind=f"leave_{event}"[:50],
            title=title,
            # The round (sent or amended at): a second round's steps are told again.
            key=f"leave:{request.pk}:{event}:{request.state}:{request.submitted_at:%Y%m%d%H%M%S%f}",
            url=request.get_absolute_url(),
        )
        for user_id in user_ids
    )
