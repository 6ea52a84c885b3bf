"""Corrections of a day's presensi (domain.md §10: "lupa absen", a broken device, official travel):
the employee sends one with a reason (and evidence where it is required), the atasan langsung named
on it approves or rejects it, the employee may cancel it while it is open. Nobody decides their own.

Rules when sending: not a day in the future (the agency's local date), not older than
settings.ATTENDANCE_CORRECTION_WINDOW_DAYS, only a working day of the employee (their schedule, the
agency's holidays and cuti bersama), one open correction per employee and day (a partial unique
index: two sends racing give one row).

Deciding locks the correction's row first (select_for_update): of two decisions at once one wins,
the other is told the correction was already decided. Approving writes the corrected times as
Presence rows of source "koreksi" in the same transaction; nothing is replaced, the counted-records
rule (first check-in, last check-out) decides which time counts. The day is built again after commit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.access import Actor
from core.files import store_upload
from employees.models import Employee
from employees.rules.documents import sniff_document_type
from employees.selectors.superiors import atasan_langsung
from notifications.services import NotificationItem, notify_many
from notifications.texts import DateParam, Message

from .. import access, rules
from ..choices import CorrectionKind, CorrectionState, PresenceKind, PresenceSource
from ..models import Correction, Presence
from ..selectors import corrections as selectors
from . import daily

# Kinds whose evidence is required (the surat tugas of an official trip); for the others it is optional.
EVIDENCE_REQUIRED = {CorrectionKind.DINAS_LUAR}
REASON_MAX = 2000


def window_days() -> int:
    return int(settings.ATTENDANCE_CORRECTION_WINDOW_DAYS)


def _d(day: date) -> str:
    return date_format(day, "j F Y")


def _check_times(
    kind: str, on: date, check_in: time | None, check_out: time | None, local_now: datetime
) -> None:
    errors: dict[str, list[str]] = {}
    if kind == CorrectionKind.LUPA_MASUK and check_in is None:
        errors["check_in"] = [_("Isi jam masuk yang benar.")]
    if kind == CorrectionKind.LUPA_PULANG and check_out is None:
        errors["check_out"] = [_("Isi jam pulang yang benar.")]
    if (
        kind in (CorrectionKind.MESIN_RUSAK, CorrectionKind.LAINNYA)
        and check_in is None
        and check_out is None
    ):
        errors["check_in"] = [_("Isi jam masuk dan/atau jam pulang yang benar.")]
    for field, value in (("check_in", check_in), ("check_out", check_out)):
        if value is None or field in errors:
            continue
        if not rules.in_window(value):
            errors[field] = [_("Presensi hanya diterima pukul 06.00–18.00 waktu setempat.")]
        elif on == local_now.date() and value > local_now.time():
            errors[field] = [_("Jam ini belum lewat.")]
    if check_in is not None and check_out is not None and check_out <= check_in and "check_out" not in errors:
        errors["check_out"] = [_("Jam pulang harus setelah jam masuk.")]
    if errors:
        raise ValidationError(errors)


def _check_against_records(
    employee_id: int, on: date, check_in: time | None, check_out: time | None, zone: ZoneInfo
) -> None:
    """A check-out asked alone must come after the day's recorded check-in, and a check-in asked alone
    before its recorded check-out: the trial's "forgot to check out at 07.00" on a day checked in at
    07.05 was sent and could be approved, a day ending before it began (one query)."""
    if (check_in is None) == (check_out is None):
        return  # both given: _check_times orders them; none: nothing to compare
    records = list(
        Presence.objects.filter(employee_id=employee_id, work_date=on)
        .order_by("at")
        .values_list("kind", "at")
    )
    ins = [at.astimezone(zone).time() for kind, at in records if kind == PresenceKind.IN]
    outs = [at.astimezone(zone).time() for kind, at in records if kind == PresenceKind.OUT]
    if check_out is not None and ins and check_out <= ins[0]:
        raise ValidationError({"check_out": [_("Jam pulang harus setelah jam masuk yang tercatat (%(time)s).") % {
            "time": ins[0].strftime("%H.%M")
        }]})  # fmt: skip
    if check_in is not None and outs and check_in >= outs[-1]:
        raise ValidationError({"check_in": [_("Jam masuk harus sebelum jam pulang yang tercatat (%(time)s).") % {
            "time": outs[-1].strftime("%H.%M")
        }]})  # fmt: skip


def _check_evidence(kind: str, upload: UploadedFile | None) -> None:
    if upload is None:
        if kind in EVIDENCE_REQUIRED:
            raise ValidationError(
                {"evidence": [_("Lampirkan bukti (mis. surat tugas) untuk koreksi %(kind)s.") % {
                    "kind": CorrectionKind(kind).label
                }]}
            )  # fmt: skip
        return
    # As the leave and training attachments: the size, then the content decides, not the name.
    if upload.size is not None and upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {"evidence": [_("Berkas terlalu besar (%(size)s). Batasnya %(limit)s.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)
            }]}
        )  # fmt: skip
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff_document_type(head) is None:
        raise ValidationError(
            {"evidence": [_("Isi berkas bukan PDF, JPEG, atau PNG (nama berkas tidak menentukan jenisnya).")]}
        )


@transaction.atomic
def correction_submit(
    *,
    actor: Actor,
    on: date,
    kind: str,
    reason: str,
    check_in: time | None = None,
    check_out: time | None = None,
    evidence: UploadedFile | None = None,
    now: datetime | None = None,
) -> Correction:
    """The employee asks for a correction of one of their days; the atasan langsung is told."""
    access.require(access.can_request_correction(actor))
    assert actor.employee_id is not None
    employee = Employee.objects.select_related("unit__instansi", "user").get(pk=actor.employee_id)
    if kind not in CorrectionKind.values:
        raise ValidationError({"kind": [_("Pilih jenis koreksi.")]})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Tuliskan alasan koreksi.")]})
    zone = ZoneInfo(employee.unit.instansi.time_zone)
    local_now = (now or timezone.now()).astimezone(zone)
    today = local_now.date()
    if on > today:
        raise ValidationError({"date": [_("Koreksi tidak dapat diajukan untuk tanggal yang akan datang.")]})
    oldest = today - timedelta(days=window_days())
    if on < oldest:
        raise ValidationError(
            {"date": [_("Koreksi hanya dapat diajukan paling lama %(days)s hari ke belakang (sejak %(oldest)s).") % {
                "days": window_days(), "oldest": _d(oldest)
            }]}
        )  # fmt: skip
    if not selectors.working_day(employee.unit.instansi_id, employee.unit.path, on):
        raise ValidationError({"date": [_("%(day)s bukan hari kerja Anda; tidak ada yang perlu dikoreksi.") % {
            "day": _d(on)
        }]})  # fmt: skip
    _check_times(kind, on, check_in, check_out, local_now)
    _check_against_records(employee.pk, on, check_in, check_out, zone)
    if selectors.open_correction_exists(employee.pk, on):
        raise ValidationError({"date": [_("Sudah ada koreksi tanggal ini yang menunggu keputusan.")]})
    _check_evidence(kind, evidence)
    atasan = atasan_langsung(employee)
    if atasan is None or atasan.pk == employee.pk:
        raise ValidationError(
            _("Atasan langsung Anda tidak tercatat di aplikasi, jadi koreksi tidak dapat diputuskan. "
              "Hubungi petugas kepegawaian.")
        )  # fmt: skip
    correction = Correction(
        employee=employee,
        date=on,
        kind=kind,
        check_in=check_in,
        check_out=check_out,
        reason=reason[:REASON_MAX],
        atasan=atasan,
    )
    if evidence is not None:
        correction.evidence_name = (evidence.name or "")[:255]
        store_upload(correction.evidence, evidence, evidence.name or "bukti")
    audit.stamp(correction, actor)
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as exc:  # a second send racing this one
        if correction.evidence:
            correction.evidence.delete(save=False)
        raise ValidationError(
            {"date": [_("Sudah ada koreksi tanggal ini yang menunggu keputusan.")]}
        ) from exc
    _notify(
        correction,
        [atasan],
        "submitted",
        gettext_lazy("Koreksi presensi %(name)s tanggal %(day)s menunggu keputusan Anda"),
        url=reverse("attendance:correction_queue"),
    )
    return correction


def _locked(correction: Correction) -> Correction:
    """The correction's row, locked until the transaction ends, as it is now."""
    return (
        Correction.objects.select_for_update(of=("self",))
        .select_related("employee__unit__instansi", "employee__user", "atasan")
        .get(pk=correction.pk)
    )


def _write_presence(correction: Correction) -> list[Presence]:
    """The corrected times as presensi records of source "koreksi" (nothing replaced; the first
    check-in and the last check-out count)."""
    zone = ZoneInfo(correction.employee.unit.instansi.time_zone)
    rows = [
        Presence(
            employee_id=correction.employee_id,
            work_date=correction.date,
            at=datetime.combine(correction.date, at, tzinfo=zone),
            kind=kind,
            source=PresenceSource.KOREKSI,
            # Names the correction: unique with (employee, at, kind) among non-browser records.
            device=f"koreksi:{correction.pk}",
        )
        for kind, at in ((PresenceKind.IN, correction.check_in), (PresenceKind.OUT, correction.check_out))
        if at is not None
    ]
    Presence.objects.bulk_create(rows)
    return rows


def _rebuild_day(correction: Correction) -> None:
    """Build the day again after commit: the daily status follows the approved correction."""
    employee_id, on = correction.employee_id, correction.date
    transaction.on_commit(lambda: daily.build_days(start=on, end=on, employee_ids=[employee_id]))


@transaction.atomic
def correction_decide(*, actor: Actor, correction: Correction, approve: bool, note: str = "") -> Correction:
    """The atasan approves (the times become presensi records) or rejects (with a note)."""
    correction = _locked(correction)
    if correction.state != CorrectionState.DIAJUKAN:
        raise ValidationError(
            _("Koreksi ini sudah %(state)s; keputusan Anda tidak disimpan.")
            % {"state": CorrectionState(correction.state).label.lower()}
        )
    access.require(access.can_decide_correction(actor, correction))
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": [_("Tuliskan alasan penolakan.")]})
    correction.state = CorrectionState.DISETUJUI if approve else CorrectionState.DITOLAK
    correction.decision_note = note[:REASON_MAX]
    correction.decided_by_id = actor.user_id
    correction.decided_at = timezone.now()
    audit.stamp(correction, actor)
    correction.save()
    if approve:
        _write_presence(correction)
        _rebuild_day(correction)
    _notify(
        correction,
        [correction.employee],
        "decided",
        gettext_lazy("Koreksi presensi Anda tanggal %(day)s: %(state)s"),
        url=reverse("attendance:presence"),
        state=CorrectionState(correction.state).label,
    )
    return correction


@transaction.atomic
def correction_cancel(*, actor: Actor, correction: Correction) -> Correction:
    """The employee withdraws their open correction."""
    correction = _locked(correction)
    if correction.state != CorrectionState.DIAJUKAN:
        raise ValidationError(_("Koreksi ini sudah diputuskan atau dibatalkan."))
    access.require(access.can_cancel_correction(actor, correction))
    correction.state = CorrectionState.DIBATALKAN
    correction.decided_at = timezone.now()
    audit.stamp(correction, actor)
    correction.save()
    return correction


def _notify(
    correction: Correction, people: list[Employee | None], event: str, text, *, url: str, **params
) -> None:
    users = [p.user_id for p in people if p is not None and p.user_id is not None]
    title = Message(
        text, {"name": correction.employee.full_name, "day": DateParam(correction.date, "j F Y"), **params}
    )
    notify_many(
        NotificationItem(
            recipient_id=user_id,
            kind=f"attendance_correction_{event}",
            title=title,
            key=f"attendance:correction:{correction.pk}:{event}",
            url=url,
        )
        for user_id in users
    )
