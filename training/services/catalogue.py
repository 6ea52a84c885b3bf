"""Writes of the catalogue: partners and their agreements, competencies, programmes (with their
eligibility and state) and sessions. HR of the programme's agency only; all or nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.models import Instansi, UnitKerja

from .. import access
from ..choices import EnrolmentState, OrganiserKind, ProgrammeState
from ..models import Competency, PartnerAgreement, PartnerInstitution, Programme, Session
from ..rules import golongan_range_problem, has_ended
from .enrolment import cancel_all, close_pending, promote_waitlist


def _save(instance: object, actor: Actor, message: str) -> None:
    stamp(instance, actor)  # type: ignore[arg-type]
    try:
        with transaction.atomic():
            instance.save()  # type: ignore[attr-defined]
    except IntegrityError as exc:
        raise ValidationError(message) from exc


# --- Partners, agreements, competencies ------------------------------------------------------------------
@transaction.atomic
def partner_save(*, actor: Actor, partner: PartnerInstitution, instansi: Instansi) -> PartnerInstitution:
    access.require_in_agency(actor, access.can_manage_catalogue(actor, instansi.pk), instansi.pk)
    if partner.pk is not None and partner.instansi_id != instansi.pk:
        raise ValidationError(_("Lembaga mitra ini milik instansi lain."))
    partner.instansi = instansi
    partner.name = " ".join(partner.name.split())
    partner.full_clean(exclude=["instansi"], validate_unique=False, validate_constraints=False)
    _save(partner, actor, _("Lembaga dengan nama ini sudah tercatat."))
    return partner


@transaction.atomic
def agreement_save(
    *, actor: Actor, agreement: PartnerAgreement, partner: PartnerInstitution
) -> PartnerAgreement:
    access.require_in_agency(
        actor, access.can_manage_catalogue(actor, partner.instansi_id), partner.instansi_id
    )
    agreement.partner = partner
    agreement.full_clean(exclude=["partner"])
    _save(agreement, actor, _("Perjanjian tidak dapat disimpan."))
    return agreement


@transaction.atomic
def competency_create(*, actor: Actor, instansi: Instansi, code: str, name: str, kind: str) -> Competency:
    access.require_in_agency(actor, access.can_manage_catalogue(actor, instansi.pk), instansi.pk)
    competency = Competency(
        instansi=instansi, code=code.strip().upper(), name=" ".join(name.split()), kind=kind
    )
    competency.full_clean(exclude=["instansi"], validate_unique=False, validate_constraints=False)
    _save(competency, actor, _("Kode kompetensi ini sudah dipakai."))
    return competency


# --- Programmes --------------------------------------------------------------------------------------------
def _check_programme(
    programme: Programme, instansi: Instansi, competencies: Iterable[Competency], units: Iterable[UnitKerja]
) -> None:
    errors: dict[str, list[str]] = {}
    problem = golongan_range_problem(programme.golongan_min, programme.golongan_max)
    if problem:
        errors.setdefault("golongan_max", []).append(problem)
    if programme.partner is not None and programme.partner.instansi_id != instansi.pk:
        errors.setdefault("partner", []).append(_("Lembaga mitra harus dari instansi yang sama."))
    if programme.organiser_kind == OrganiserKind.MITRA and programme.partner is None:
        errors.setdefault("partner", []).append(_("Pilih lembaga mitra penyelenggara."))
    if programme.organiser_kind == OrganiserKind.UNIT_INTERNAL and programme.organiser_unit is None:
        errors.setdefault("organiser_unit", []).append(_("Pilih unit internal penyelenggara."))
    if programme.organiser_unit is not None and programme.organiser_unit.instansi_id != instansi.pk:
        errors.setdefault("organiser_unit", []).append(_("Unit penyelenggara harus dari instansi yang sama."))
    if any(c.instansi_id != instansi.pk for c in competencies):
        errors.setdefault("competencies", []).append(_("Kompetensi harus dari daftar instansi yang sama."))
    if any(u.instansi_id != instansi.pk for u in units):
        errors.setdefault("units", []).append(_("Unit sasaran harus dari instansi yang sama."))
    if programme.pk is not None:
        outside = programme.sessions.exclude(date__range=(programme.start_date, programme.end_date))
        if outside.exists():
            errors.setdefault("start_date", []).append(
                _("Ada sesi di luar tanggal program; ubah atau hapus sesinya dulu.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_save(
    *,
    actor: Actor,
    programme: Programme,
    instansi: Instansi,
    competencies: Iterable[Competency] = (),
    units: Iterable[UnitKerja] = (),
) -> Programme:
    """Create or change a programme of the catalogue. A larger quota promotes the waitlist at once."""
    access.require_in_agency(actor, access.can_manage_catalogue(actor, instansi.pk), instansi.pk)
    competencies, units = list(competencies), list(units)
    if programme.pk is not None:
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if locked.instansi_id != instansi.pk:
            raise ValidationError(_("Program ini milik instansi lain."))
        if locked.state in (ProgrammeState.FINISHED, ProgrammeState.CANCELLED):
            raise ValidationError(_("Program yang sudah selesai atau dibatalkan tidak dapat diubah."))
        printed = ("title", "start_date", "end_date", "jp")
        changed = [name for name in printed if getattr(locked, name) != getattr(programme, name)]
        if changed and locked.enrolments.filter(certificate_code__isnull=False).exists():
            # Issued certificates (and the JP they wrote to the riwayat diklat) print these: they stay.
            raise ValidationError(
                _(
                    "Sertifikat program ini sudah terbit: judul, tanggal dan JP tidak dapat diubah lagi. "
                    "Buat program baru bila perlu."
                )
            )
    programme.instansi = instansi
    programme.full_clean(exclude=["instansi", "competencies", "units"])
    _check_programme(programme, instansi, competencies, units)
    _save(programme, actor, _("Program tidak dapat disimpan."))
    programme.competencies.set(competencies)
    programme.units.set(units)
    # Dates moved into the past: what was still waiting for a decision is closed, not left pending.
    close_pending(actor=actor, programme=programme)
    if programme.state in (ProgrammeState.OPEN, ProgrammeState.CLOSED) and not has_ended(
        programme.end_date, timezone.localdate()
    ):
        promote_waitlist(actor=actor, programme=programme)
    return programme


# Which state a programme may move to from which.
PROGRAMME_MOVES: dict[str, set[str]] = {
    ProgrammeState.DRAFT: {ProgrammeState.OPEN, ProgrammeState.CANCELLED},
    ProgrammeState.OPEN: {ProgrammeState.CLOSED, ProgrammeState.FINISHED, ProgrammeState.CANCELLED},
    ProgrammeState.CLOSED: {ProgrammeState.OPEN, ProgrammeState.FINISHED, ProgrammeState.CANCELLED},
    ProgrammeState.FINISHED: set(),
    ProgrammeState.CANCELLED: set(),
}


@transaction.atomic
def programme_set_state(*, actor: Actor, programme: Programme, state: str) -> Programme:
    """Open, close, finish or cancel a programme. Cancelling withdraws every enrolment still open
    (each is told); finishing needs every participant's result first."""
    access.check(actor, access.can_manage_programme(actor, programme), programme)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if state not in PROGRAMME_MOVES.get(locked.state, set()):
        raise ValidationError(
            _("Program berstatus “%(from)s” tidak dapat diubah menjadi “%(to)s”.")
            % {
                "from": locked.get_state_display(),
                "to": ProgrammeState(state).label if state in ProgrammeState.values else state,
            }
        )
    if state == ProgrammeState.OPEN and not locked.sessions.exists():
        raise ValidationError(_("Tambahkan jadwal sesi sebelum pendaftaran dibuka."))
    if state == ProgrammeState.FINISHED and locked.enrolments.filter(state=EnrolmentState.CONFIRMED).exists():
        raise ValidationError(_("Catat hasil setiap peserta sebelum program dinyatakan selesai."))
    if state == ProgrammeState.FINISHED and locked.end_date > timezone.localdate():
        raise ValidationError(
            _("Program baru dapat dinyatakan selesai setelah hari terakhirnya (%(date)s).")
            % {"date": date_format(locked.end_date, "j F Y")}
        )
    locked.state = state
    stamp(locked, actor)
    locked.save(update_fields=["state"])
    if state == ProgrammeState.CANCELLED:
        cancel_all(actor=actor, programme=locked, reason=_("Program dibatalkan."))
    if state == ProgrammeState.FINISHED:
        close_pending(actor=actor, programme=locked, finished=True)
    programme.state = state
    return locked


# --- Sessions ------------------------------------------------------------------------------------------------
@transaction.atomic
def session_save(*, actor: Actor, session: Session, programme: Programme) -> Session:
    access.check(actor, access.can_manage_programme(actor, programme), programme)
    if programme.state in (ProgrammeState.FINISHED, ProgrammeState.CANCELLED):
        raise ValidationError(_("Program yang sudah selesai atau dibatalkan tidak dapat diubah."))
    session.programme = programme
    session.full_clean(exclude=["programme"])
    errors: dict[str, list[str]] = {}
    if not programme.start_date <= session.date <= programme.end_date:
        errors["date"] = [_("Tanggal sesi harus di antara tanggal mulai dan selesai program.")]
    if not session.place and not session.online_url:
        errors["place"] = [_("Isi tempat atau tautan daring.")]
    if errors:
        raise ValidationError(errors)
    _save(session, actor, _("Sesi tidak dapat disimpan."))
    return session


@transaction.atomic
def session_delete(*, actor: Actor, session: Session) -> None:
    programme = session.programme
    access.check(actor, access.can_manage_programme(actor, programme), programme)
    if session.attendance.exists():
        raise ValidationError(_("Kehadiran sesi ini sudah dicatat; sesi tidak dapat dihapus."))
    session.delete()
