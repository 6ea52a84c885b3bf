"""Accounts (issue 13, item 1): create or link, bulk, invitation, reset, (de)activation, HR officer posts."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.choices import AccountEventKind
from accounts.models import AccountEvent
from core.access import actor_for
from core.models import HrAssignment
from employees.models import Employee
from employees.services.records import employee_set_active, employee_update

from ..conftest import PASSWORD
from ..factories import make_employee, make_employees_bulk, make_user

NEW_PASSWORD = "Kunci-Baru-Sekali-2026"
LINK = re.compile(r"https?://[^\s]+")


def hr(org):
    return actor_for(org.users["hr_sorong"])


def link_in(message) -> str:
    found = LINK.findall(message.body)
    assert found, message.body
    return found[0].split("testserver", 1)[-1]


def login(client: Client, username: str, password: str):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def kinds(user) -> list[str]:
    return list(AccountEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def newcomer(org):
    """An employee of Sorong (Dinas Perhubungan) without an account, with an e-mail address."""
    return make_employee(org.dishub_sorong, name="Budi Baru", email="budi.baru@example.go.id")


def invite(as_persona, employee, django_capture_on_commit_callbacks) -> str:
    client = as_persona("hr_sorong")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(reverse("accounts:create", args=[employee.pk]), {"username": ""}).status_code == 302
        )
        assert client.post(reverse("accounts:invite", args=[employee.pk])).status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [employee.email]
    return link_in(mail.outbox[0])


def accept(client: Client, link: str, password: str = NEW_PASSWORD):
    response = client.get(link)
    assert response.status_code == 302, "the token moves into the session"
    return client.post(response["Location"], {"new_password1": password, "new_password2": password})


# --- Invitation ---------------------------------------------------------------------------------------------
def test_invitation_happy_path(org, newcomer, as_persona, django_capture_on_commit_callbacks):
    link = invite(as_persona, newcomer, django_capture_on_commit_callbacks)
    newcomer.refresh_from_db()
    user = newcomer.user
    assert user.username == newcomer.nip and not user.has_usable_password()
    assert "Undangan akun ASN Portal" in mail.outbox[0].subject
    assert "72 jam" in mail.outbox[0].body
    body = mail.outbox[0].body
    assert f"({org.sorong.name}) membuatkan akun" in body
    assert f"Nama pengguna: NIP Anda, {newcomer.nip}." in body and "juga dapat masuk" not in body

    guest = Client()
    done = accept(guest, link)
    assert done.status_code == 302 and done["Location"] == reverse("core:login")
    assert login(guest, newcomer.nip, NEW_PASSWORD).status_code == 302
    assert signed_in(guest)
    assert kinds(user) == [AccountEventKind.CREATED, AccountEventKind.INVITED, AccountEventKind.ACTIVATED]
    created = AccountEvent.objects.get(user=user, kind=AccountEventKind.CREATED)
    assert created.actor == org.users["hr_sorong"] and created.instansi == org.sorong


def test_an_expired_invitation_fails_with_a_clear_message(
    org, newcomer, as_persona, django_capture_on_commit_callbacks, time_machine
):
    link = invite(as_persona, newcomer, django_capture_on_commit_callbacks)
    time_machine.shift(timedelta(hours=73))
    page = Client().get(link)
    assert page.status_code == 200
    assert "sudah kedaluwarsa" in page.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.user.has_usable_password()


def test_a_link_still_works_just_before_it_expires(
    org, newcomer, as_persona, django_capture_on_commit_callbacks, time_machine
):
    link = invite(as_persona, newcomer, django_capture_on_commit_callbacks)
    time_machine.shift(timedelta(hours=71))
    assert accept(Client(), link).status_code == 302


def test_a_used_invitation_link_fails(org, newcomer, as_persona, django_capture_on_commit_callbacks):
    link = invite(as_persona, newcomer, django_capture_on_commit_callbacks)
    accept(Client(), link)
    again = Client().get(link)
    assert again.status_code == 200
    assert "sudah dipakai" in again.content.decode()
    # The first password stands.
    newcomer.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)


def test_a_new_invitation_replaces_the_old_link(
    org, newcomer, as_persona, django_capture_on_commit_callbacks
):
    first = invite(as_persona, newcomer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        as_persona("hr_sorong").post(reverse("accounts:invite", args=[newcomer.pk]))
    second = link_in(mail.outbox[1])
    assert "tidak berlaku" in Client().get(first).content.decode()
    assert accept(Client(), second).status_code == 302


def test_an_active_account_is_not_invited_again(org, as_persona):
    client = as_persona("hr_sorong")
    response = client.post(reverse("accounts:invite", args=[org.employee_dinkes_sorong.pk]), follow=True)
    assert "sudah aktif" in response.content.decode()
    assert mail.outbox == []


def test_an_invitation_needs_an_email_address(org, as_persona):
    employee = make_employee(org.dishub_sorong, name="Tanpa Surel")
    client = as_persona("hr_sorong")
    client.post(reverse("accounts:create", args=[employee.pk]))
    response = client.post(reverse("accounts:invite", args=[employee.pk]), follow=True)
    assert "belum memiliki alamat surel" in response.content.decode()
    assert not AccountEvent.objects.filter(kind=AccountEventKind.INVITED).exists()


def test_the_password_must_pass_the_validators(org, newcomer, as_persona, django_capture_on_commit_callbacks):
    link = invite(as_persona, newcomer, django_capture_on_commit_callbacks)
    response = accept(Client(), link, password="12345")
    assert response.status_code == 200
    newcomer.refresh_from_db()
    assert not newcomer.user.has_usable_password()


# --- Create or link ---------------------------------------------------------------------------------------
def test_hr_links_an_existing_unlinked_account(org, newcomer):
    spare = make_user("budi.lama")
    user = services.account_create(actor=hr(org), employee=newcomer, username="Budi.Lama")
    assert user == spare
    newcomer.refresh_from_db()
    assert newcomer.user == spare
    assert kinds(spare) == [AccountEventKind.LINKED]
    # The link is in the record's own history too.
    assert newcomer.history.first().history_user == org.users["hr_sorong"]


def test_hr_cannot_link_an_account_of_another_agencys_hr_officer(org, newcomer):
    with pytest.raises(ValidationError, match="tidak dapat dihubungkan"):
        services.account_create(actor=hr(org), employee=newcomer, username="hr.palembang")
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_hr_cannot_link_their_own_login_or_a_colleagues_to_an_employee_record(org, newcomer):
    # The officer's own login on someone else's record would act as that employee (rate their staff).
    with pytest.raises(ValidationError, match="tidak dapat dihubungkan"):
        services.account_create(actor=hr(org), employee=newcomer, username="hr.sorong")
    colleague = make_user("hr2.sorong")
    HrAssignment.objects.create(user=colleague, instansi=org.sorong)
    with pytest.raises(ValidationError, match="tidak dapat dihubungkan"):
        services.account_create(actor=hr(org), employee=newcomer, username="hr2.sorong")
    newcomer.refresh_from_db()
    assert newcomer.user is None
    # The superuser may.
    assert services.account_create(
        actor=actor_for(org.users["superuser"]), employee=newcomer, username="hr2.sorong"
    )


def test_hr_cannot_switch_off_an_account_that_reaches_further_than_theirs(org, newcomer, as_persona):
    boss = org.users["superuser"]
    services.account_create(actor=actor_for(boss), employee=newcomer, username=boss.username)
    response = as_persona("hr_sorong").post(reverse("accounts:deactivate", args=[newcomer.pk]))
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.is_active


def test_a_bulk_creation_with_a_filter_that_does_not_hold_creates_nothing(org, as_persona):
    make_employees_bulk(org.dishub_sorong, 3)
    before = Employee.objects.filter(user__isnull=False).count()
    response = as_persona("hr_sorong").post(
        reverse("accounts:bulk"), {"instansi": org.sorong.pk, "unit": org.dishub_palembang.pk}, follow=True
    )
    assert "Saringan daftar tidak sah" in response.content.decode()
    assert Employee.objects.filter(user__isnull=False).count() == before


def test_the_invitation_page_does_not_tell_which_ids_are_live_accounts(org, client):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    live = org.users["employee_dinkes_sorong"]  # has a password
    uid = urlsafe_base64_encode(force_bytes(live.pk))
    page = client.get(reverse("accounts:invitation", args=[uid, "abc-def"]), follow=True).content.decode()
    unknown = client.get(
        reverse("accounts:invitation", args=[urlsafe_base64_encode(b"999999"), "abc-def"]), follow=True
    ).content.decode()
    assert "tidak berlaku" in page and "tidak berlaku" in unknown
    assert "kata sandi akun ini sudah ditetapkan" not in page


def test_a_lookalike_username_is_refused(org, newcomer):
    with pytest.raises(ValidationError, match="huruf latin tanpa aksen"):
        services.account_create(actor=hr(org), employee=newcomer, username="\u0430dmin")  # Cyrillic a
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_the_account_list_of_another_agency_is_not_found(org, as_persona):
    assert (
        as_persona("hr_sorong").get(reverse("accounts:list"), {"instansi": org.palembang.pk}).status_code
        == 404
    )
    assert (
        as_persona("hr_sorong").get(reverse("accounts:list"), {"instansi": org.sorong.pk}).status_code == 200
    )


def test_a_nip_shaped_username_must_be_the_employees_own(org, newcomer):
    other_nip = org.employee_dishub_sorong.nip
    with pytest.raises(ValidationError) as caught:
        services.account_create(actor=hr(org), employee=newcomer, username=other_nip)
    assert "harus NIP pegawai ini sendiri" in str(caught.value)


def test_an_account_is_not_created_twice(org):
    with pytest.raises(ValidationError, match="sudah memiliki akun"):
        services.account_create(actor=hr(org), employee=org.employee_dinkes_sorong)


def test_someone_who_left_gets_no_account(org, newcomer):
    Employee.objects.filter(pk=newcomer.pk).update(working_state="pensiun")
    with pytest.raises(ValidationError, match="tidak dapat diberi akun"):
        services.account_create(actor=hr(org), employee=newcomer)


# --- Bulk -------------------------------------------------------------------------------------------------
def test_bulk_creation_is_idempotent(org, as_persona, django_capture_on_commit_callbacks):
    people = make_employees_bulk(org.dishub_sorong, 5)
    Employee.objects.filter(pk=people[0].pk).update(email="satu@example.go.id")
    # An account whose username is a NIP already exists, unlinked: it is linked, not made twice.
    spare = make_user(people[1].nip)
    users_before = get_user_model().objects.count()
    client = as_persona("hr_sorong")
    data = {"instansi": org.sorong.pk, "unit": org.dishub_sorong.pk, "invite": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("accounts:bulk"), data, follow=True)
    assert first.status_code == 200
    # Dinas Perhubungan Sorong: the five, plus the fixture's employee without an account.
    assert get_user_model().objects.count() == users_before + 5
    assert Employee.objects.filter(unit=org.dishub_sorong, user__isnull=True).count() == 0
    assert Employee.objects.get(pk=people[1].pk).user == spare
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["satu@example.go.id"]
    assert AccountEvent.objects.filter(kind=AccountEventKind.CREATED).count() == 5
    assert AccountEvent.objects.filter(kind=AccountEventKind.LINKED).count() == 1

    events = AccountEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("accounts:bulk"), data, follow=True)
    assert "Akun dibuat: 0" in again.content.decode()
    assert get_user_model().objects.count() == users_before + 5
    assert AccountEvent.objects.count() == events
    assert len(mail.outbox) == 1


def test_bulk_stays_in_the_actors_agency(org, as_persona):
    client = as_persona("hr_sorong")
    response = client.post(reverse("accounts:bulk"), {"instansi": org.palembang.pk})
    assert response.status_code == 404
    assert not AccountEvent.objects.exists()


def test_bulk_is_all_or_nothing(org, monkeypatch):
    make_employees_bulk(org.dishub_sorong, 3)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit table is gone")

    monkeypatch.setattr(AccountEvent.objects, "bulk_create", broken)
    users_before = get_user_model().objects.count()
    with pytest.raises(RuntimeError):
        services.account_create_bulk(
            actor=hr(org),
            instansi=org.sorong,
            employee_ids=Employee.objects.filter(unit=org.dishub_sorong).values_list("pk", flat=True),
            invite=False,
        )
    assert get_user_model().objects.count() == users_before
    assert Employee.objects.filter(unit=org.dishub_sorong, user__isnull=False).count() == 0


# --- Password reset -----------------------------------------------------------------------------------------
def test_self_service_password_reset(org):
    user = org.users["employee_dinkes_sorong"]
    user.email = "siti@example.go.id"
    user.save()
    guest = Client()
    sent = guest.post(reverse("accounts:password_reset"), {"email": "SITI@example.go.id"})
    assert sent["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti@example.go.id"]
    link = link_in(mail.outbox[0])
    done = accept(guest, link)
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert login(Client(), user.username, NEW_PASSWORD).status_code == 302
    assert kinds(user) == [AccountEventKind.PASSWORD_RESET]
    # The link works once.
    assert "tidak berlaku atau sudah dipakai" in Client().get(link).content.decode()


def test_password_reset_does_not_tell_which_addresses_exist(org):
    unknown = Client().post(reverse("accounts:password_reset"), {"email": "siapa@example.go.id"})
    assert unknown.status_code == 302 and unknown["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_an_expired_reset_link_fails(org, time_machine):
    user = org.users["employee_dinkes_sorong"]
    user.email = "siti@example.go.id"
    user.save()
    Client().post(reverse("accounts:password_reset"), {"email": user.email})
    link = link_in(mail.outbox[0])
    time_machine.shift(timedelta(hours=3))
    assert "sudah kedaluwarsa" in Client().get(link).content.decode()


def test_a_deactivated_account_gets_no_reset_email(org):
    user = org.users["employee_dinkes_sorong"]
    user.email = "siti@example.go.id"
    user.is_active = False
    user.save()
    Client().post(reverse("accounts:password_reset"), {"email": user.email})
    assert mail.outbox == []


# --- (De)activation ---------------------------------------------------------------------------------------
def test_leaving_the_service_deactivates_the_account_in_the_same_transaction(org):
    nurse = org.employee_dinkes_sorong
    employee_update(actor=hr(org), employee=nurse, data={"working_state": "pensiun"})
    user = get_user_model().objects.get(pk=nurse.user_id)
    assert not user.is_active
    event = AccountEvent.objects.get(user=user, kind=AccountEventKind.DEACTIVATED)
    assert event.actor == org.users["hr_sorong"] and "Pensiun" in event.note


@pytest.mark.parametrize("state", ["meninggal", "diberhentikan", "pindah"])
def test_every_way_of_leaving_deactivates(org, state):
    nurse = org.employee_dinkes_sorong
    employee_update(actor=hr(org), employee=nurse, data={"working_state": state})
    assert not get_user_model().objects.get(pk=nurse.user_id).is_active


def test_switching_the_record_off_switches_the_login_off_too(org):
    nurse = org.employee_dinkes_sorong
    employee_set_active(actor=hr(org), employee=nurse, active=False)
    user = get_user_model().objects.get(pk=nurse.user_id)
    assert not user.is_active
    event = AccountEvent.objects.get(user=user, kind=AccountEventKind.DEACTIVATED)
    assert "dinonaktifkan" in event.note
    # Switching the record back on leaves the login to HR's own decision.
    employee_set_active(actor=hr(org), employee=nurse, active=True)
    assert not get_user_model().objects.get(pk=nurse.user_id).is_active


def test_a_leave_of_absence_keeps_the_account(org):
    nurse = org.employee_dinkes_sorong
    employee_update(actor=hr(org), employee=nurse, data={"working_state": "tugas_belajar"})
    assert get_user_model().objects.get(pk=nurse.user_id).is_active


def test_an_edit_that_keeps_the_working_state_leaves_a_reactivated_account_alone(org):
    # HR switched the login of a retiree back on (e.g. to read their record); a later edit of
    # another field must not switch it off again: only a change of working state does.
    nurse = org.employee_dinkes_sorong
    employee_update(actor=hr(org), employee=nurse, data={"working_state": "pensiun"})
    get_user_model().objects.filter(pk=nurse.user_id).update(is_active=True)
    employee_update(actor=hr(org), employee=nurse, data={"phone": "081234567890"})
    assert get_user_model().objects.get(pk=nurse.user_id).is_active


def test_a_failed_deactivation_rolls_back_the_working_state_too(org, monkeypatch):
    nurse = org.employee_dinkes_sorong

    def broken(self, *args, **kwargs):
        raise RuntimeError("the audit table is gone")

    monkeypatch.setattr(AccountEvent, "save", broken)
    with pytest.raises(RuntimeError):
        employee_update(actor=hr(org), employee=nurse, data={"working_state": "pensiun"})
    nurse.refresh_from_db()
    assert nurse.working_state == "aktif"
    assert get_user_model().objects.get(pk=nurse.user_id).is_active


def test_a_deactivated_account_cannot_log_in(org, as_persona):
    nurse_user = org.users["employee_dinkes_sorong"]
    signed_in_before = as_persona("employee_dinkes_sorong")
    assert signed_in_before.get(reverse("core:dashboard")).status_code == 200
    response = as_persona("hr_sorong").post(
        reverse("accounts:deactivate", args=[org.employee_dinkes_sorong.pk])
    )
    assert response.status_code == 302
    guest = Client()
    refused = login(guest, nurse_user.username, PASSWORD)
    assert refused.status_code == 200 and not signed_in(guest)
    refused_by_nip = login(guest, org.employee_dinkes_sorong.nip, PASSWORD)
    assert refused_by_nip.status_code == 200 and not signed_in(guest)
    # An open session ends at its next request.
    assert signed_in_before.get(reverse("core:dashboard")).status_code == 302
    assert kinds(nurse_user) == [AccountEventKind.DEACTIVATED]


def test_hr_reactivates_an_account_but_not_of_someone_who_left(org, as_persona):
    nurse = org.employee_dinkes_sorong
    client = as_persona("hr_sorong")
    client.post(reverse("accounts:deactivate", args=[nurse.pk]))
    client.post(reverse("accounts:reactivate", args=[nurse.pk]))
    assert get_user_model().objects.get(pk=nurse.user_id).is_active
    employee_update(actor=hr(org), employee=nurse, data={"working_state": "pensiun"})
    response = client.post(reverse("accounts:reactivate", args=[nurse.pk]), follow=True)
    assert "tidak dapat diaktifkan kembali" in response.content.decode()
    assert not get_user_model().objects.get(pk=nurse.user_id).is_active


def test_hr_cannot_manage_their_own_account(org):
    own = make_employee(org.dinkes_sorong, user=org.users["hr_sorong"], name="Petugas Sendiri")
    with pytest.raises(Exception) as caught:
        services.account_deactivate(actor=hr(org), employee=own)
    assert caught.type.__name__ == "PermissionDenied"


# --- HR officer posts ---------------------------------------------------------------------------------------
def test_superuser_assigns_and_removes_an_hr_officer(org, as_persona):
    client = as_persona("superuser")
    nurse = org.employee_dinkes_sorong
    added = client.post(reverse("accounts:officers"), {"login": nurse.nip, "instansi": org.sorong.pk})
    assert added.status_code == 302
    post = HrAssignment.objects.get(user=org.users["employee_dinkes_sorong"])
    assert post.history.first().history_user == org.users["superuser"]
    twice = client.post(reverse("accounts:officers"), {"login": "perawat.sorong", "instansi": org.sorong.pk})
    assert twice.status_code == 200 and "sudah menjadi petugas" in twice.content.decode()
    client.post(reverse("accounts:officer_remove", args=[post.pk]))
    assert not HrAssignment.objects.filter(pk=post.pk).exists()
    assert kinds(org.users["employee_dinkes_sorong"]) == [
        AccountEventKind.HR_ASSIGNED,
        AccountEventKind.HR_REMOVED,
    ]
    deleted = HrAssignment.history.filter(id=post.pk, history_type="-").get()
    assert deleted.history_user == org.users["superuser"]


def test_an_employee_of_another_agency_cannot_become_its_hr_officer(org, as_persona):
    client = as_persona("superuser")
    refused = client.post(
        reverse("accounts:officers"), {"login": org.employee_dishub_palembang.nip, "instansi": org.sorong.pk}
    )
    assert refused.status_code == 200
    assert "Akun ini milik pegawai" in refused.content.decode()
    assert not HrAssignment.objects.filter(
        user=org.employee_dishub_palembang.user_id, instansi=org.sorong
    ).exists()


def test_an_unknown_login_is_refused_in_indonesian(org, as_persona):
    response = as_persona("superuser").post(
        reverse("accounts:officers"), {"login": "tidak.ada", "instansi": org.sorong.pk}
    )
    assert response.status_code == 200
    assert "Tidak ada akun dengan nama pengguna atau NIP ini." in response.content.decode()


# --- The list ------------------------------------------------------------------------------------------------
def test_the_list_shows_state_and_last_login(org, newcomer, as_persona):
    services.account_create(actor=hr(org), employee=newcomer)
    client = as_persona("hr_sorong")
    page = client.get(reverse("accounts:list")).content.decode()
    assert "Budi Baru" in page and "Menunggu aktivasi" in page and "belum diundang" in page
    filtered = client.get(reverse("accounts:list"), {"state": "none"}).content.decode()
    assert "Staf Dishub Sorong" in filtered and "Budi Baru" not in filtered
    searched = client.get(reverse("accounts:list"), {"q": newcomer.nip[:8], "sort": "-login"})
    assert searched.status_code == 200
    # HR never sees their own agency's list entry for themselves nor another agency's people.
    assert "Staf Dishub Palembang" not in page


@pytest.mark.parametrize("sort", ["nama", "-nip", "unit", "status", "-login"])
def test_the_list_query_count_does_not_grow_with_rows(org, as_persona, django_assert_max_num_queries, sort):
    client = as_persona("hr_sorong")
    client.get(reverse("accounts:list"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:list"), {"sort": sort})
    people = make_employees_bulk(org.dishub_sorong, 60)
    services.account_create_bulk(
        actor=hr(org), instansi=org.sorong, employee_ids=[p.pk for p in people[:30]], invite=False
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("accounts:list"), {"sort": sort})
    assert response.status_code == 200


def test_reset_requests_are_limited_per_address(org, settings):
    """PASSWORD_RESET_LIMIT requests per address and hour; then a 429 page in Indonesian that keeps the
    address typed, and no e-mail. Another address is not affected."""
    settings.PASSWORD_RESET_LIMIT = 2
    user = org.users["employee_dinkes_sorong"]
    user.email = "siti@example.go.id"
    user.save()
    # Addresses of their own (the PostgreSQL run's Redis keeps counts for an hour, across runs).
    flooder_address, other_address = (f"2001:db8::{secrets.token_hex(2)}:{n}" for n in (1, 2))
    flooder = Client(REMOTE_ADDR=flooder_address)
    for _ in range(2):
        assert flooder.post(reverse("accounts:password_reset"), {"email": user.email}).status_code == 302
    refused = flooder.post(reverse("accounts:password_reset"), {"email": user.email})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Terlalu banyak permintaan atur ulang kata sandi" in html and 'value="siti@example.go.id"' in html
    assert len(mail.outbox) == 2
    other = Client(REMOTE_ADDR=other_address).post(reverse("accounts:password_reset"), {"email": user.email})
    assert other.status_code == 302 and len(mail.outbox) == 3
