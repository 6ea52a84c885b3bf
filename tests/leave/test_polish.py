"""The minor findings of the leave review: the demo's PyB rules (tests/demo/test_demo_leave.py), the
decision history of an amended or postponed request, the phone error under its field, HR's
cancellation asking for the reason before the confirmation, the calendars' month out of range, the
messages after a deletion or an adjustment, one person giving both steps through a Plt."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from leave.choices import RequestState
from leave.services import requests as services

from .factories import actor, grant, leave_type, request_data
from .test_documents import granted, send

pytestmark = pytest.mark.django_db


def last_message(response) -> str:
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


# --- 2. The decision history ------------------------------------------------------------------------------------
def test_an_amended_request_keeps_the_earlier_recommendation_and_decision_with_their_reasons(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    nurse = actor(org.users["employee_dinkes_sorong"])
    head = actor(org.users["head_dinkes_sorong"])
    request = send(org)
    services.request_recommend(
        actor=head, request=request, option="perubahan", reason="Minggu itu rapat kerja"
    )
    services.request_decide(actor=head, request=request, option="perubahan", reason="Geser satu minggu")
    services.request_amend(actor=nurse, request=request, start=date(2026, 8, 25), end=date(2026, 8, 26))
    request.refresh_from_db()
    assert request.state == RequestState.ATASAN and request.decision_reason == ""
    page = as_persona("employee_dinkes_sorong").get(reverse("leave:detail", args=[request.pk]))
    html = page.content.decode()
    history = html[html.index('data-testid="decision-history"') :]
    steps = re.findall(r'data-testid="decision-step">(.*?)</li>', history, re.S)
    assert len(steps) == 2
    assert "Pertimbangan atasan langsung" in steps[0] and "Minggu itu rapat kerja" in steps[0]
    assert "Keputusan pejabat yang berwenang" in steps[1] and "Geser satu minggu" in steps[1]
    assert "Perubahan" in steps[1] and "Kepala Dinkes" in steps[1]
    assert "18 Agustus 2026 – 21 Agustus 2026" in steps[1]  # the dates the decision was about
    # The head, deciding the new round, sees the earlier reasons too.
    services.request_recommend(actor=head, request=request, option="disetujui")
    head_page = as_persona("head_dinkes_sorong").get(reverse("leave:detail", args=[request.pk]))
    assert "Geser satu minggu" in head_page.content.decode()


def test_a_postponed_then_approved_request_shows_both_decisions(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    head = actor(org.users["head_dinkes_sorong"])
    request = send(org)
    services.request_recommend(actor=head, request=request, option="disetujui")
    services.request_decide(
        actor=head, request=request, option="ditangguhkan", reason="Tunggu pemeriksaan BPK"
    )
    services.request_decide(actor=head, request=request, option="disetujui")
    html = (
        as_persona("employee_dinkes_sorong").get(reverse("leave:detail", args=[request.pk])).content.decode()
    )
    steps = re.findall(r'data-testid="decision-step">(.*?)</li>', html, re.S)
    assert [("Ditangguhkan" in s, "Disetujui" in s) for s in steps[1:]] == [(True, False), (False, True)]
    assert "Tunggu pemeriksaan BPK" in steps[1]


def test_a_request_decided_once_shows_no_history_block(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org)
    html = (
        as_persona("employee_dinkes_sorong").get(reverse("leave:detail", args=[request.pk])).content.decode()
    )
    assert 'data-testid="decision-history"' not in html


# --- 3. The phone error under its field ---------------------------------------------------------------------------
@pytest.mark.parametrize("action", ["preview", "send"])
def test_the_phone_error_is_under_the_phone_field_and_described_by_it(org, as_persona, action):
    grant(org.employee_dinkes_sorong, 2026, 12)
    data = {"leave_type": leave_type().pk, **request_data(phone="12-34"), "action": action}
    response = as_persona("employee_dinkes_sorong").post(reverse("leave:request_new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    field = html[html.index('id="div_id_phone"') : html.index('id="div_id_attachment"')]
    tag = re.search(r"<input[^>]*id=\"id_phone\"[^>]*>", field).group(0)
    described = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    assert 'aria-invalid="true"' in tag
    error_id = next(i for i in described if i.endswith("_error"))
    error = field[field.index(f'id="{error_id}"') :]
    assert "Nomor telepon 8–15 angka" in error
    assert field.index(tag) < field.index(f'id="{error_id}"')  # right under the input
    assert html.count("Nomor telepon 8–15 angka") == 1  # not again on top of the form


# --- 4. HR's cancellation: the reason, then the confirmation ----------------------------------------------------
def test_hr_cancel_form_requires_the_reason_and_confirms_on_the_submit_button(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org)
    html = as_persona("hr_sorong").get(reverse("leave:detail", args=[request.pk])).content.decode()
    form = html[html.index('data-testid="leave-cancel"') :]
    form = form[: form.index("</form>")]
    assert "data-confirm" not in form[: form.index(">")]  # not on the form: asked after the reason
    reason = re.search(r"<textarea[^>]*name=\"reason\"[^>]*>", form).group(0)
    assert " required" in reason
    button = re.search(r"<button[^>]*type=\"submit\"[^>]*>", form, re.S).group(0)
    assert 'data-confirm="Batalkan cuti ini atas nama BKPSDM' in button
    assert form.index("<textarea") < form.index("<button")


def test_hr_cancel_without_a_reason_shows_the_error_under_the_field_and_changes_nothing(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = granted(org)
    response = as_persona("hr_sorong").post(reverse("leave:cancel", args=[request.pk]), {"reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_reason_error"' in html and "Tuliskan alasan pembatalan." in html
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI
    ok = as_persona("hr_sorong").post(
        reverse("leave:cancel", args=[request.pk]), {"reason": "Dipanggil tugas"}
    )
    assert ok.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DIBATALKAN and request.cancel_reason == "Dipanggil tugas"


def test_the_employee_cancels_a_waiting_request_with_the_confirmation_on_the_button(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = send(org)
    client = as_persona("employee_dinkes_sorong")
    html = client.get(reverse("leave:detail", args=[request.pk])).content.decode()
    form = html[html.index('data-testid="leave-cancel"') :]
    form = form[: form.index("</form>")]
    assert 'name="reason"' not in form
    assert 'data-confirm="Batalkan permintaan cuti ini? Hari cutinya dikembalikan ke saldo."' in form
    response = client.post(reverse("leave:cancel", args=[request.pk]), {})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DIBATALKAN


# --- 5. The calendars' month or year out of range ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("month", "said"),
    [
        ("1999-01", "Kalender tersedia untuk tahun 2020 sampai 2040; 1999-01 di luar rentang itu."),
        ("2100-01", "Kalender tersedia untuk tahun 2020 sampai 2040; 2100-01 di luar rentang itu."),
        ("bulan-lalu", "Bulan bulan-lalu tidak dikenali (tulis seperti 2026-08)"),
        ("2026-13", "Bulan 2026-13 tidak dikenali"),
    ],
)
def test_the_team_calendar_out_of_range_says_so_and_shows_this_month(org, as_persona, month, said):
    response = as_persona("head_dinkes_sorong").get(reverse("leave:team_calendar") + f"?bulan={month}")
    assert response.status_code == 200
    html = response.content.decode()
    assert said in html
    assert 'data-testid="team-month">Juli 2026<' in html  # the pinned clock's month
    assert 'data-testid="team-calendar"' in html


def test_the_team_calendar_at_the_ends_of_the_range_has_no_link_beyond(org, as_persona):
    client = as_persona("head_dinkes_sorong")
    first = client.get(reverse("leave:team_calendar") + "?bulan=2020-01").content.decode()
    assert 'data-testid="team-previous"' not in first and 'data-testid="team-next"' in first
    assert "Kalender tersedia" not in first
    last = client.get(reverse("leave:team_calendar") + "?bulan=2040-12").content.decode()
    assert 'data-testid="team-next"' not in last and 'data-testid="team-previous"' in last


@pytest.mark.parametrize(
    ("year", "said"),
    [
        (
            "1999",
            "Kalender tersedia untuk tahun 2020 sampai 2040; 1999 di luar rentang itu. Yang ditampilkan: 2026.",
        ),
        (
            "2100",
            "Kalender tersedia untuk tahun 2020 sampai 2040; 2100 di luar rentang itu. Yang ditampilkan: 2026.",
        ),
        ("dua-ribu", "Tahun dua-ribu tidak dikenali; yang ditampilkan tahun 2026."),
    ],
)
def test_the_holiday_calendar_out_of_range_says_so_and_shows_this_year(org, as_persona, year, said):
    response = as_persona("hr_sorong").get(reverse("leave:calendar") + f"?tahun={year}")
    assert response.status_code == 200
    html = response.content.decode()
    assert said in html and "Kalender hari libur 2026" in html


def test_the_holiday_calendar_offers_no_year_outside_the_range(org, as_persona):
    html = as_persona("hr_sorong").get(reverse("leave:calendar") + "?tahun=2040").content.decode()
    assert "tahun=2039" in html and "tahun=2041" not in html and "Kalender tersedia" not in html


# --- 6. Messages naming what a deletion or an adjustment did -----------------------------------------------------
def test_an_adjustment_says_how_many_days_for_whom(org, as_persona):
    nurse = org.employee_dinkes_sorong
    grant(nurse, 2026, 5)
    client = as_persona("hr_sorong")
    url = reverse("leave:employee_balance", args=[nurse.pk])
    for days, said in ((2, "Penyesuaian +2 hari"), (-3, "Penyesuaian -3 hari")):
        token = client.get(url).context["form"].initial["token"]
        data = {"kind": "penyesuaian", "bucket": 2026, "days": days, "reason": "Koreksi", "token": token}
        response = client.post(url, data)
        assert response.status_code == 302
        assert last_message(response) == f"{said} pada hak tahun 2026 untuk Siti Perawat tercatat."


def test_deleting_a_day_off_names_the_day(org, as_persona):
    from leave.models import CalendarDay

    day = CalendarDay.objects.create(instansi=org.sorong, day=date(2026, 10, 5), name="HUT Kota Sorong")
    response = as_persona("hr_sorong").post(reverse("leave:calendar_day_delete", args=[day.pk]))
    assert response.status_code == 302
    assert (
        last_message(response)
        == "Senin, 5 Oktober 2026 (HUT Kota Sorong) dihapus dari kalender Pemerintah Kota Sorong."
    )
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_deleting_a_pyb_rule_or_a_plt_names_it(org, as_persona):
    from leave.models import ActingOfficial, PybRule

    rule = PybRule.objects.create(instansi=org.sorong, priority=30, leave_kind="besar", decider="sekda")
    plt = ActingOfficial.objects.create(
        instansi=org.sorong, absent=org.head_dinkes_sorong, acting=org.employee_dishub_sorong,
        start=date(2026, 8, 3), end=date(2026, 8, 14), reason="Diklat",
    )  # fmt: skip
    client = as_persona("hr_sorong")
    gone = client.post(reverse("leave:pyb_rule_delete", args=[rule.pk]))
    assert last_message(gone) == "Aturan urutan 30 (Sekretaris Daerah) dihapus."
    gone = client.post(reverse("leave:acting_delete", args=[plt.pk]))
    assert last_message(gone) == "Plt Staf Dishub Sorong untuk Kepala Dinkes dihapus."


# --- 7. One person giving both steps through a Plt (domain.md silent: kept, docs/domain-notes.md Unsure) ------
def test_the_atasan_named_plt_for_the_pyb_recommends_and_then_decides_as_plt(org, as_persona, client):
    from leave.models import ActingOfficial

    from ..factories import make_employee, make_user

    grant(org.employee_dinkes_sorong, 2026, 12)
    kapus = make_employee(org.pkm_sorong, name="Kepala Puskesmas", is_unit_head=True, user=make_user("kapus"))
    ActingOfficial.objects.create(instansi=org.sorong, absent=org.head_dinkes_sorong, acting=kapus,
                                  start=date(2026, 7, 1), end=date(2026, 7, 31), reason="Dinas luar")  # fmt: skip
    request = send(org)
    assert request.atasan_id == kapus.pk and request.pyb_id == org.head_dinkes_sorong.pk
    services.request_recommend(actor=actor(kapus.user), request=request, option="disetujui")
    request.refresh_from_db()
    client.force_login(kapus.user)
    page = client.get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert "Keputusan pejabat yang berwenang (Plt)" in page
    services.request_decide(actor=actor(kapus.user), request=request, option="disetujui")
    request.refresh_from_db()
    assert request.state == RequestState.DISETUJUI
    assert request.recommended_by_id == kapus.pk and request.decided_by_id == kapus.user.pk
