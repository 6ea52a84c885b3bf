"""Findings of the new-user trial of the leave app, each with the rule that fixes it: section V of an
amended request nets out the returned draws (the form and the detail page); section VIII signed by the
Plt as "Plt."; the PPK signs without a NIP; working on a cuti bersama day needs that day; the clash on
the request page and the queue by start date; tugas belajar/CLTN explained on the balances page; the
rule text of a type and its length in the reader's language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from leave import documents
from leave.services import requests as services

from ..performance.test_pdf import pdf_text
from .factories import actor, grant, leave_type, request_data
from .test_documents import ACROSS, constructed_ledger

pytestmark = pytest.mark.django_db

# Two working days later in August: Thu 20 and Fri 21.
LATER = dict(start=date(2026, 8, 20), end=date(2026, 8, 21))


def _amended(org):
    """Sent 14–19 Aug (3 days: 1 of N-2, 2 of N-1), answered Perubahan, sent again for 20–21 Aug."""
    constructed_ledger(org.employee_dinkes_sorong)
    nurse = actor(org.users["employee_dinkes_sorong"])
    head = actor(org.users["head_dinkes_sorong"])
    request = services.request_submit(actor=nurse, leave_type=leave_type(), **request_data(**ACROSS))
    services.request_recommend(actor=head, request=request, option="disetujui")
    services.request_decide(actor=head, request=request, option="perubahan", reason="Tanggal lain")
    return services.request_amend(actor=nurse, request=request, **LATER)


def test_section_v_of_an_amended_request_nets_out_the_returned_draws(org):
    request = _amended(org)
    rows = documents.buckets_at_sending(request)
    assert [(r.label, r.left, r.taken, r.after) for r in rows] == [
        ("N-2", 1, 1, 0),
        ("N-1", 6, 1, 5),
        ("N", 12, 0, 12),
    ]


def test_the_form_pdf_of_an_amended_request_prints_no_negative_remainder(org, as_persona):
    request = _amended(org)
    response = as_persona("employee_dinkes_sorong").get(reverse("leave:form_pdf", args=[request.pk]))
    text = pdf_text(response.content)
    assert "N-2 (2024) 1 diambil 1 hari, sisa 0 hari" in text
    assert "N-1 (2025) 6 diambil 1 hari, sisa 5 hari" in text
    assert "sisa -1" not in text and "sisa \u22121" not in text


def test_the_detail_page_shows_section_v_as_sent_not_todays_balances(org, as_persona):
    request = _amended(org)
    page = as_persona("employee_dinkes_sorong").get(reverse("leave:detail", args=[request.pk]))
    html = page.content.decode()
    # Today's live N-1 is 5 (6 less the 1 drawn); section V says 6 left when sent, 1 taken, 5 after.
    assert 'data-testid="bucket-N-1">6<' in html
    assert 'data-testid="bucket-N-1-taken">1<' in html
    assert 'data-testid="bucket-N-1-after">5<' in html


def test_the_detail_page_of_a_cancelled_request_shows_no_section_v(org, as_persona):
    request = _amended(org)
    services.request_cancel(actor=actor(org.users["employee_dinkes_sorong"]), request=request)
    page = as_persona("employee_dinkes_sorong").get(reverse("leave:detail", args=[request.pk]))
    assert 'data-testid="leave-buckets"' not in page.content.decode()


# --- 2. Section VIII of a Plt decision -------------------------------------------------------------------------
def test_the_form_of_a_plt_decision_is_signed_by_the_plt_and_the_page_says_plt(org, as_persona, client):
    from leave.models import ActingOfficial

    from ..factories import make_employee, make_user

    grant(org.employee_dinkes_sorong, 2026, 12)
    plt = make_employee(org.dinkes_sorong, name="Yohana Plt Kadinkes", user=None)
    plt.user = make_user("plt.dinkes")
    plt.save()
    ActingOfficial.objects.create(instansi=org.sorong, absent=org.head_dinkes_sorong, acting=plt,
                                  start=date(2026, 7, 1), end=date(2026, 7, 31), reason="Dinas luar")  # fmt: skip
    request = services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data()
    )
    services.request_recommend(actor=actor(plt.user), request=request, option="disetujui")
    client.force_login(plt.user)
    page = client.get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert "Keputusan pejabat yang berwenang (Plt)" in page
    request.refresh_from_db()
    services.request_decide(actor=actor(plt.user), request=request, option="disetujui")
    text = pdf_text(
        as_persona("employee_dinkes_sorong").get(reverse("leave:form_pdf", args=[request.pk])).content
    )
    assert "Plt. " in text and "Yohana Plt Kadinkes" in text and plt.nip_display in text
    assert org.head_dinkes_sorong.full_name not in text


def test_the_pyb_deciding_in_person_has_no_plt_label(org, as_persona):
    grant(org.employee_dinkes_sorong, 2026, 12)
    request = services.request_submit(
        actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data()
    )
    services.request_recommend(
        actor=actor(org.users["head_dinkes_sorong"]), request=request, option="disetujui"
    )
    page = as_persona("head_dinkes_sorong").get(reverse("leave:detail", args=[request.pk])).content.decode()
    assert "Keputusan pejabat yang berwenang" in page and "(Plt)" not in page


# --- 3. The PPK signs without a NIP ------------------------------------------------------------------------
def _ppk_decided(org):
    grant(org.head_dinkes_sorong, 2026, 12)
    request = services.request_submit(
        actor=actor(org.users["head_dinkes_sorong"]), leave_type=leave_type(), **request_data()
    )
    assert request.pyb is None
    return services.request_decide(actor=actor(org.users["hr_sorong"]), request=request, option="disetujui")


@pytest.mark.parametrize("recorded", [True, False])
def test_the_ppk_signs_by_title_and_name_without_a_nip(org, as_persona, recorded):
    from employees.choices import OfficialKind
    from employees.models import InstansiOfficial

    if recorded:
        InstansiOfficial.objects.create(instansi=org.sorong, kind=OfficialKind.KEPALA_DAERAH,
                                        title="Wali Kota Sorong", holder_name="Septinus Lobat")  # fmt: skip
    request = _ppk_decided(org)
    head = as_persona("head_dinkes_sorong")
    form = pdf_text(head.get(reverse("leave:form_pdf", args=[request.pk])).content)
    head.post(reverse("leave:letter", args=[request.pk]))
    letter = pdf_text(head.get(reverse("leave:letter", args=[request.pk])).content)
    title = "Wali Kota Sorong" if recorded else org.sorong.ppk_title  # the post's title, else the agency's
    for text in (form, letter):
        section = text.split("VIII.")[-1] if text is form else text.split("Demikian")[-1]
        assert title in section
        assert "NIP" not in section.split(title, 1)[1].split("Catatan")[0].split("Keaslian")[0]
        assert ("Septinus Lobat" in section) is recorded
        assert "Plt." not in section  # HR recorded the decision: no acting official


# --- 4. Working on a cuti bersama day --------------------------------------------------------------------------
def _worked(org, worked_on, **extra):
    from leave.choices import EntryKind
    from leave.services import balances

    return balances.balance_adjust(
        actor=actor(org.users["hr_sorong"]), employee=org.employee_dinkes_sorong, bucket=2026, days=3,
        reason="Piket", kind=EntryKind.CUTI_BERSAMA, worked_on=worked_on, **extra,
    )  # fmt: skip


def test_a_cuti_bersama_day_worked_adds_one_day_to_that_years_bucket_once(org):
    from django.core.exceptions import ValidationError

    from leave import selectors

    grant(org.employee_dinkes_sorong, 2025, 6)
    entry = _worked(org, date(2025, 12, 26))  # cuti bersama of 2025 (Keppres 2/2025), today 15 July 2026
    assert (entry.bucket, entry.days) == (2025, 1)  # not the 3 days nor the 2026 bucket asked
    assert selectors.balances(org.employee_dinkes_sorong.pk)[2025] == 7
    with pytest.raises(ValidationError) as twice:
        _worked(org, date(2025, 12, 26))
    assert "sudah diberikan" in twice.value.message_dict["worked_on"][0]
    assert selectors.balances(org.employee_dinkes_sorong.pk)[2025] == 7


@pytest.mark.parametrize(
    ("worked_on", "message"),
    [
        (None, "Isi tanggal hari cuti bersama"),
        (date(2026, 3, 19), "bukan hari cuti bersama"),  # Nyepi: a national holiday, not cuti bersama
        (date(2026, 7, 14), "bukan hari cuti bersama"),  # an ordinary Tuesday
        (date(2026, 12, 24), "belum lewat"),  # cuti bersama, still to come
    ],
)
def test_a_cuti_bersama_adjustment_needs_a_past_cuti_bersama_day(org, worked_on, message):
    from django.core.exceptions import ValidationError

    from leave.models import LedgerEntry

    with pytest.raises(ValidationError) as refused:
        _worked(org, worked_on)
    assert message in refused.value.message_dict["worked_on"][0]
    assert not LedgerEntry.objects.filter(kind="cuti_bersama").exists()


def test_a_day_the_agency_adds_as_cuti_bersama_counts_and_one_it_works_does_not(org):
    from django.core.exceptions import ValidationError

    from leave.models import CalendarDay

    CalendarDay.objects.create(instansi=org.sorong, day=date(2026, 7, 13), kind="cuti_bersama", name="Daerah")
    CalendarDay.objects.create(instansi=org.sorong, day=date(2026, 3, 18), is_off=False, kind="cuti_bersama",
                               name="Masuk")  # fmt: skip
    assert _worked(org, date(2026, 7, 13)).days == 1
    with pytest.raises(ValidationError):
        _worked(org, date(2026, 3, 18))


def test_the_adjustment_form_asks_the_day_worked(org, as_persona):
    from leave.models import LedgerEntry

    client = as_persona("hr_sorong")
    url = reverse("leave:employee_balance", args=[org.employee_dinkes_sorong.pk])
    token = client.get(url).context["form"].initial["token"]
    data = {"kind": "cuti_bersama", "reason": "Piket", "token": token}
    page = client.post(url, data)
    assert page.status_code == 200 and "Isi tanggal hari cuti bersama" in page.content.decode()
    assert client.post(url, {**data, "worked_on": "2026-03-18"}).status_code == 302
    assert client.post(url, {**data, "worked_on": "2026-03-18"}).status_code == 302  # sent twice: one row
    (row,) = LedgerEntry.objects.filter(kind="cuti_bersama")
    assert (row.bucket, row.days) == (2026, 1)


# --- 5. The clash on the request page; the queue by start date ------------------------------------------------
def test_the_atasan_sees_the_clash_on_the_request_before_deciding(org, as_persona, settings):
    from leave.choices import RequestState

    from ..factories import make_employee
    from .test_team_calendar import away

    settings.LEAVE_CLASH_THRESHOLD = 2
    pkm = org.pkm_sorong
    waiting = away(
        org, org.employee_dinkes_sorong, date(2026, 8, 18), date(2026, 8, 20), state=RequestState.ATASAN
    )
    away(org, make_employee(pkm, name="Bidan Dua"), date(2026, 8, 19), date(2026, 8, 24))
    away(
        org,
        make_employee(pkm, name="Bidan Tiga"),
        date(2026, 8, 17),
        date(2026, 8, 19),
        state=RequestState.PYB,
    )
    away(org, make_employee(pkm, name="Bidan Empat"), date(2026, 8, 21), date(2026, 8, 21))  # other dates
    away(org, org.employee_dishub_sorong, date(2026, 8, 19), date(2026, 8, 19))  # another unit
    html = as_persona("head_dinkes_sorong").get(reverse("leave:detail", args=[waiting.pk])).content.decode()
    box = html[html.index('data-testid="leave-clash"') :]
    box = box[: box.index("</div>")]
    assert "Bidan Dua" in box and "Bidan Tiga" in box
    assert "Bidan Empat" not in box and org.employee_dishub_sorong.full_name not in box
    days = box[box.index('data-testid="leave-clash-days"') :]
    days = days[: days.index("</p>")]
    assert "19 Agustus 2026" in days and "18 Agustus" not in days and "20 Agustus" not in days
    # The employee's own page shows no clash box (nobody decides there).
    own = (
        as_persona("employee_dinkes_sorong").get(reverse("leave:detail", args=[waiting.pk])).content.decode()
    )
    assert 'data-testid="leave-clash"' not in own


def test_the_queue_lists_the_soonest_leave_first(org, as_persona):
    from django.utils import timezone

    from leave.choices import RequestState

    from ..factories import make_employee
    from .test_team_calendar import away

    later = away(
        org, org.employee_dinkes_sorong, date(2026, 9, 7), date(2026, 9, 8), state=RequestState.ATASAN
    )
    sooner = away(org, make_employee(org.pkm_sorong, name="Bidan Dua"), date(2026, 7, 20), date(2026, 7, 21),
                  state=RequestState.ATASAN)  # fmt: skip
    type(later).objects.filter(pk=sooner.pk).update(submitted_at=timezone.now() + timedelta(hours=1))
    rows = as_persona("head_dinkes_sorong").get(reverse("leave:queue")).context["page"].object_list
    assert [r.pk for r in rows if r.pk in (later.pk, sooner.pk)] == [sooner.pk, later.pk]


# --- 6. Zeros explained on HR's balances page ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "label"), [("tugas_belajar", "Tugas belajar"), ("cltn", "Cuti di luar tanggungan negara")]
)
def test_the_balances_page_says_why_someone_on_study_or_cltn_has_zeros(org, as_persona, state, label):
    from employees.models import Employee

    nurse = org.employee_dinkes_sorong
    Employee.objects.filter(pk=nurse.pk).update(working_state=state)
    html = as_persona("hr_sorong").get(reverse("leave:balances"), {"q": nurse.name}).content.decode()
    badge = html[html.index(f'data-testid="balance-state-{nurse.pk}"') :]
    assert label in badge[: badge.index("</span>")]
    assert "Tidak mendapat hak cuti tahunan baru" in html
    other = as_persona("hr_sorong").get(reverse("leave:balances"), {"q": org.employee_dishub_sorong.name})
    assert "balance-state-" not in other.content.decode()


# --- 7. The request form's rule text in English ----------------------------------------------------------------
def test_the_request_form_states_the_type_rules_in_the_readers_language(org, as_persona):
    nurse = as_persona("employee_dinkes_sorong")
    nurse.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = nurse.get(reverse("leave:request_new")).content.decode()
    assert "at most 1 month." in page and "at most 1 months" not in page
    assert "at most 3 months" in page and "at most 24 working days" in page
    assert "12 working days a year; at most 6 unused days carry over" in page
    assert "Paling lama" not in page and "hari kerja setahun" not in page
    nurse.post("/i18n/setlang/", {"language": "id", "next": "/"})
    page = nurse.get(reverse("leave:request_new")).content.decode()
    assert "paling lama 1 bulan." in page and "12 hari kerja setahun; sisa paling banyak 6 hari" in page
