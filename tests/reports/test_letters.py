"""The letters HR sends from the career reports: the KGB notice (one employee, or the whole filtered list
one letter per page) and the promotion proposal list, as PDF with a verification QR code; every letter
recorded; the public verification page (valid / not found / rate-limited)."""

from __future__ import annotations

import re
import secrets
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import actor_for
from employees.models import Employee, RankHistory
from reports import rows, services
from reports.choices import LetterKind
from reports.models import Letter
from tests.performance.test_pdf import pdf_text

from ..factories import make_employee, make_employees_bulk, make_unit
from .helpers import pin_localdate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    """The reports run on `timezone.localdate()`: pin it to TODAY."""
    pin_localdate(monkeypatch, TODAY)


@pytest.fixture
def address():
    """A new address (IPv6 documentation range) per call: its rate-limit counters are its own, also on a
    Redis shared with earlier runs."""
    return lambda: f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


@pytest.fixture
def unit(org):
    return make_unit(org.sorong, "UJI", name="Unit Uji Surat")


@pytest.fixture
def due(unit):
    """KGB on 1 January 2027 (MKG 12 years): the last increase was 1 January 2025, after the rank's TMT."""
    return make_employee(
        unit, name="Budi Santoso", tmt_cpns=date(2015, 1, 1), tmt_golongan=date(2015, 1, 1), golongan="III/b"
    )


@pytest.fixture
def bkpsdm(org):
    """The personnel office in the unit tree, with its head."""
    office = make_unit(
        org.sorong,
        "BKPSDM",
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        head_title="Kepala BKPSDM",
    )
    return make_employee(office, name="Kepala Kepegawaian", is_unit_head=True, golongan="IV/b")


def _post_kgb(client, employee, **data):
    form = {"letter_date": "2026-11-23", "addressee": "Kepala BPKAD Kota Sorong", **data}
    return client.post(reverse("reports:kgb_letter", args=[employee.pk]), form)


def _code_in(text: str) -> str:
    match = re.search(r"/laporan/verifikasi/([A-Z2-7]{16})/", text)
    assert match, "the verification address is written on the letter"
    return match.group(1)


# --- One KGB notice -------------------------------------------------------------------------------
def test_hr_sees_the_form_of_an_employees_kgb_notice(as_persona, due):
    response = as_persona("hr_sorong").get(reverse("reports:kgb_letter", args=[due.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budi Santoso" in html and "1 Januari 2027" in html
    assert not Letter.objects.exists(), "a GET records nothing"


def test_hr_downloads_a_kgb_notice_that_is_recorded_and_carries_its_verification_address(
    as_persona, org, due, bkpsdm
):
    response = _post_kgb(
        as_persona("hr_sorong"), due, number="800/12/BKPSDM/2026", old_salary="3000000", new_salary="3100000"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    letter = Letter.objects.get()
    assert letter.kind == LetterKind.KGB_NOTICE
    assert (letter.number, letter.letter_date, letter.reference_date) == (
        "800/12/BKPSDM/2026",
        TODAY,
        date(2027, 1, 1),
    )
    assert (letter.subject_name, letter.subject_nip, letter.employee_count) == ("Budi Santoso", due.nip, 1)
    assert list(letter.employees.all()) == [due]
    assert letter.generated_by == org.users["hr_sorong"]
    assert letter.instansi == org.sorong
    assert len(letter.digest) == 64 and re.fullmatch(r"[A-Z2-7]{16}", letter.code)
    assert _code_in(text) == letter.code
    assert f"http://testserver/laporan/verifikasi/{letter.code}/" in text
    for printed in (
        "PEMERINTAH KOTA SORONG",
        "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
        "Pemberitahuan Kenaikan Gaji Berkala",
        "800/12/BKPSDM/2026",
        "Kepala BPKAD Kota Sorong",
        "Budi Santoso",
        due.nip_display,
        "Penata Muda Tingkat I (III/b)",
        "Rp 3.000.000",
        "Rp 3.100.000",
        "atas dasar kenaikan gaji berkala terakhir",  # the old basis: the increase of 1 January 2025
        "1 Januari 2025",
        "10 tahun 0 bulan",
        "12 tahun 0 bulan",
        "1 Januari 2027",
        "1 Januari 2029",  # the next one
        "Kepala BKPSDM",
        "Kepala Kepegawaian",  # the signer from the unit tree
        bkpsdm.nip,
        "a.n. Wali Kota",
    ):
        assert printed in text, printed


def test_without_salary_figures_the_amounts_are_left_to_fill_in_and_without_an_office_head_the_signature_is_blank(
    as_persona, due
):
    text = pdf_text(_post_kgb(as_persona("hr_sorong"), due).content)
    assert text.count("Rp ....") == 2, "the old and the new gaji pokok, blank"
    assert "Kepala BKPSDM" in text  # the office name the agency records
    assert "NIP. ...................................." in text, "a blank line to sign"


def test_the_verification_address_uses_the_portal_base_url(as_persona, due, settings):
    settings.PORTAL_BASE_URL = "https://asn.sorongkota.go.id/"
    text = pdf_text(_post_kgb(as_persona("hr_sorong"), due).content)
    code = Letter.objects.get().code
    assert f"https://asn.sorongkota.go.id/laporan/verifikasi/{code}/" in text


def test_a_new_salary_below_the_old_one_is_refused_and_nothing_is_recorded(as_persona, due):
    response = _post_kgb(as_persona("hr_sorong"), due, old_salary="3100000", new_salary="3000000")
    assert response.status_code == 200
    assert "Gaji pokok baru tidak boleh lebih kecil" in response.content.decode()
    assert not Letter.objects.exists()


@pytest.mark.parametrize("value", ["-1", "100000001", "1e9"])
def test_salary_figures_are_bounded(as_persona, due, value):
    response = _post_kgb(as_persona("hr_sorong"), due, old_salary=value)
    assert response.status_code == 200
    assert not Letter.objects.exists()


def test_a_letter_date_outside_the_bounds_is_refused(as_persona, due):
    response = _post_kgb(as_persona("hr_sorong"), due, letter_date="2101-01-01")
    assert response.status_code == 200
    assert "Tanggal harus antara" in response.content.decode()
    assert not Letter.objects.exists()


def test_hr_of_another_agency_gets_404_and_a_head_or_an_employee_403(as_persona, org, due):
    assert _post_kgb(as_persona("hr_palembang"), due).status_code == 404
    assert _post_kgb(as_persona("head_dinkes_sorong"), due).status_code == 403
    assert _post_kgb(as_persona("employee_dinkes_sorong"), org.employee_dinkes_sorong).status_code == 403
    assert not Letter.objects.exists()


def test_a_pppk_or_someone_who_left_has_no_kgb_notice(as_persona, unit, due):
    Employee.objects.filter(pk=due.pk).update(working_state="pensiun")
    assert as_persona("hr_sorong").get(reverse("reports:kgb_letter", args=[due.pk])).status_code == 404


def test_a_letter_that_cannot_be_rendered_leaves_no_record(org, due):
    def broken(_letters):
        raise RuntimeError("printer on fire")

    draft = services.LetterDraft(content={"x": 1}, employees=[due], reference_date=TODAY)
    with pytest.raises(RuntimeError):
        services.letters_issue(
            actor=actor_for(org.users["hr_sorong"]),
            kind=LetterKind.KGB_NOTICE,
            instansi=org.sorong,
            letter_date=TODAY,
            drafts=[draft],
            render=broken,
        )
    assert not Letter.objects.exists()


# --- The old basis of the salary (rows.kgb_letter, no queries) ---------------------------------------
def _row(*, rank_tmt, mk=(0, 0), due, golongan="III/a", tmt_cpns=date(2010, 1, 1)):
    employee = Employee(name="X", nip="199001012015031001", tmt_cpns=tmt_cpns)
    employee.current_rank = RankHistory(
        golongan=golongan, tmt=rank_tmt, mk_years=mk[0], mk_months=mk[1], sk_number="821/5/2025",
        sk_date=date(2025, 2, 10), sk_signer="Wali Kota Sorong",
    )  # fmt: skip
    return rows.kgb_row(employee, due)


def test_a_kgb_after_a_recent_promotion_rests_on_the_promotion_decree():
    letter = rows.kgb_letter(_row(rank_tmt=date(2025, 4, 1), mk=(9, 0), due=date(2026, 4, 1)))
    assert letter.basis == rows.BASIS_RANK
    assert (letter.basis_tmt, letter.basis_mkg) == (date(2025, 4, 1), (9, 0))
    assert (letter.basis_signer, letter.basis_sk_number, letter.basis_sk_date) == (
        "Wali Kota Sorong",
        "821/5/2025",
        date(2025, 2, 10),
    )
    assert (letter.new_mkg, letter.next_kgb) == ((10, 0), date(2028, 4, 1))


def test_a_later_kgb_rests_on_the_previous_increase_whose_decree_hr_fills_in():
    letter = rows.kgb_letter(_row(rank_tmt=date(2015, 1, 1), due=date(2027, 1, 1)))
    assert letter.basis == rows.BASIS_KGB
    assert (letter.basis_tmt, letter.basis_mkg) == (date(2025, 1, 1), (10, 0))
    assert (letter.basis_signer, letter.basis_sk_number, letter.basis_sk_date) == ("", "", None)


def test_without_a_rank_row_the_first_kgb_rests_on_the_cpns_appointment():
    employee = Employee(name="X", nip="199001012015031001", tmt_cpns=date(2025, 3, 1))
    employee.current_rank = None
    letter = rows.kgb_letter(rows.kgb_row(employee, date(2027, 3, 1)))
    assert (letter.basis, letter.basis_tmt, letter.basis_mkg) == (rows.BASIS_CPNS, date(2025, 3, 1), (0, 0))


def test_batch_numbers_follow_the_pattern():
    assert rows.letter_number("800/{no}/BKPSDM/2026", 0, 15) == "800/15/BKPSDM/2026"
    assert rows.letter_number("800/{no}/BKPSDM/2026", 2, 15) == "800/17/BKPSDM/2026"
    assert rows.letter_number("800/BKPSDM/2026", 3) == "800/BKPSDM/2026"
    assert rows.letter_number("", 3) == ""


def test_the_public_page_shows_only_the_last_four_digits_of_a_nip():
    assert rows.masked_nip("199001012015031001") == "******** ****** 1 001"


# --- The batch ------------------------------------------------------------------------------------
def _batch_url(unit, **extra):
    params = {"unit": unit.pk, "bulan": 12, **extra}
    return f"{reverse('reports:kgb_letters')}?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_the_batch_holds_one_letter_per_employee_of_the_filtered_list_in_its_order(as_persona, unit, due):
    make_employee(unit, name="Ani Lestari", tmt_cpns=date(2015, 3, 1), tmt_golongan=date(2015, 3, 1))
    make_employee(unit, name="Lain Kali", tmt_cpns=date(2016, 1, 1), tmt_golongan=date(2016, 1, 1))  # 2028
    client = as_persona("hr_sorong")
    page = client.get(_batch_url(unit))
    assert page.status_code == 200 and page.context["count"] == 2
    response = client.post(
        _batch_url(unit, sort="nama"),
        {
            "letter_date": "2026-11-23",
            "addressee": "Kepala BPKAD",
            "number": "800/{no}/BKPSDM/2026",
            "start": "7",
        },
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    letters = Letter.objects.order_by("number")
    assert [(x.subject_name, x.number) for x in letters] == [
        ("Ani Lestari", "800/7/BKPSDM/2026"),
        ("Budi Santoso", "800/8/BKPSDM/2026"),
    ]
    assert len({x.code for x in letters}) == 2
    assert len(re.findall(rb"/Type /Page\b", response.content)) == 2, "one page per letter"
    text = pdf_text(response.content)
    assert text.count("Pemberitahuan Kenaikan Gaji Berkala") == 2
    assert text.index("Ani Lestari") < text.index("Budi Santoso"), "the list's order (by name)"
    for letter in letters:
        assert f"/laporan/verifikasi/{letter.code}/" in text
    assert "Lain Kali" not in text


def test_an_empty_list_gives_no_letters_and_says_why(as_persona, unit):
    response = as_persona("hr_sorong").post(_batch_url(unit), {"letter_date": "2026-11-23", "addressee": "X"})
    assert response.status_code == 200
    assert "Tidak ada pegawai dalam daftar ini" in response.content.decode()
    assert not Letter.objects.exists()


def _post_count(client, url, data) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, data)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    return len(ctx.captured_queries)


def test_the_batch_takes_the_same_queries_for_1_and_30_letters(
    as_persona, org, django_assert_max_num_queries
):
    small, large = make_unit(org.sorong, "KECIL", name="Kecil"), make_unit(org.sorong, "BESAR", name="Besar")
    make_employees_bulk(small, 1)
    make_employees_bulk(large, 30)
    client = as_persona("hr_sorong")
    data = {"letter_date": "2026-11-23", "addressee": "Kepala BPKAD"}
    # make_employees_bulk: rank TMT 1 April 2013, KGB on 1 April of odd years: 1 April 2027.
    one = _post_count(client, _batch_url(small, bulan=6), data)
    assert Letter.objects.count() == 1
    with django_assert_max_num_queries(one):
        client.post(_batch_url(large, bulan=6), data)
    assert Letter.objects.count() == 31
    assert one <= 20


# --- The promotion proposal list ---------------------------------------------------------------------
def test_hr_downloads_the_promotion_proposal_list_of_a_period(as_persona, org, unit):
    make_employee(unit, name="Empat Tahun", golongan="III/a", tmt_golongan=date(2022, 12, 1))
    make_employee(unit, name="Fungsional", golongan="III/b", tmt_golongan=date(2024, 10, 1),
                  position_kind="fungsional", position_name="Perawat Ahli Pertama")  # fmt: skip
    make_employee(unit, name="Belum Waktunya", golongan="III/a", tmt_golongan=date(2024, 12, 1))
    url = f"{reverse('reports:promotion_list')}?unit={unit.pk}&periode=2026-12-01"
    client = as_persona("hr_sorong")
    page = client.get(url)
    assert page.status_code == 200 and page.context["count"] == 2
    response = client.post(url, {"letter_date": "2026-11-23", "number": "800/99/BKPSDM/2026"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    letter = Letter.objects.get()
    assert letter.kind == LetterKind.PROMOTION_LIST
    assert (letter.reference_date, letter.employee_count, letter.subject_name) == (date(2026, 12, 1), 2, "")
    assert sorted(e.name for e in letter.employees.all()) == ["Empat Tahun", "Fungsional"]
    text = pdf_text(response.content)
    for printed in (
        "DAFTAR USUL KENAIKAN PANGKAT PEGAWAI NEGERI SIPIL",
        "PERIODE 1 DESEMBER 2026",
        "Unit Uji Surat",
        "800/99/BKPSDM/2026",
        "Empat Tahun",
        "Penata Muda (III/a)",
        "Penata Muda Tingkat I (III/b)",
        "Reguler",
        "Jabatan fungsional",
        "Periksa angka kredit",
        f"/laporan/verifikasi/{letter.code}/",
    ):
        assert printed in text, printed
    assert "Belum Waktunya" not in text


def test_the_report_pages_offer_the_letters(as_persona, unit, due):
    client = as_persona("hr_sorong")
    kgb = client.get(f"{reverse('reports:kgb')}?unit={unit.pk}&bulan=3").content.decode()
    assert reverse("reports:kgb_letter", args=[due.pk]) in kgb
    assert "Unduh surat" in kgb
    assert f"{reverse('reports:kgb_letters')}?unit={unit.pk}&amp;bulan=3" in kgb
    promotion = client.get(f"{reverse('reports:kenaikan_pangkat')}?unit={unit.pk}").content.decode()
    assert reverse("reports:promotion_list") in promotion


# --- The public verification page ---------------------------------------------------------------------
def _issued(as_persona, due) -> Letter:
    _post_kgb(as_persona("hr_sorong"), due, number="800/1/BKPSDM/2026")
    return Letter.objects.get()


def test_the_verification_page_says_valid_with_only_what_matches_the_letter(as_persona, due, address):
    letter = _issued(as_persona, due)
    response = Client(REMOTE_ADDR=address()).get(reverse("reports:letter_verify", args=[letter.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="letter-valid"' in html
    for shown in ("Surat pemberitahuan kenaikan gaji berkala", "800/1/BKPSDM/2026", "23 November 2026",
                  "Budi Santoso", "Pemerintah Kota Sorong", due.nip[-3:]):  # fmt: skip
        assert shown in html, shown
    assert due.nip not in html and due.nip_display not in html, "the NIP is masked"
    assert due.nip[:8] not in html, "nothing of the birth date"
    assert "Unit Uji Surat" not in html, "nothing beyond what checks the letter"
    # A code typed in lower case is the same code.
    lower = Client(REMOTE_ADDR=address()).get(reverse("reports:letter_verify", args=[letter.code.lower()]))
    assert lower.status_code == 200


def test_an_unknown_code_is_a_clear_404(address):
    response = Client(REMOTE_ADDR=address()).get(reverse("reports:letter_verify", args=["AAAABBBBCCCCDDDD"]))
    assert response.status_code == 404
    assert "Surat tidak ditemukan" in response.content.decode()


def test_the_verification_page_is_rate_limited_per_address(as_persona, due, address, settings):
    settings.LETTER_VERIFY_LIMIT = 3
    letter = _issued(as_persona, due)
    url = reverse("reports:letter_verify", args=[letter.code])
    guesser = Client(REMOTE_ADDR=address())
    assert [guesser.get(url).status_code for _ in range(3)] == [200, 200, 200]
    limited = guesser.get(url)
    assert limited.status_code == 429
    assert 'data-testid="letter-limited"' in limited.content.decode()
    assert Client(REMOTE_ADDR=address()).get(url).status_code == 200, "another address is not affected"
