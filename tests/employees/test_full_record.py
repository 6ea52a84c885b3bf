"""The full record's fields, their validation, and the logged access to sensitive data."""

from datetime import date

import pytest
from django.urls import reverse

from employees.models import Employee, SensitiveDataView

from .test_employee_pages import form_data


def test_hr_saves_the_full_record(org, as_persona):
    data = form_data(
        org,
        birth_place="Sorong",
        nik="9271015703920001",
        religion="kristen",
        marital_status="kawin",
        address="Jl. Basuki Rahmat Km 7",
        phone="+6281234567890",
        email="rina@sorongkota.go.id",
        employment_status="CPNS",
        tmt_cpns="2019-03-01",
        education="S-1",
        working_state="aktif",
        position_level="terampil",
        tmt_golongan="2019-03-01",
    )
    response = as_persona("hr_sorong").post(reverse("employees:create"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    e = Employee.objects.get(name="Rina Wulandari")
    assert (e.nik, e.religion, e.employment_status, e.tmt_cpns) == (
        "9271015703920001",
        "kristen",
        "CPNS",
        date(2019, 3, 1),
    )


def test_the_employment_status_defaults_from_the_nip_kind(org, as_persona):
    as_persona("hr_sorong").post(reverse("employees:create"), form_data(org))
    assert Employee.objects.get(name="Rina Wulandari").employment_status == "PNS"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nik": "92710157039200"}, "NIK harus terdiri atas tepat 16 angka"),
        ({"nik": "927101570392000X"}, "NIK harus terdiri atas tepat 16 angka"),
        ({"phone": "0812-ABC"}, "Nomor telepon diawali 0 atau"),
        ({"email": "bukan-surel"}, "alamat email yang valid"),
        ({"employment_status": "PPPK"}, "Status kepegawaian tidak sesuai dengan jenis NIP"),
        ({"tmt_cpns": "2019-03-01", "tmt_pns": "2018-01-01"}, "TMT PNS tidak boleh sebelum TMT CPNS"),
    ],
)
def test_bad_record_fields_are_refused_in_indonesian_and_nothing_is_saved(
    org, as_persona, overrides, message
):
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employee.objects.filter(name="Rina Wulandari").exists()


def test_an_hr_read_of_sensitive_data_is_logged_but_the_employees_own_is_not(org, as_persona):
    nurse = org.employee_dinkes_sorong
    nurse.nik = "9271015705900002"
    nurse.religion = "islam"
    nurse.save()
    url = reverse("employees:sensitive", args=[nurse.pk])
    own = as_persona("employee_dinkes_sorong").get(url)
    assert own.status_code == 200 and "9271015705900002" in own.content.decode()
    assert not SensitiveDataView.objects.exists()
    hr = as_persona("hr_sorong").get(url)
    assert "9271015705900002" in hr.content.decode()
    log = SensitiveDataView.objects.get()
    assert (log.viewer, log.employee) == (org.users["hr_sorong"], nurse)
    assert "nik" in log.fields


def test_the_detail_page_never_shows_sensitive_fields(org, as_persona):
    nurse = org.employee_dinkes_sorong
    nurse.nik = "9271015705900002"
    nurse.save()
    for persona in ("hr_sorong", "head_dinkes_sorong", "employee_dinkes_sorong"):
        page = as_persona(persona).get(reverse("employees:detail", args=[nurse.pk])).content.decode()
        assert "9271015705900002" not in page
    assert not SensitiveDataView.objects.exists()
