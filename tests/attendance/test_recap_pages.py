"""HR's recap page (filters, totals, chart, constant queries), the "Rekap presensi" export (content,
and the job above the stream limit) and the band table pages (a new version, refusals, read-only)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from attendance.choices import DayStatus
from attendance.models import Band, BandTable
from core.choices import RunState
from core.models import ExportFile

from ..factories import make_employee
from .recap_factories import band_table, month_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    """The chart keeps closed months in the cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


def _month(org):
    band_table(org.sorong, date(2026, 1, 1))
    month_of(
        org.employee_dinkes_sorong, 2026, 7,
        d1={"status": DayStatus.TERLAMBAT, "late": 40, "tl": "TL2"},
        d2={"status": DayStatus.TANPA_KETERANGAN},
        d3={"status": DayStatus.PULANG_CEPAT, "early": 70, "psw": "PSW3"},
        d6={"status": DayStatus.DINAS_LUAR},
    )  # fmt: skip
    month_of(org.head_dinkes_sorong, 2026, 7, d7={"status": DayStatus.SAKIT})
    month_of(org.employee_dishub_palembang, 2026, 7)  # another agency: never shown


def test_the_recap_page_shows_the_month_its_totals_and_the_chart(org, as_persona):
    _month(org)
    client = as_persona("hr_sorong")
    page = client.get(reverse("attendance:recap"), {"bulan": "2026-07"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Siti Perawat" in body and "Kepala Dinkes" in body and "Staf Dishub Palembang" not in body
    assert page.context["totals"]["employees"] == 2
    assert page.context["totals"]["tk"] == 1
    rows = {r.name: r for r in page.context["rows"]}
    assert rows["Siti Perawat"].cut_percent == Decimal("5.25")  # 1 + 3 + 1.25
    assert rows["Siti Perawat"].dinas_luar == 1 and rows["Kepala Dinkes"].sakit == 1
    # The head's sakit day has no approved leave behind it: flagged against the leave app.
    assert rows["Kepala Dinkes"].leave_mismatch and not rows["Siti Perawat"].leave_mismatch
    assert 'data-testid="leave-mismatch"' in body
    assert 'data-testid="punctuality-chart"' in body and "<svg" in body
    trend = {t.name: bars for t, bars in page.context["trends"]}["Dinas Kesehatan"]
    assert [b.value for b in trend][-1] == Decimal("97.7")  # 42 of 43 days worked on time
    # The unit filter (a subtree), the search and another month.
    page = client.get(reverse("attendance:recap"), {"bulan": "2026-07", "unit": org.pkm_sorong.pk})
    assert [r.name for r in page.context["rows"]] == ["Siti Perawat"]
    page = client.get(reverse("attendance:recap"), {"bulan": "2026-07", "q": "kepala"})
    assert [r.name for r in page.context["rows"]] == ["Kepala Dinkes"]
    page = client.get(reverse("attendance:recap"), {"bulan": "2026-06"})
    assert list(page.context["rows"]) == [] and "Belum ada status harian" in page.content.decode()
    # A bad month is ignored with a message (the current month is shown).
    page = client.get(reverse("attendance:recap"), {"bulan": "2026-13"})
    assert page.status_code == 200 and page.context["r"].month == 7
    assert "Filter tidak valid diabaikan" in page.content.decode()


@pytest.mark.parametrize("sort", ["nama", "-tk", "unit", "hadir"])
def test_the_recap_page_takes_the_same_queries_whatever_the_size(
    org, as_persona, django_assert_max_num_queries, sort
):
    _month(org)
    client = as_persona("hr_sorong")
    url = reverse("attendance:recap")
    client.get(url)
    counts = []
    for extra in (0, 12):
        for i in range(extra):
            employee = make_employee(org.dishub_sorong, name=f"Pegawai {i:02d}")
            month_of(employee, 2026, 7, d8={"status": DayStatus.TERLAMBAT, "late": 100, "tl": "TL4"})
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"bulan": "2026-07", "sort": sort}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(url, {"bulan": "2026-07", "sort": sort, "page": 2, "size": 25})


def _sheet(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_export_is_the_layout_hr_sends_to_finance(org, as_persona):
    _month(org)
    response = as_persona("hr_sorong").get(reverse("attendance:recap_export"), {"bulan": "2026-07"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('rekap-presensi-kota-sorong-2026-07.xlsx"')
    rows = _sheet(response)
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No.")
    assert any("Rekap presensi Juli 2026" in str(r[0]) for r in rows[:header_at])
    assert rows[header_at] == (
        "No.", "NIP", "Nama", "Jabatan", "Golongan", "Unit kerja", "Hari kerja", "Hadir",
        "TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK", "Cuti", "Sakit", "DL", "Pelatihan",
        "WFA", "% potongan", "% dari TPP",
    )  # fmt: skip
    data = {r[2]: r for r in rows[header_at + 1 :]}
    assert set(data) == {"Siti Perawat", "Kepala Dinkes", "Jumlah"}
    assert rows[-1][2] == "Jumlah"  # the totals line closes the sheet
    nurse = data["Siti Perawat"]
    assert nurse[1] == org.employee_dinkes_sorong.nip
    assert nurse[3:8] == ("Pengadministrasi Perkantoran", "III/a", "Puskesmas Sorong Kota", 23, 21)
    assert nurse[8:16] == (0, 1, 0, 0, 0, 0, 1, 0)
    assert nurse[16:21] == (1, 0, 0, 1, 0)
    assert nurse[21:] == (0, 5.25, 2.1)
    assert data["Kepala Dinkes"][16:21] == (0, 0, 1, 0, 0)


def test_the_export_ends_with_the_totals_of_the_day_counts(org, as_persona):
    _month(org)
    response = as_persona("hr_sorong").get(reverse("attendance:recap_export"), {"bulan": "2026-07"})
    rows = _sheet(response)
    header_at = next(i for i, r in enumerate(rows) if r[0] == "No.")
    people, totals = rows[header_at + 1 : -1], rows[-1]
    assert len(people) == 2 and totals[:6] == (None, None, "Jumlah", None, None, None)
    # Hari kerja .. WFA: the column sums of the lines above; the two percentages are left empty.
    assert totals[6:22] == tuple(sum(p[i] for p in people) for i in range(6, 22))
    assert totals[6:8] == (46, 43) and totals[16:21] == (1, 0, 1, 1, 0)
    assert totals[22:] == (None, None)


def test_the_export_file_is_named_after_its_month_and_unit(org, as_persona):
    _month(org)
    client = as_persona("hr_sorong")
    url = reverse("attendance:recap_export")
    response = client.get(url, {"bulan": "2026-06", "unit": org.pkm_sorong.pk})
    assert response["Content-Disposition"].endswith('rekap-presensi-kota-sorong-dinkespkm1-2026-06.xlsx"')
    whole = client.get(url, {"bulan": "2026-06"})
    assert whole["Content-Disposition"].endswith('rekap-presensi-kota-sorong-2026-06.xlsx"')


def test_a_bad_filter_downloads_nothing(org, as_persona):
    response = as_persona("hr_sorong").get(reverse("attendance:recap_export"), {"bulan": "juli"})
    assert response.status_code == 302 and reverse("attendance:recap") in response["Location"]


def test_above_the_stream_limit_the_export_is_built_by_a_job(
    org, as_persona, settings, django_capture_on_commit_callbacks
):
    _month(org)
    settings.EXPORT_STREAM_MAX_ROWS = 1
    client = as_persona("hr_sorong")
    url = reverse("attendance:recap_export") + "?bulan=2026-07"
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="export-large"' in page.content.decode()
    assert not ExportFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("core:exports")
    export = ExportFile.objects.get()
    assert (export.kind, export.state, export.rows) == ("attendance-recap", RunState.DONE, 2)
    with export.file.open("rb") as handle:
        rows = list(load_workbook(handle).active.iter_rows(values_only=True))
    assert {r[2] for r in rows if r and isinstance(r[0], int)} == {"Siti Perawat", "Kepala Dinkes"}
    assert rows[-1][2] == "Jumlah" and rows[-1][6] == 46  # the totals line, not counted as a row


# --- Band tables ---------------------------------------------------------------------------------------------
def _band_data(**overrides):
    data = {"name": "Perwali 3/2026", "valid_from": "2026-08-01", "absence_cut_percent": "4",
            "attendance_share_percent": "40"}  # fmt: skip
    edges = [(1, 30), (31, 60), (61, 90), (91, "")]
    for prefix in ("tl", "psw"):
        for i, (lo, hi) in enumerate(edges, start=1):
            data.update({f"{prefix}{i}_min": lo, f"{prefix}{i}_max": hi, f"{prefix}{i}_cut": str(i)})
    data.update(overrides)
    return data


def test_a_new_band_table_version_ends_the_one_in_force(org, as_persona):
    old = band_table(org.sorong, date(2026, 1, 1))
    client = as_persona("hr_sorong")
    url = reverse("attendance:band_tables") + f"?instansi={org.sorong.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "Perwali 12/2025" in page.content.decode()
    assert page.context["form"]["tl1_cut"].value() == Decimal("0.50")  # prefilled from the table in force
    response = client.post(url, _band_data())
    assert response.status_code == 302
    new = BandTable.objects.get(valid_from=date(2026, 8, 1))
    old.refresh_from_db()
    assert old.valid_to == date(2026, 7, 31) and new.valid_to is None
    assert new.absence_cut_percent == Decimal("4") and new.created_by_id == org.users["hr_sorong"].pk
    assert sorted(Band.objects.filter(table=new).values_list("code", "cut_percent")) == [
        ("PSW1", Decimal("1")), ("PSW2", Decimal("2")), ("PSW3", Decimal("3")), ("PSW4", Decimal("4")),
        ("TL1", Decimal("1")), ("TL2", Decimal("2")), ("TL3", Decimal("3")), ("TL4", Decimal("4")),
    ]  # fmt: skip
    detail = client.get(reverse("attendance:band_table_detail", args=[old.pk]))
    assert detail.status_code == 200 and "31 Juli 2026" in detail.content.decode()
    assert "<form" not in detail.content.decode().split('data-testid="band-table"')[1]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tl2_min": 32}, "Kategori TL tidak bersambung"),  # a gap between TL1 and TL2
        ({"psw1_min": 2}, "Kategori PSW tidak bersambung"),
        ({"tl3_max": ""}, "Kategori TL tidak bersambung"),  # open-ended before the last
        ({"valid_from": "2026-01-01"}, "Versi baru harus berlaku setelah 1 Januari 2026"),
        ({"absence_cut_percent": "101"}, "100"),
    ],
)
def test_a_bad_band_table_saves_nothing(org, as_persona, overrides, message):
    band_table(org.sorong, date(2026, 1, 1))
    before = (
        BandTable.objects.count(),
        Band.objects.count(),
        list(BandTable.objects.values_list("valid_to")),
    )
    url = reverse("attendance:band_tables") + f"?instansi={org.sorong.pk}"
    page = as_persona("hr_sorong").post(url, _band_data(**overrides))
    assert page.status_code == 200 and message in page.content.decode()
    after = (BandTable.objects.count(), Band.objects.count(), list(BandTable.objects.values_list("valid_to")))
    assert before == after
