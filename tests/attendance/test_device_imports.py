"""HR's import of device files (CSV and .xlsx): the dry run lists every bad row with its line and an
Indonesian reason and saves nothing; "Terapkan" is all or nothing; a fixed file is saved; the same
file again is all duplicates; timestamps are read in the agency's zone, in the common formats."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from attendance.choices import PresenceKind, PresenceSource
from attendance.models import Presence
from attendance.services import devicelogs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def csv_file(text: str, name: str = "log.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("log.xlsx", buffer.getvalue())


def upload(client, org, file):
    response = client.post(reverse("attendance:import") + f"?instansi={org.sorong.pk}", {"file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def apply(client, preview_url):
    return client.post(preview_url + "terapkan/")


def good_csv(org) -> str:
    nip = org.employee_dinkes_sorong.nip
    return (
        "NIP;Waktu;Mesin\n"
        f"{nip};2026-07-14 07:31:05;SN-1\n"
        f"{nip};14/07/2026 16:05;SN-1\n"
        f"{org.head_dinkes_sorong.nip};14-07-2026 07:10:00;SN-1\n"
    )


def test_a_csv_with_a_bad_row_saves_nothing_then_fixed_saves_then_again_is_all_duplicates(org, as_persona):
    client = as_persona("hr_sorong")
    bad = good_csv(org) + f"{org.employee_dishub_palembang.nip};2026-07-14 07:31:05;SN-1\n"
    preview_url = upload(client, org, csv_file(bad))
    page = client.get(preview_url)
    assert page.context["report"].total == 4
    (problem,) = page.context["report"].problems
    assert problem.number == 5 and "instansi lain" in problem.reasons[0]
    assert 'disabled data-testid="apply"' in page.content.decode()
    refused = apply(client, preview_url)
    assert refused.status_code == 302 and refused["Location"] == preview_url
    assert not Presence.objects.exists()

    preview_url = upload(client, org, csv_file(good_csv(org)))
    report = client.get(preview_url).context["report"]
    assert report.ok and len(report.ready) == 3 and report.duplicates == 0
    done = apply(client, preview_url)
    assert done.status_code == 302
    rows = list(Presence.objects.order_by("at"))
    assert [(r.kind, r.source, r.device) for r in rows] == [
        (PresenceKind.IN, PresenceSource.IMPORT, "SN-1"),  # the head's 07.10
        (PresenceKind.IN, PresenceSource.IMPORT, "SN-1"),  # first scan of the day: the check-in
        (PresenceKind.OUT, PresenceSource.IMPORT, "SN-1"),  # a later one: the check-out
    ]
    # 07.31.05 WIT is 22.31.05 UTC the day before; the work date is the local one.
    assert rows[1].at == datetime(2026, 7, 13, 22, 31, 5, tzinfo=UTC)
    assert {r.work_date.isoformat() for r in rows} == {"2026-07-14"}

    preview_url = upload(client, org, csv_file(good_csv(org)))
    report = client.get(preview_url).context["report"]
    assert report.ok and report.ready == [] and report.duplicates == 3
    apply(client, preview_url)
    assert Presence.objects.count() == 3


def test_every_kind_of_bad_row_is_reported_with_its_line(org, as_persona):
    nip = org.employee_dinkes_sorong.nip
    text = (
        "ID Pegawai,NIP,Waktu,Jenis\n"
        f",{nip},2026-07-14 07:31:05,masuk\n"
        ",199001012020011999,2026-07-14 07:31:05,\n"
        f",{nip},kemarin pagi,\n"
        f",{nip},2024-01-02 07:00,\n"
        f",{nip},2026-08-01 07:00,\n"
        f",{nip},2026-07-14 07:31:05,masuk\n"
        f",{nip},2026-07-14 16:00,lembur\n"
        ",,2026-07-14 16:00,\n"
        f"{org.head_dinkes_sorong.pk},,2026-07-14 07:00,in\n"
    )
    client = as_persona("hr_sorong")
    report = client.get(upload(client, org, csv_file(text))).context["report"]
    reasons = {p.number: " ".join(p.reasons) for p in report.problems}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9}
    assert "tidak terdaftar" in reasons[3]
    assert "tidak terbaca" in reasons[4]
    assert "terlalu lama" in reasons[5]
    assert "belum terjadi" in reasons[6]
    assert "sama dengan baris 2" in reasons[7]
    assert "tidak dikenal" in reasons[8]
    assert "wajib diisi" in reasons[9]
    assert not report.ok and len(report.ready) == 2  # rows 2 and 10 are good, nothing may be applied


def test_an_xlsx_with_datetime_cells_a_bad_row_then_fixed(org, as_persona):
    nip = org.employee_dinkes_sorong.nip
    rows = [
        ["NIP", "Tanggal Jam", "SN"],
        [nip, datetime(2026, 7, 14, 7, 31, 5), "ZK-01"],
        [nip, "02/07/2026 16:05", "ZK-01"],
        [nip, "31/02/2026 16:05", "ZK-01"],
    ]
    client = as_persona("hr_sorong")
    preview_url = upload(client, org, xlsx_file(rows))
    report = client.get(preview_url).context["report"]
    assert [p.number for p in report.problems] == [4]
    apply(client, preview_url)
    assert not Presence.objects.exists()
    preview_url = upload(client, org, xlsx_file(rows[:3]))
    assert client.get(preview_url).context["report"].ok
    apply(client, preview_url)
    assert sorted(Presence.objects.values_list("work_date", "device")) == [
        (datetime(2026, 7, 2).date(), "ZK-01"),
        (datetime(2026, 7, 14).date(), "ZK-01"),
    ]
    assert Presence.objects.get(work_date="2026-07-14").at == datetime(2026, 7, 13, 22, 31, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0rest", ".xls lama"),
        (b"Nama,Jam\nA,07:00\n", "judul kolom"),
        (b"NIP,Waktu\n", "tidak berisi baris data"),
        (b"PK\x03\x04broken", "tidak dapat dibaca"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_whole(org, as_persona, content, message):
    client = as_persona("hr_sorong")
    page = client.get(upload(client, org, SimpleUploadedFile("x.csv", content)))
    assert message in page.context["report"].file_error
    assert 'disabled data-testid="apply"' in page.content.decode()


def test_too_many_rows_refuse_the_file(org, as_persona, settings):
    settings.ATTENDANCE_IMPORT_MAX_ROWS = 2
    client = as_persona("hr_sorong")
    page = client.get(upload(client, org, csv_file(good_csv(org))))
    assert "lebih dari 2 baris" in page.context["report"].file_error


@pytest.mark.parametrize(
    "text",
    ["2026-11-02 07:31:05", "2026-11-02 07:31", "02/11/2026 07:31", "02/11/2026 07:31:05", "2026/11/02 07:31",
     "02-11-2026 07:31", "02.11.2026 07:31", "2026-11-02T07:31"],
)  # fmt: skip
def test_the_common_timestamp_formats_are_read_in_the_agencys_zone(text):
    from zoneinfo import ZoneInfo

    at = devicelogs.parse_timestamp(text, ZoneInfo("Asia/Jayapura"))
    assert at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") == "2026-11-01 22:31"


def test_an_applied_file_builds_the_days_it_touches_after_commit(
    org, as_persona, django_capture_on_commit_callbacks
):
    from attendance.choices import DayStatus
    from attendance.models import DailyStatus

    client = as_persona("hr_sorong")
    preview_url = upload(client, org, csv_file(good_csv(org)))
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(client, preview_url).status_code == 302
    days = {r.employee_id: r for r in DailyStatus.objects.filter(date="2026-07-14")}
    nurse = days[org.employee_dinkes_sorong.pk]
    assert (nurse.status, nurse.minutes_late) == (DayStatus.TERLAMBAT, 1)  # 07.31.05 against 07.30
    assert days[org.head_dinkes_sorong.pk].status == DayStatus.PULANG_CEPAT  # in at 07.10, no check-out
    assert set(days) == {org.employee_dinkes_sorong.pk, org.head_dinkes_sorong.pk}  # only those touched


def test_a_big_file_hands_its_days_to_the_agencys_job(org, monkeypatch, django_capture_on_commit_callbacks):
    from attendance.models import DailyStatus

    record = Presence(
        employee=org.employee_dinkes_sorong,
        work_date=datetime(2026, 7, 14).date(),
        at=datetime(2026, 7, 13, 22, 31, tzinfo=UTC),
        kind=PresenceKind.IN,
        source=PresenceSource.IMPORT,
        device="SN-1",
    )
    monkeypatch.setattr(devicelogs, "REBUILD_INLINE_MAX", 0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        devicelogs.write_records([record], instansi_id=org.sorong.pk)
    assert len(callbacks) == 1
    # The agency's job (run in process here) built every employee of Sorong for that day, not only
    # the one in the file.
    built = set(DailyStatus.objects.filter(date="2026-07-14").values_list("employee_id", flat=True))
    assert {org.employee_dinkes_sorong.pk, org.employee_dishub_sorong.pk} <= built


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_days_are_built_after_the_records_are_written(org):
    """In a request (autocommit) on_commit runs at once when no transaction is open: the build must be
    registered inside the write's transaction, or it reads the day before its records exist."""
    from attendance.choices import DayStatus
    from attendance.models import DailyStatus

    record = Presence(
        employee=org.employee_dinkes_sorong,
        work_date=datetime(2026, 7, 14).date(),
        at=datetime(2026, 7, 13, 22, 31, tzinfo=UTC),  # 07.31 WIT
        kind=PresenceKind.IN,
        source=PresenceSource.IMPORT,
        device="SN-1",
    )
    assert devicelogs.write_records([record], instansi_id=org.sorong.pk) == 1
    day = DailyStatus.objects.get(employee=org.employee_dinkes_sorong, date="2026-07-14")
    assert (day.status, day.minutes_late) == (DayStatus.TERLAMBAT, 1)  # in at 07.31
