"""The minimal employee pages: scoped lists with constant queries, forms that refuse bad input."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Employee
from employees.rules.nip import build_nip

from ..factories import make_employee, make_employees_bulk, make_unit

# session, user, actor (2), count, rows, and the session save (3, SESSION_SAVE_EVERY_REQUEST)
LIST_QUERY_LIMIT = 10
# The employee list also reads the units of its unit filter, and fetches a page as its keys, then
# its rows (core.paging.KeyPagedRows).
EMPLOYEE_LIST_QUERY_LIMIT = LIST_QUERY_LIMIT + 2


def form_data(org, **overrides):
    data = {
        "nip": build_nip(birth_date=date(1992, 3, 4), tmt_year=2019, tmt_month=3, gender="P", serial=7),
        "nip_lama": "",
        "front_title": "",
        "name": "Rina Wulandari",
        "back_title": "S.E.",
        "birth_date": "1992-03-04",
        "gender": "P",
        "unit": org.dishub_sorong.pk,
        "position_name": "Penata Layanan Operasional",
        "position_kind": "pelaksana",
        "golongan": "III/a",
        "tmt_cpns": "2019-03-01",
    }
    data.update(overrides)
    return data


def fill_unit(unit, count):
    make_employees_bulk(unit, count)


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["hr_sorong", "head_dinkes_sorong", "superuser"])
def test_the_employee_list_keeps_a_constant_query_count(
    org, as_persona, persona, django_assert_max_num_queries
):
    """The same number of queries at 1 row and at 200 rows, and within the bound."""
    client = as_persona(persona)
    url = reverse("employees:list")
    client.get(url)  # the first request of a session also caches the agency time zone
    fill_unit(org.pkm_sorong, 1)
    small = query_count(client, url)
    Employee.objects.filter(name__startswith="Pegawai ").delete()
    fill_unit(org.pkm_sorong, 200)
    with django_assert_max_num_queries(EMPLOYEE_LIST_QUERY_LIMIT):
        response = client.get(url)
    assert response.context["page"].paginator.count >= 200
    assert query_count(client, url) == small


@pytest.mark.parametrize("name", ["core:instansi_list", "core:unit_tree", "core:unit_detail", "core:history"])
def test_the_organisation_pages_keep_a_constant_query_count(org, as_persona, name):
    client = as_persona("hr_sorong")
    args = {
        "core:instansi_list": [],
        "core:unit_tree": [org.sorong.pk],
        "core:unit_detail": [org.dinkes_sorong.pk],
        "core:history": ["pegawai", org.employee_dinkes_sorong.pk],
    }[name]
    url = reverse(name, args=args)
    client.get(url)
    small = query_count(client, url)
    for i in range(30):
        make_unit(org.sorong, f"X{i}", parent=org.dishub_sorong)
    fill_unit(org.pkm_sorong, 200)
    nurse = org.employee_dinkes_sorong
    for i in range(40):
        nurse.name = f"Siti Perawat {i}"
        nurse.save()
    # the unit and its parent (detail), or the record (history), on top of a list page
    assert query_count(client, url) == small <= LIST_QUERY_LIMIT + 2


def test_a_head_lists_only_their_subtree(org, as_persona):
    page = as_persona("head_dinkes_sorong").get(reverse("employees:list")).context["page"]
    assert {e.name for e in page} == {"Kepala Dinkes", "Siti Perawat"}


def test_the_list_searches_by_name_or_nip_and_filters_by_kind(org, as_persona):
    client = as_persona("hr_sorong")
    nip = org.employee_dinkes_sorong.nip
    by_nip = client.get(
        reverse("employees:list"), {"q": f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"}
    ).context["page"]
    assert [e.pk for e in by_nip] == [org.employee_dinkes_sorong.pk]
    by_name = client.get(reverse("employees:list"), {"q": "dishub"}).context["page"]
    assert [e.name for e in by_name] == ["Staf Dishub Sorong"]
    pppk = client.get(reverse("employees:list"), {"kind": "PPPK"}).context["page"]
    assert list(pppk) == []


def test_hr_creates_an_employee_and_the_kind_follows_the_nip(org, as_persona):
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org))
    assert response.status_code == 302
    employee = Employee.objects.get(name="Rina Wulandari")
    assert employee.kind == "PNS"
    assert employee.history.first().history_user == org.users["hr_sorong"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nip": "1992030420190320"}, "tepat 18 angka"),
        ({"nip": "199203042019132007"}, "bulan TMT CPNS"),
        ({"birth_date": "1992-03-05"}, "Tanggal lahir berbeda"),
        ({"gender": "L"}, "Jenis kelamin berbeda"),
        ({"golongan": "PPPK-IX"}, "tidak berlaku untuk PNS"),
        ({"name": ""}, "tidak boleh kosong"),
        ({"unit": "999999"}, "Masukkan pilihan yang valid"),
    ],
)
def test_bad_input_gets_an_indonesian_message_and_nothing_is_saved(org, as_persona, overrides, message):
    before = Employee.objects.count()
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Employee.objects.count() == before


def test_a_confirmed_mismatch_with_the_nip_is_accepted(org, as_persona):
    data = form_data(org, birth_date="1992-03-05", nip_mismatch_confirmed="on")
    assert as_persona("hr_sorong").post(reverse("employees:create"), data).status_code == 302
    assert Employee.objects.get(name="Rina Wulandari").nip_mismatch_confirmed


def test_a_duplicate_nip_is_refused(org, as_persona):
    existing = org.employee_dishub_sorong
    data = form_data(org, nip=existing.nip, birth_date="1990-05-17", gender="L")
    response = as_persona("hr_sorong").post(reverse("employees:create"), data)
    assert response.status_code == 200
    assert "NIP/NI PPPK telah ada" in response.content.decode()


def test_a_unit_gets_only_one_head(org, as_persona):
    data = form_data(org, unit=org.dinkes_sorong.pk, is_unit_head="on")
    response = as_persona("hr_sorong").post(reverse("employees:create"), data)
    assert response.status_code == 200
    assert "sudah memiliki kepala" in response.content.decode()
    assert not Employee.objects.filter(name="Rina Wulandari").exists()


def test_hr_cannot_place_an_employee_in_another_agency(org, as_persona):
    data = form_data(org, unit=org.dishub_palembang.pk)
    response = as_persona("hr_sorong").post(reverse("employees:create"), data)
    assert response.status_code == 200
    assert not Employee.objects.filter(name="Rina Wulandari").exists()


def test_the_atasan_langsung_follows_the_unit_tree(org):
    from employees.selectors.records import atasan_langsung

    assert atasan_langsung(org.employee_dinkes_sorong) == org.head_dinkes_sorong  # vacant Puskesmas head
    assert atasan_langsung(org.head_dinkes_sorong) is None  # no head above the Dinas in this tree
    pkm_head = make_employee(org.pkm_sorong, name="Kepala Puskesmas", is_unit_head=True)
    assert atasan_langsung(org.employee_dinkes_sorong) == pkm_head
    assert atasan_langsung(pkm_head) == org.head_dinkes_sorong


def test_hr_cannot_change_their_own_record(org, as_persona):
    from core.access import actor_for
    from employees import access, services

    hr_user = org.users["hr_sorong"]
    own = make_employee(org.dishub_sorong, user=hr_user, name="Petugas BKPSDM")
    actor = actor_for(hr_user)
    assert not access.can_change_employee(actor, own)
    assert access.can_change_employee(actor, org.employee_dinkes_sorong)
    with pytest.raises(PermissionDenied):
        services.records.employee_update(actor=actor, employee=own, data={"golongan": "IV/e"})
    assert as_persona("hr_sorong").get(reverse("employees:update", args=[own.pk])).status_code == 403
    own.refresh_from_db()
    assert own.golongan == "III/a"


def test_sorting_by_golongan_follows_rank_not_text(org, as_persona):
    for golongan in ["IV/a", "II/c", "III/d"]:
        make_employee(org.dishub_sorong, name=f"Gol {golongan}", golongan=golongan)
    page = (
        as_persona("hr_sorong")
        .get(reverse("employees:list"), {"sort": "-golongan", "q": "Gol"})
        .context["page"]
    )
    assert [e.golongan for e in page] == ["IV/a", "III/d", "II/c"]


def test_a_young_tmt_is_saved_with_a_warning(org, as_persona):
    nip = build_nip(birth_date=date(2005, 1, 1), tmt_year=2015, tmt_month=1, gender="P", serial=9)
    data = form_data(org, nip=nip, birth_date="2005-01-01")
    response = as_persona("hr_sorong").post(reverse("employees:create"), data, follow=True)
    assert response.status_code == 200
    assert "kurang dari 18 tahun" in response.content.decode()
    assert Employee.objects.filter(nip=nip).exists()


def test_an_out_of_scope_unit_filter_is_a_404(org, as_persona):
    url = reverse("employees:list")
    assert as_persona("hr_sorong").get(url, {"unit": org.dishub_palembang.pk}).status_code == 404
    assert as_persona("hr_sorong").get(url, {"unit": org.dinkes_sorong.pk}).status_code == 200


def test_a_nip_typed_with_spaces_as_shown_is_accepted(org, as_persona):
    typed = "19920304 201903 2 007"
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org, nip=typed))
    assert response.status_code == 302
    assert Employee.objects.get(name="Rina Wulandari").nip == "199203042019032007"


def test_a_plain_employee_lists_only_their_own_record(org, as_persona):
    response = as_persona("employee_dinkes_sorong").get(reverse("employees:list"))
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == [org.employee_dinkes_sorong.pk]
    html = response.content.decode()
    assert "Siti Perawat" in html
    for other in ("Kepala Dinkes", "Staf Dishub Sorong"):
        assert other not in html
    assert not response.context["can_create"] and not response.context["can_export"]
    assert not response.context["can_import"]


def test_a_deactivated_employee_no_longer_reads_active_on_their_page(org, as_persona):
    from django.urls import reverse

    nurse = org.employee_dinkes_sorong
    hr = as_persona("hr_sorong")
    assert "status-inactive" not in hr.get(reverse("employees:detail", args=[nurse.pk])).content.decode()
    assert hr.post(reverse("employees:set_active", args=[nurse.pk]), {"active": "0"}).status_code == 302

    html = hr.get(reverse("employees:detail", args=[nurse.pk])).content.decode()

    status = html.split('data-testid="status-inactive">', 1)[1].split("<", 1)[0]
    assert status == "Nonaktif (tidak lagi bekerja di instansi)"


def _current_form(employee, user) -> dict:
    """What the edit form would post unchanged: its fields' current values (the version included)."""
    from core import access
    from employees.forms.records import EmployeeForm

    form = EmployeeForm(instance=employee, actor=access.actor_for(user))
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else (value.isoformat() if isinstance(value, date) else value)
    return data


def test_an_edit_form_opened_before_someone_elses_save_is_refused_and_loses_nothing(org, as_persona):
    """Two HR officers open the same record; one saves; the other's older form must not silently
    overwrite that change."""
    from django.urls import reverse

    from employees.models import Employee

    nurse = org.employee_dinkes_sorong
    url = reverse("employees:update", args=[nurse.pk])
    opened_by_a = _current_form(nurse, org.users["hr_sorong"])
    assert opened_by_a.get("version"), "the form carries the record's version"

    saved_by_b = {**_current_form(nurse, org.users["superuser"]), "birth_place": "Diubah B"}
    response = as_persona("superuser").post(url, saved_by_b)
    assert response.status_code == 302

    response = as_persona("hr_sorong").post(url, {**opened_by_a, "phone": "081299990000"})

    assert response.status_code == 200
    assert "sudah diubah orang lain setelah formulir ini dibuka" in response.content.decode()
    nurse = Employee.objects.get(pk=nurse.pk)
    assert nurse.birth_place == "Diubah B" and nurse.phone != "081299990000"

    # Opened again, the form carries the new version and saves.
    again = {**_current_form(nurse, org.users["hr_sorong"]), "phone": "081299990000"}
    assert as_persona("hr_sorong").post(url, again).status_code == 302
    assert Employee.objects.get(pk=nurse.pk).phone == "081299990000"
