"""Presensi devices: HR's pages (register with a token shown once and stored hashed, the list with
its search and constant query count, a new token, deactivating) and the device endpoint (token,
inactive device, another agency's employee, duplicates, malformed JSON, size and row limits, the
first-scan rule for logs without a kind)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from attendance.choices import PresenceKind, PresenceSource
from attendance.models import Device, Presence
from attendance.services import devices as services

from .factories import actor

pytestmark = pytest.mark.django_db
URL = "/presensi/mesin/log/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def make_device(org, code="SN-0001", instansi=None):
    return services.device_create(
        actor=actor(org.users["hr_sorong"] if instansi is None else org.users["hr_palembang"]),
        instansi=instansi or org.sorong,
        code=code,
        name=f"Mesin {code}",
    )


def send(client, token, payload, **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}", **extra
    )


def test_the_endpoint_url_is_the_named_one():
    assert reverse("attendance:device_logs") == URL


def test_a_device_writes_its_logs_in_the_agencys_zone_and_a_resend_is_all_duplicates(org, client):
    device, token = make_device(org)
    nip = org.employee_dinkes_sorong.nip
    logs = {
        "logs": [
            {"nip": nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"},
            {"nip": nip, "timestamp": "2026-07-13T22:35:00Z", "kind": "0"},  # a ZKTeco code, same day WIT
            {"nip": nip, "timestamp": "2026-07-13T22:31:05Z", "kind": "in"},  # the first one again
            {
                "employee_id": org.head_dinkes_sorong.pk,
                "timestamp": "2026-07-14T16:05:00+09:00",
                "kind": "out",
            },
        ]
    }
    response = send(client, token, logs)
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 3, "duplicate": 1, "rejected": 0, "errors": []}
    rows = list(Presence.objects.order_by("at"))
    assert [(r.source, r.device, r.work_date.isoformat()) for r in rows] == [
        (PresenceSource.DEVICE, "SN-0001", "2026-07-14")
    ] * 3
    assert rows[0].at == datetime(2026, 7, 13, 22, 31, 5, tzinfo=UTC)
    assert rows[1].kind == PresenceKind.IN
    device.refresh_from_db()
    assert device.last_seen is not None
    again = send(client, token, logs)
    assert again.json() == {"accepted": 0, "duplicate": 4, "rejected": 0, "errors": []}
    assert Presence.objects.count() == 3


@pytest.mark.parametrize("header", ["", "Token ", "Token salah-token-yang-panjang-sekali", "Bearer x"])
def test_a_bad_or_missing_token_is_refused_and_nothing_written(org, client, header):
    make_device(org)
    log = {"logs": [{"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00"}]}
    response = client.post(URL, json.dumps(log), content_type="application/json", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "Token mesin tidak dikenal" in response.json()["error"]
    assert not Presence.objects.exists()


def test_an_inactive_device_is_refused(org, client):
    device, token = make_device(org)
    services.device_deactivate(actor=actor(org.users["hr_sorong"]), device=device)
    log = {"logs": [{"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00"}]}
    response = send(client, token, log)
    assert response.status_code == 403
    assert "tidak aktif" in response.json()["error"]
    assert not Presence.objects.exists()


def test_another_agencys_employee_and_bad_rows_are_rejected_the_good_ones_written(org, client):
    _device, token = make_device(org)
    logs = [
        {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"},
        {"nip": org.employee_dishub_palembang.nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"},
        {"nip": "199001012020011999", "timestamp": "2026-07-14T07:31:05+09:00"},
        {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14 07:40:00"},  # no offset
        {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-16T07:40:00+09:00"},  # future
        {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:50:00+09:00", "kind": "x"},
        {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:55:00+09:00", "device": "LAIN"},
        "bukan objek",
    ]
    response = send(client, token, {"logs": logs})
    body = response.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (1, 0, 7)
    reasons = {e["index"]: e["reason"] for e in body["errors"]}
    assert "instansi lain" in reasons[1]
    assert "tidak terdaftar" in reasons[2]
    assert "tanpa zona waktu" in reasons[3]
    assert "belum terjadi" in reasons[4]
    assert "tidak dikenal" in reasons[5]
    assert "tidak sesuai dengan token" in reasons[6]
    assert "objek JSON" in reasons[7]
    assert list(Presence.objects.values_list("employee_id", flat=True)) == [org.employee_dinkes_sorong.pk]


@pytest.mark.parametrize("body", ["{not json", b"\xff\xfe", "[]", '{"logs": {}}', "42"])
def test_malformed_or_empty_json_is_a_400(org, client, body):
    _device, token = make_device(org)
    response = send(client, token, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Presence.objects.exists()


def test_too_many_rows_or_too_large_a_body_is_a_413(org, client, settings):
    settings.ATTENDANCE_DEVICE_MAX_ROWS = 3
    _device, token = make_device(org)
    log = {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"}
    response = send(client, token, {"logs": [log] * 4})
    assert response.status_code == 413
    assert "paling banyak 3" in response.json()["error"]
    settings.ATTENDANCE_DEVICE_MAX_BYTES = 100
    response = send(client, token, {"logs": [log] * 2})
    assert response.status_code == 413
    assert not Presence.objects.exists()


def test_a_device_past_its_rate_limit_gets_429(org, client, settings):
    # A cache of its own: on a shared Redis another test worker's cache.clear() would reset the count.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate"}
    }
    settings.ATTENDANCE_DEVICE_RATE_LIMIT = 2
    _device, token = make_device(org)
    log = {"logs": [{"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00"}]}
    assert [send(client, token, log).status_code for _ in range(3)] == [200, 200, 429]


def test_logs_without_kind_first_scan_is_the_check_in_later_ones_check_outs(org, client):
    _device, token = make_device(org)
    nip = org.employee_dinkes_sorong.nip
    first = send(client, token, {"logs": [{"nip": nip, "timestamp": "2026-07-14T07:45:00+09:00"}]})
    assert first.json()["accepted"] == 1
    later = [
        {"nip": nip, "timestamp": "2026-07-14T12:00:00+09:00"},
        {"nip": nip, "timestamp": "2026-07-14T07:20:00+09:00"},  # earlier than the stored check-in
        {"nip": nip, "timestamp": "2026-07-14T16:10:00+09:00"},
    ]
    assert send(client, token, {"logs": later}).json()["accepted"] == 3
    kinds = [
        (r.at.astimezone(ZoneInfo(org.sorong.time_zone)).strftime("%H:%M"), r.kind)
        for r in Presence.objects.order_by("at")
    ]
    assert kinds == [
        ("07:20", PresenceKind.IN),
        ("07:45", PresenceKind.IN),
        ("12:00", PresenceKind.OUT),
        ("16:10", PresenceKind.OUT),
    ]


def test_a_single_log_object_is_accepted(org, client):
    _device, token = make_device(org)
    log = {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"}
    assert send(client, token, log).json()["accepted"] == 1


def test_the_device_endpoint_needs_no_csrf_token_but_other_posts_do(org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    _device, token = make_device(org)
    log = {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"}
    assert send(client, token, log).status_code == 200
    client.force_login(org.users["hr_sorong"])
    assert client.post(reverse("attendance:devices"), {"code": "X", "name": "Y"}).status_code == 403


# --- HR's pages ----------------------------------------------------------------------------------------------
def test_hr_registers_a_device_and_sees_its_token_once_stored_hashed(org, as_persona):
    client = as_persona("hr_sorong")
    response = client.post(
        reverse("attendance:devices") + f"?instansi={org.sorong.pk}", {"code": "SN-9", "name": "Mesin Lobi"}
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token in response.content.decode()
    device = Device.objects.get()
    assert device.token_hash == services.hash_token(token) and token not in (
        device.token_hash,
        device.token_prefix,
    )
    assert token not in client.get(reverse("attendance:device_edit", args=[device.pk])).content.decode()
    assert "SN-9" in client.get(reverse("attendance:devices")).content.decode()


def test_a_device_code_is_unique_in_its_agency(org, as_persona):
    make_device(org, "SN-1")
    response = as_persona("hr_sorong").post(reverse("attendance:devices"), {"code": "SN-1", "name": "Lagi"})
    assert response.status_code == 200 and "token" not in response.context
    assert Device.objects.count() == 1
    make_device(org, "SN-1", instansi=org.palembang)  # another agency may use the same code
    assert Device.objects.count() == 2


def test_a_new_token_replaces_the_old_one_at_once(org, as_persona, client):
    device, old = make_device(org)
    response = as_persona("hr_sorong").post(reverse("attendance:device_rotate", args=[device.pk]))
    new = response.context["token"]
    log = {"nip": org.employee_dinkes_sorong.nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"}
    assert send(client, old, log).status_code == 401
    assert send(client, new, log).status_code == 200


def test_deactivating_through_the_page(org, as_persona):
    device, _token = make_device(org)
    response = as_persona("hr_sorong").post(reverse("attendance:device_deactivate", args=[device.pk]))
    assert response.status_code == 302
    device.refresh_from_db()
    assert not device.is_active


def test_the_device_list_searches_by_name_or_code(org, as_persona):
    make_device(org, "SN-AAA")
    make_device(org, "ZK-BBB")
    client = as_persona("hr_sorong")
    page = client.get(reverse("attendance:devices") + "?q=zk").content.decode()
    assert "ZK-BBB" in page and "SN-AAA" not in page


@pytest.mark.parametrize("count", [1, 40])
def test_the_device_list_keeps_a_constant_query_count(org, as_persona, django_assert_max_num_queries, count):
    for i in range(count):
        make_device(org, f"SN-{i:02d}")
    client = as_persona("hr_sorong")
    with django_assert_max_num_queries(13):
        response = client.get(reverse("attendance:devices"))
    assert response.status_code == 200
    assert f"SN-{count - 1:02d}" in response.content.decode()


# --- The accepted count is what the INSERT really wrote ---------------------------------------------------------
LOGS = {
    "logs": [
        {"nip": "{nip}", "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"},
        {"nip": "{nip}", "timestamp": "2026-07-14T16:02:00+09:00", "kind": "out"},
    ]
}


def _logs(org):
    return json.loads(json.dumps(LOGS).replace("{nip}", org.employee_dinkes_sorong.nip))


def test_a_repeated_post_whose_check_saw_nothing_reports_0_accepted(org, client, monkeypatch):
    """Two identical posts racing both pass the check (neither sees the other's rows): the second
    one's INSERT skips every row, and its answer says so (accepted from the INSERT's RETURNING)."""
    from attendance.services import devicelogs

    _device, token = make_device(org)
    first = send(client, token, _logs(org))
    assert first.json()["accepted"] == 2
    real_check = devicelogs.check_logs

    def check_as_if_nothing_was_stored(**kwargs):
        stored = list(Presence.objects.values_list("pk", flat=True))
        rows = list(Presence.objects.all())
        Presence.objects.filter(pk__in=stored).delete()
        try:
            return real_check(**kwargs)  # the racing post's view: nothing stored yet
        finally:
            Presence.objects.bulk_create(rows)  # the first post's rows, committed meanwhile

    monkeypatch.setattr(devicelogs, "check_logs", check_as_if_nothing_was_stored)
    second = send(client, token, _logs(org))
    assert second.json() == {"accepted": 0, "duplicate": 2, "rejected": 0, "errors": []}
    assert Presence.objects.count() == 2


def test_write_records_counts_only_the_rows_it_inserted(org):
    from attendance.services import devicelogs

    nurse = org.employee_dinkes_sorong

    def records():
        return [
            Presence(employee_id=nurse.pk, work_date=datetime(2026, 7, 14).date(), at=at, kind=kind,
                     source=PresenceSource.DEVICE, device="SN-0001")
            for at, kind in (
                (datetime(2026, 7, 13, 22, 31, tzinfo=UTC), PresenceKind.IN),
                (datetime(2026, 7, 14, 7, 2, tzinfo=UTC), PresenceKind.OUT),
            )
        ]  # fmt: skip

    assert devicelogs.write_records(records(), instansi_id=org.sorong.pk) == 2
    # Another employee's row written meanwhile is not counted as this write's.
    Presence.objects.create(
        employee=org.head_dinkes_sorong, work_date=datetime(2026, 7, 14).date(),
        at=datetime(2026, 7, 13, 22, 0, tzinfo=UTC), kind=PresenceKind.IN, source=PresenceSource.DEVICE,
        device="SN-0001",
    )  # fmt: skip
    assert devicelogs.write_records(records(), instansi_id=org.sorong.pk) == 0
    assert Presence.objects.filter(employee=nurse).count() == 2
