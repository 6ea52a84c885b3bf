"""Findings of the attendance probe (bad input against a production-like server), each held here:
the device endpoint answered 500 to JSON nested too deep or a number of too many digits and to a
timestamp at the edge of the calendar; a device file with a NUL in its device column passed the
preview and failed with a 500 at "Terapkan"; the head's month page answered 500 to ?bulan=0001-01 and
?bulan=9999-12."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from attendance.models import Presence
from attendance.services import devicelogs

from .test_devices import make_device, send

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 7, 14, 3, 0, tzinfo=UTC)  # 12.00 WIT


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- The device endpoint ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        b'{"a":' * 5000 + b"1" + b"}" * 5000,  # RecursionError in json.loads
        b"[" * 50_000 + b"]" * 50_000,
        b'{"logs": [{"employee_id": ' + b"1" * 5000 + b', "timestamp": "2026-07-14T07:00:00+09:00"}]}',
    ],
    ids=["nested-objects", "nested-lists", "5000-digit-number"],
)
def test_json_the_parser_cannot_take_is_a_400_with_an_indonesian_message(org, client, body):
    _device, token = make_device(org)
    response = send(client, token, body)
    assert response.status_code == 400
    assert response.json() == {"error": "Isi permintaan bukan JSON yang sah."}
    assert not Presence.objects.exists()


@pytest.mark.parametrize(
    "timestamp",
    [
        "0001-01-01T00:00:00+14:00",  # before year 1 in UTC
        "9999-12-31T23:59:59-12:00",  # after year 9999 in UTC
        "9999-12-31T23:59:59Z",  # after year 9999 in WIT (the agency's zone)
        "0001-01-01T00:00:00Z",  # representable, refused as too old
    ],
)
def test_a_timestamp_at_the_edge_of_the_calendar_is_a_rejected_row_not_a_500(org, client, timestamp):
    _device, token = make_device(org)
    nip = org.employee_dinkes_sorong.nip
    logs = {
        "logs": [
            {"nip": nip, "timestamp": timestamp, "kind": "in"},
            {"nip": nip, "timestamp": "2026-07-14T07:31:05+09:00", "kind": "in"},
        ]
    }
    response = send(client, token, logs)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["rejected"]) == (1, 1)
    assert body["errors"][0]["index"] == 0
    assert body["errors"][0]["reason"].startswith("waktu ")
    assert Presence.objects.count() == 1


def test_a_timestamp_with_a_nul_is_rejected(org, client):
    _device, token = make_device(org)
    nip = org.employee_dinkes_sorong.nip
    response = send(client, token, {"logs": [{"nip": nip, "timestamp": "2026-07-14T07:00:00\x00+09:00"}]})
    assert response.json()["errors"] == [{"index": 0, "reason": "waktu berisi karakter kontrol (mis. NUL)"}]
    assert not Presence.objects.exists()


@pytest.mark.parametrize(
    "value",
    [datetime(1, 1, 1, 0, 0), datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "9999-12-31 23:59:59+00:00"],
)
def test_parse_timestamp_refuses_what_cannot_be_shown_in_the_agencys_zone(value):
    from zoneinfo import ZoneInfo

    with pytest.raises(devicelogs.BadValue):
        devicelogs.parse_timestamp(value, ZoneInfo("Asia/Jayapura"))


# --- The import of device files ----------------------------------------------------------------------------
def _upload(client, org, content: bytes, name: str = "log.csv") -> str:
    response = client.post(
        reverse("attendance:import") + f"?instansi={org.sorong.pk}",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )
    assert response.status_code == 302, response.content.decode()[:300]
    return response["Location"]


def test_a_nul_in_the_device_column_past_the_first_4_kib_is_a_bad_row_and_nothing_is_saved(
    org, as_persona, time_machine
):
    time_machine.move_to(NOW, tick=False)
    client = as_persona("hr_sorong")
    nip = org.employee_dinkes_sorong.nip
    # The CSV reader refuses a NUL in the first 4 KiB as "not a CSV"; further down it reached the INSERT.
    text = (
        f"NIP,Waktu,Mesin\n{nip},2026-07-14 07:31,SN-1\n"
        + " " * 5000
        + f"\n{nip},2026-07-14 16:01,AB\x00CD\n"
    )
    preview = _upload(client, org, text.encode())
    page = client.get(preview)
    assert page.status_code == 200
    assert "nama mesin berisi karakter kontrol (mis. NUL)" in page.content.decode()
    response = client.post(preview + "terapkan/", follow=True)
    assert response.status_code == 200
    assert "tidak ada presensi yang disimpan" in response.content.decode()
    assert not Presence.objects.exists()


def test_an_xlsx_datetime_cell_in_year_1_is_a_bad_row_not_a_500(org, as_persona, time_machine):
    time_machine.move_to(NOW, tick=False)
    client = as_persona("hr_sorong")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Waktu"])
    sheet.append([org.employee_dinkes_sorong.nip, datetime(1, 1, 1, 0, 0)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _upload(client, org, buffer.getvalue(), "log.xlsx")
    assert client.get(preview).status_code == 200
    response = client.post(preview + "terapkan/")
    assert response.status_code == 302
    assert not Presence.objects.exists()


# --- The head's month page -----------------------------------------------------------------------------------
@pytest.mark.parametrize("bulan", ["0001-01", "9999-12", "1999-12", "2101-01"])
def test_the_unit_month_outside_2000_to_2100_shows_this_month(org, as_persona, bulan, time_machine):
    time_machine.move_to(NOW, tick=False)
    response = as_persona("head_dinkes_sorong").get(reverse("attendance:unit_month"), {"bulan": bulan})
    assert response.status_code == 200
    assert response.context["first"].isoformat() == "2026-07-01"
