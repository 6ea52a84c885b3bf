"""Writes of accounts: create or link an employee's account (one or many), invite, set the first
password, (de)activate, and the HR officer posts. Access check, validation, audit, all or nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.access import Actor
from core.audit import stamp
from core.models import HrAssignment, Instansi
from employees.choices import LEFT_SERVICE, WorkingState
from employees.models import Employee
from employees.rules.nip import is_nip_shaped

from .. import access
from ..choices import AccountEventKind
from ..models import AccountEvent
from ..tokens import invitation_token_generator

logger = logging.getLogger(__name__)
User = get_user_model()

# Employees given accounts by one bulk request at most: a unit or a filtered list, never a whole
# province by a slip of the filter.
BULK_LIMIT = 2000


def _event(
    *,
    kind: str,
    user_id: int,
    actor: Actor,
    employee: Employee | None = None,
    instansi_id: int | None = None,
    note: str = "",
) -> AccountEvent:
    return AccountEvent(
        kind=kind,
        user_id=user_id,
        actor_id=actor.user_id,
        employee=employee,
        instansi_id=instansi_id
        if instansi_id is not None
        else (employee.unit.instansi_id if employee else None),
        note=note[:200],
    )


def _locked_employee(employee: Employee) -> Employee:
    return Employee.objects.select_for_update(of=("self",)).select_related("unit", "user").get(pk=employee.pk)


def _check_username(username: str, employee: Employee) -> str:
    username = username.strip().lower()
    try:
        UnicodeUsernameValidator()(username)
        # ASCII only: a Cyrillic "а" would make "аdmin" pass for "admin" in lists and the audit trail.
        username.encode("ascii")
    except (ValidationError, UnicodeEncodeError) as exc:
        raise ValidationError(
            {
                "username": _(
                    "Nama pengguna hanya boleh berisi huruf latin tanpa aksen, angka dan tanda @ . + - _."
                )
            }
        ) from exc
    if len(username) > 150:
        raise ValidationError({"username": _("Nama pengguna paling banyak 150 karakter.")})
    if is_nip_shaped(username) and username != employee.nip:
        raise ValidationError(
            {
                "username": _("Nama pengguna berbentuk NIP harus NIP pegawai ini sendiri (%(nip)s).")
                % {"nip": employee.nip}
            }
        )
    return username


def _can_get_account(employee: Employee) -> None:
    if employee.user_id is not None:
        raise ValidationError(_("Pegawai ini sudah memiliki akun."))
    if not employee.is_active or employee.working_state in LEFT_SERVICE:
        raise ValidationError(
            _("Pegawai yang sudah tidak aktif atau keluar dari instansi tidak dapat diberi akun.")
        )


@transaction.atomic
def account_create(*, actor: Actor, employee: Employee, username: str = "") -> Any:
    """The account of an employee: a new one (login = NIP; the username given, else the NIP), or an
    existing account that has no employee yet when `username` names one. It waits for its first
    password (an invitation)."""
    employee = _locked_employee(employee)
    access.require(access.can_manage_account(actor, employee))
    _can_get_account(employee)
    username = _check_username(username or employee.nip, employee)
    user = User.objects.select_for_update().filter(username__iexact=username).first()
    if user is not None:
        if Employee.objects.filter(user=user).exists():
            raise ValidationError({"username": _("Nama pengguna ini sudah dipakai akun pegawai lain.")})
        hr_ids = set(HrAssignment.objects.filter(user=user).values_list("instansi_id", flat=True))
        if not access.can_link_user(actor, user, hr_ids):
            raise ValidationError(
                {"username": _("Akun ini tidak dapat dihubungkan oleh petugas kepegawaian.")}
            )
        kind = AccountEventKind.LINKED
    else:
        user = User(username=username, email=employee.email, first_name=employee.name[:150])
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        kind = AccountEventKind.CREATED
    employee.user = user
    stamp(employee, actor)
    try:
        with transaction.atomic():
            employee.save(update_fields=["user"])
    except IntegrityError as exc:  # the account was linked elsewhere meanwhile
        raise ValidationError(_("Data bentrok dengan perubahan lain; muat ulang dan coba lagi.")) from exc
    _event(kind=kind, user_id=user.pk, actor=actor, employee=employee, note=username).save()
    return user


@dataclass
class BulkResult:
    created: int = 0
    linked: int = 0
    skipped: list[str] = field(default_factory=list)  # NIPs left alone, and why
    invited: int = 0
    without_email: int = 0


@transaction.atomic
def account_create_bulk(
    *, actor: Actor, instansi: Instansi, employee_ids: Iterable[int], invite: bool, base_url: str = ""
) -> BulkResult:
    """The accounts of many employees of one agency (a unit, a filtered list) in one transaction.

    Idempotent: employees who have an account are left alone, and an unlinked account whose username
    is the employee's NIP is linked instead of a second one being made, so running it again creates
    nothing twice. With `invite`, each new account with an e-mail address is sent its invitation.
    """
    access.require(access.can_manage_accounts_of(actor, instansi.pk))
    ids = list(employee_ids)
    if len(ids) > BULK_LIMIT:
        raise ValidationError(
            _(
                "Terlalu banyak pegawai sekaligus (%(n)s; paling banyak %(max)s). Persempit filter atau pilih unit."
            )
            % {"n": len(ids), "max": BULK_LIMIT}
        )
    rows = list(
        Employee.objects.select_for_update(of=("self",))
        .filter(access.manageable_accounts(actor, instansi.pk), pk__in=ids, user__isnull=True, is_active=True)
        .exclude(working_state__in=LEFT_SERVICE)
        .select_related("unit")
        .order_by("pk")
    )
    result = BulkResult()
    if not rows:
        return result
    existing = {u.username.lower(): u for u in User.objects.filter(username__in=[e.nip for e in rows])}
    linked_ids = set(Employee.objects.filter(user__in=existing.values()).values_list("user_id", flat=True))
    hr_posts: dict[int, set[int]] = {}
    for user_id, instansi_id in HrAssignment.objects.filter(user__in=existing.values()).values_list(
        "user_id", "instansi_id"
    ):
        hr_posts.setdefault(user_id, set()).add(instansi_id)
    fresh, linking, kinds = [], [], {}
    for employee in rows:
        user = existing.get(employee.nip)
        if user is None:
            new = User(username=employee.nip, email=employee.email, first_name=employee.name[:150])
            new.set_unusable_password()
            fresh.append(new)
        elif user.pk in linked_ids or not access.can_link_user(actor, user, hr_posts.get(user.pk, set())):
            result.skipped.append(employee.nip)
        else:
            employee.user = user
            linking.append(employee)
            kinds[employee.pk] = AccountEventKind.LINKED
    try:
        with transaction.atomic():
            User.objects.bulk_create(fresh, batch_size=500)
            made = {u.username: u for u in User.objects.filter(username__in=[u.username for u in fresh])}
            for employee in rows:
                if employee.nip in made:
                    employee.user = made[employee.nip]
                    linking.append(employee)
                    kinds[employee.pk] = AccountEventKind.CREATED
            actor_user = User(pk=actor.user_id) if actor.user_id else None
            bulk_update_with_history(linking, Employee, ["user"], batch_size=500, default_user=actor_user)
    except IntegrityError as exc:  # another request gave some of them accounts meanwhile
        raise ValidationError(_("Data bentrok dengan perubahan lain; muat ulang dan coba lagi.")) from exc
    AccountEvent.objects.bulk_create(
        [
            _event(kind=kinds[e.pk], user_id=e.user_id, actor=actor, employee=e, note=e.nip)  # type: ignore[arg-type]
            for e in linking
        ],
        batch_size=500,
    )
    result.created = sum(1 for k in kinds.values() if k == AccountEventKind.CREATED)
    result.linked = len(linking) - result.created
    if invite:
        users = {u.pk: u for u in User.objects.filter(pk__in=[e.user_id for e in linking])}
        mails, events = [], []
        for employee in linking:
            user = users[employee.user_id]  # type: ignore[index]
            address = employee.email or user.email
            if not address or user.has_usable_password() or not user.is_active:
                result.without_email += int(not address)
                continue
            mails.append(_prepare_invitation(user, employee, address, base_url, instansi))
            events.append(
                _event(
                    kind=AccountEventKind.INVITED,
                    user_id=user.pk,
                    actor=actor,
                    employee=employee,
                    note=address,
                )
            )
        User.objects.bulk_update([m[0] for m in mails], ["password", "email"], batch_size=500)
        AccountEvent.objects.bulk_create(events, batch_size=500)
        _send_on_commit([m[1] for m in mails])
        result.invited = len(mails)
    return result


# --- Invitations ----------------------------------------------------------------------------------------
def invitation_path(user: Any) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:invitation", args=[uid, invitation_token_generator.make_token(user)])


def _prepare_invitation(
    user: Any, employee: Employee, address: str, base_url: str, instansi: Instansi
) -> tuple[Any, tuple]:
    """Renew the account's unusable password (every older link fails) and write its e-mail."""
    user.set_unusable_password()
    user.email = address
    base = (settings.PORTAL_BASE_URL or base_url).rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "employee": employee,
            "user": user,
            "link": f"{base}{invitation_path(user)}",
            "hours": settings.ACCOUNT_INVITATION_HOURS,
            "instansi": instansi,
        }
        subject = _("Undangan akun ASN Portal")
        body = render_to_string("accounts/email/invitation.txt", context)
    return user, (subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def _send_on_commit(messages: list[tuple]) -> None:
    if not messages:
        return

    def send() -> None:
        try:
            send_mass_mail(tuple(messages), fail_silently=False, connection=get_connection())
        except Exception:  # the account stands; HR sees no invitation arrived and sends it again
            logger.exception("sending %d account invitations failed", len(messages))

    transaction.on_commit(send)


@transaction.atomic
def account_invite(*, actor: Actor, employee: Employee, base_url: str = "") -> Any:
    """Send (or send again) the invitation of an account that waits for its first password. A new
    invitation makes every earlier link of that account fail."""
    employee = _locked_employee(employee)
    access.require(access.can_manage_account(actor, employee))
    user = employee.user
    if user is None:
        raise ValidationError(_("Buat akun pegawai ini terlebih dahulu."))
    if not user.is_active:
        raise ValidationError(_("Akun ini nonaktif; aktifkan kembali sebelum mengirim undangan."))
    if user.has_usable_password():
        raise ValidationError(
            _(
                "Akun ini sudah aktif. Bila pegawai lupa kata sandinya, ia dapat memakai tautan 'Lupa kata sandi?'."
            )
        )
    address = employee.email or user.email
    if not address:
        raise ValidationError(
            _("Pegawai ini belum memiliki alamat surel. Isi surel pada data pegawai terlebih dahulu.")
        )
    user, message = _prepare_invitation(user, employee, address, base_url, employee.unit.instansi)
    user.save(update_fields=["password", "email"])
    _event(
        kind=AccountEventKind.INVITED, user_id=user.pk, actor=actor, employee=employee, note=address
    ).save()
    _send_on_commit([message])
    return user


@transaction.atomic
def account_set_password(*, user: Any, password: str, kind: str) -> Any:
    """The invited person's first password (kind ACTIVATED) or a new one through the reset link
    (PASSWORD_RESET): the link proved who they are, so they are the actor."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("Akun ini nonaktif. Hubungi petugas kepegawaian instansi Anda."))
    user.set_password(password)
    user.save(update_fields=["password"])
    employee = Employee.objects.filter(user=user).select_related("unit").first()
    actor = Actor(user_id=user.pk)
    _event(kind=kind, user_id=user.pk, actor=actor, employee=employee).save()
    return user


# --- (De)activation -----------------------------------------------------------------------------------
def _deactivate(user: Any, *, actor: Actor, employee: Employee | None, note: str) -> bool:
    if not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    _event(
        kind=AccountEventKind.DEACTIVATED, user_id=user.pk, actor=actor, employee=employee, note=note
    ).save()
    return True


@transaction.atomic
def account_deactivate(*, actor: Actor, employee: Employee, note: str = "") -> Any:
    """HR switches an account off: it can no longer sign in, and its open sessions end."""
    employee = _locked_employee(employee)
    access.require(access.can_manage_account(actor, employee))
    if employee.user is None:
        raise ValidationError(_("Pegawai ini belum memiliki akun."))
    if not _deactivate(
        employee.user, actor=actor, employee=employee, note=note or _("Dinonaktifkan petugas")
    ):
        raise ValidationError(_("Akun ini sudah nonaktif."))
    return employee.user


@transaction.atomic
def account_reactivate(*, actor: Actor, employee: Employee) -> Any:
    employee = _locked_employee(employee)
    access.require(access.can_manage_account(actor, employee))
    user = employee.user
    if user is None:
        raise ValidationError(_("Pegawai ini belum memiliki akun."))
    if user.is_active:
        raise ValidationError(_("Akun ini sudah aktif."))
    if not employee.is_active or employee.working_state in LEFT_SERVICE:
        raise ValidationError(
            _("Pegawai ini sudah keluar (%(state)s); akunnya tidak dapat diaktifkan kembali.")
            % {"state": WorkingState(employee.working_state).label if employee.working_state else "-"}
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    _event(kind=AccountEventKind.REACTIVATED, user_id=user.pk, actor=actor, employee=employee).save()
    return user


def account_deactivate_on_leaving(*, actor: Actor, employee: Employee) -> bool:
    """Called by the personnel record's service, inside its transaction, when an employee's working
    state becomes one of leaving (pensiun, meninggal, diberhentikan, pindah) or their record is
    switched off: the account goes off with it, or neither is saved. The caller has checked that the
    actor may change the record."""
    left = employee.working_state in LEFT_SERVICE or not employee.is_active
    if not left or employee.user_id is None:
        return False
    user = User.objects.select_for_update().get(pk=employee.user_id)
    label = (
        str(WorkingState(employee.working_state).label)
        if employee.is_active
        else _("data pegawai dinonaktifkan")
    )
    return _deactivate(
        user, actor=actor, employee=employee, note=_("Keadaan kepegawaian: %(s)s") % {"s": label}
    )


# --- HR officer posts -----------------------------------------------------------------------------------
@transaction.atomic
def hr_assignment_create(*, actor: Actor, login: str, instansi: Instansi) -> HrAssignment:
    """Make an account (named by its username or its employee's NIP) an HR officer of an agency."""
    access.require(access.can_manage_hr_assignments(actor))
    login = login.strip()
    user = (
        User.objects.filter(employee__nip=login).first() if is_nip_shaped(login) else None
    ) or User.objects.filter(username__iexact=login).first()
    if user is None:
        raise ValidationError({"login": _("Tidak ada akun dengan nama pengguna atau NIP ini.")})
    if not user.is_active:
        raise ValidationError({"login": _("Akun ini nonaktif.")})
    home = Employee.objects.filter(user=user).values_list("unit__instansi_id", "unit__instansi__name").first()
    if home is not None and home[0] != instansi.pk:
        # An employee of another agency would read this agency's whole personnel record.
        raise ValidationError(
            {
                "login": _(
                    "Akun ini milik pegawai %(home)s; petugas kepegawaian %(instansi)s harus pegawai "
                    "instansi itu sendiri atau akun tanpa data pegawai."
                )
                % {"home": home[1], "instansi": instansi.name}
            }
        )
    if HrAssignment.objects.filter(user=user, instansi=instansi).exists():
        raise ValidationError(
            _("%(user)s sudah menjadi petugas kepegawaian %(instansi)s.")
            % {"user": user.username, "instansi": instansi.name}
        )
    assignment = HrAssignment(user=user, instansi=instansi)
    stamp(assignment, actor)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise ValidationError(_("Data bentrok dengan perubahan lain; muat ulang dan coba lagi.")) from exc
    _event(
        kind=AccountEventKind.HR_ASSIGNED,
        user_id=user.pk,
        actor=actor,
        instansi_id=instansi.pk,
        note=instansi.name,
    ).save()
    return assignment


@transaction.atomic
def hr_assignment_delete(*, actor: Actor, assignment: HrAssignment) -> None:
    access.require(access.can_manage_hr_assignments(actor))
    assignment = HrAssignment.objects.select_for_update().select_related("instansi").get(pk=assignment.pk)
    _event(
        kind=AccountEventKind.HR_REMOVED,
        user_id=assignment.user_id,
        actor=actor,
        instansi_id=assignment.instansi_id,
        note=assignment.instansi.name,
    ).save()
    stamp(assignment, actor)
    assignment.delete()
