"""The atasan's correction queue as a list: search by name or NIP, the month filter, sorting, paging,
the history tab (decided corrections with who decided and when, read by the atasan, heads and HR; never
one's own), the menu entry, and a constant number of queries at 1 and 30 rows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from attendance.choices import CorrectionKind, CorrectionState, PresenceKind, PresenceSource
from attendance.models import Correction, Presence

from ..factories import make_employee

pytestmark = pytest.mark.django_db

WIT = ZoneInfo("Asia/Jayapura")
QUEUE = reverse("attendance:correction_queue")
HISTORY = QUEUE + "?tab=riwayat"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def make_correction(org, employee=None, *, on=date(2026, 7, 13), state=CorrectionState.DIAJUKAN, **fields):
    employee = employee or org.employee_dinkes_sorong
    decided = state in (CorrectionState.DISETUJUI, CorrectionState.DITOLAK)
    return Correction.objects.create(
        employee=employee,
        date=on,
        kind=CorrectionKind.LUPA_MASUK,
        check_in=time(7, 10),
        reason="Lupa presensi.",
        atasan=org.head_dinkes_sorong,
        state=state,
        decided_by=org.users["head_dinkes_sorong"] if decided else None,
        decided_at=timezone.now() if decided else None,
        **fields,
    )


def ids_in(html: str, prefix: str) -> list[int]:
    import re

    return [int(pk) for pk in re.findall(rf'data-testid="{prefix}-(\d+)"', html)]


# --- The waiting tab ------------------------------------------------------------------------------------------
def test_the_queue_searches_by_name_or_nip_and_filters_by_month(org, as_persona):
    colleague = make_employee(org.pkm_sorong, name="Budi Sanitarian")
    nurse_july = make_correction(org)
    nurse_june = make_correction(org, on=date(2026, 6, 15))
    budi = make_correction(org, colleague, on=date(2026, 7, 14))
    client = as_persona("head_dinkes_sorong")
    html = client.get(QUEUE).content.decode()
    assert ids_in(html, "queue-correction") == [nurse_july.pk, nurse_june.pk, budi.pk]  # oldest request first
    assert ids_in(client.get(QUEUE + "?q=budi").content.decode(), "queue-correction") == [budi.pk]
    nip = org.employee_dinkes_sorong.nip
    by_nip = client.get(QUEUE + f"?q={nip}").content.decode()
    assert set(ids_in(by_nip, "queue-correction")) == {nurse_july.pk, nurse_june.pk}
    june = client.get(QUEUE + "?bulan=2026-06").content.decode()
    assert ids_in(june, "queue-correction") == [nurse_june.pk]
    # A bad month is ignored, not a 500; an empty result says the filters found nothing.
    assert client.get(QUEUE + "?bulan=2026-13").status_code == 200
    none = client.get(QUEUE + "?q=tidakada").content.decode()
    assert "cocok dengan saringan" in none


def test_the_queue_sorts_and_pages(org, as_persona):
    rows = [make_correction(org, on=date(2026, 6, 1) + timedelta(days=i)) for i in range(30)]
    client = as_persona("head_dinkes_sorong")
    newest_day = client.get(QUEUE + "?sort=-tanggal&size=25").content.decode()
    assert ids_in(newest_day, "queue-correction") == [r.pk for r in reversed(rows)][:25]
    second = client.get(QUEUE + "?sort=-tanggal&size=25&page=2").content.decode()
    assert ids_in(second, "queue-correction") == [r.pk for r in reversed(rows)][25:]
    assert "Menampilkan 26–30 dari 30" in second
    # An unknown sort falls back to the default (oldest request first).
    assert (
        ids_in(client.get(QUEUE + "?sort=gaji&size=25").content.decode(), "queue-correction")[0] == rows[0].pk
    )


def test_the_queue_shows_only_corrections_waiting_for_the_actor(org, as_persona):
    mine = make_correction(org)
    decided = make_correction(org, on=date(2026, 7, 14), state=CorrectionState.DISETUJUI)
    html = as_persona("head_dinkes_sorong").get(QUEUE).content.decode()
    assert ids_in(html, "queue-correction") == [mine.pk]
    assert decided.pk not in ids_in(html, "queue-correction")
    # HR has no queue of its own (it decides nothing) but may open the page for the history.
    hr = as_persona("hr_sorong").get(QUEUE)
    assert hr.status_code == 200 and 'data-testid="correction-queue-empty"' in hr.content.decode()


# --- The history tab ------------------------------------------------------------------------------------------
def test_the_history_shows_decided_corrections_with_who_and_when(org, as_persona):
    make_correction(org)  # open: not history
    approved = make_correction(org, on=date(2026, 7, 10), state=CorrectionState.DISETUJUI)
    rejected = make_correction(
        org, on=date(2026, 6, 10), state=CorrectionState.DITOLAK, decision_note="Tidak ada bukti."
    )
    make_correction(org, on=date(2026, 7, 9), state=CorrectionState.DIBATALKAN)  # withdrawn: not decided
    org.users["head_dinkes_sorong"].first_name = "Kepala"
    org.users["head_dinkes_sorong"].last_name = "Dinkes"
    org.users["head_dinkes_sorong"].save()
    html = as_persona("head_dinkes_sorong").get(HISTORY).content.decode()
    assert set(ids_in(html, "history-correction")) == {approved.pk, rejected.pk}
    decided = html.split(f'data-testid="history-decided-{approved.pk}"')[1].split("</td>")[0]
    assert "Kepala Dinkes" in decided and "2026" in decided
    assert "Tidak ada bukti." in html and "Disetujui" in html and "Ditolak" in html
    client = as_persona("head_dinkes_sorong")
    only_rejected = client.get(HISTORY + "&status=ditolak").content.decode()
    assert ids_in(only_rejected, "history-correction") == [rejected.pk]
    july = client.get(HISTORY + "&bulan=2026-07").content.decode()
    assert ids_in(july, "history-correction") == [approved.pk]
    by_day = client.get(HISTORY + "&sort=tanggal").content.decode()
    assert ids_in(by_day, "history-correction") == [rejected.pk, approved.pk]


def test_the_history_is_read_by_hr_of_the_agency_and_never_shows_ones_own(org, as_persona):
    approved = make_correction(org, state=CorrectionState.DISETUJUI)
    assert ids_in(as_persona("hr_sorong").get(HISTORY).content.decode(), "history-correction") == [
        approved.pk
    ]
    assert ids_in(as_persona("hr_palembang").get(HISTORY).content.decode(), "history-correction") == []
    # The nurse's own decided correction is not in her history (she reads it on her Presensi page).
    assert (
        ids_in(as_persona("employee_dinkes_sorong").get(HISTORY).content.decode(), "history-correction") == []
    )


# --- The menu ---------------------------------------------------------------------------------------------------
def test_the_menu_offers_the_queue_to_heads_and_hr_only(org, as_persona):
    home = reverse("attendance:presence")
    assert QUEUE not in as_persona("employee_dinkes_sorong").get(home).content.decode()
    assert QUEUE not in as_persona("employee_dishub_palembang").get(home).content.decode()
    assert QUEUE in as_persona("head_dinkes_sorong").get(home).content.decode()
    assert QUEUE in as_persona("hr_sorong").get(reverse("attendance:locations")).content.decode()


# --- Query counts ----------------------------------------------------------------------------------------------
def _fill(org, count, start=0, state=CorrectionState.DIAJUKAN):
    nurse = org.employee_dinkes_sorong
    for i in range(start, start + count):
        day = date(2026, 5, 1) + timedelta(days=i)
        make_correction(org, on=day, state=state)
        Presence.objects.create(
            employee=nurse, work_date=day, at=datetime.combine(day, time(16, 1), tzinfo=WIT),
            kind=PresenceKind.OUT, source=PresenceSource.DEVICE, device="FP-01",
        )  # fmt: skip


def _queries(client, url, django_assert_max_num_queries):
    client.get(url)  # warm the per-minute caches
    with django_assert_max_num_queries(60) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize(
    ("url", "state"),
    [(QUEUE, CorrectionState.DIAJUKAN), (HISTORY, CorrectionState.DISETUJUI)],
    ids=["waiting", "history"],
)
def test_the_queue_and_history_take_the_same_queries_at_1_and_30_rows(
    org, as_persona, django_assert_max_num_queries, url, state
):
    client = as_persona("head_dinkes_sorong")
    _fill(org, 1, state=state)
    one = _queries(client, url + ("&" if "?" in url else "?") + "size=50", django_assert_max_num_queries)
    _fill(org, 29, start=1, state=state)
    html = client.get(url).content.decode()
    prefix = "queue-correction" if state == CorrectionState.DIAJUKAN else "history-correction"
    assert len(ids_in(html, prefix)) == 30
    many = _queries(client, url + ("&" if "?" in url else "?") + "size=50", django_assert_max_num_queries)
    assert len(one) == len(many), "\n".join(sorted(set(many) - set(one)))
    assert len(many) <= 25
