"""Every create, update and delete of HR data is recorded and readable by HR per record."""

from django.urls import reverse

from core import access
from employees import services
from employees.models import Employee


def test_an_hr_edit_is_recorded_with_who_and_what_changed(org, as_persona):
    nurse = org.employee_dinkes_sorong
    client = as_persona("hr_sorong")
    data = {
        "nip": nurse.nip,
        "name": "Siti Aminah",
        "front_title": "",
        "back_title": "S.Kep.",
        "birth_date": "1990-05-17",
        "gender": "P",
        "unit": org.pkm_sorong.pk,
        "position_name": "Perawat Ahli Muda",
        "position_kind": "fungsional",
        "golongan": "III/b",
    }
    response = client.post(reverse("employees:update", args=[nurse.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = nurse.history.order_by("-history_date").first()
    assert latest.history_type == "~"
    assert latest.history_user == org.users["hr_sorong"]
    page = client.get(reverse("core:history", args=["pegawai", nurse.pk])).content.decode()
    assert "Siti Perawat" in page and "Siti Aminah" in page  # old and new value
    assert "hr.sorong" in page


def test_deactivation_is_recorded_and_the_record_stays(org):
    actor = access.actor_for(org.users["hr_sorong"])
    services.records.employee_set_active(actor=actor, employee=org.employee_dinkes_sorong, active=False)
    assert Employee.objects.filter(pk=org.employee_dinkes_sorong.pk, is_active=False).exists()
    row = org.employee_dinkes_sorong.history.order_by("-history_date").first()
    assert row.is_active is False
    assert row.history_user == org.users["hr_sorong"]


def test_unit_and_agency_changes_are_recorded_too(org):
    from core import services as core_services

    actor = access.actor_for(org.users["hr_sorong"])
    core_services.unit_update(actor=actor, unit=org.dishub_sorong, name="Dinas Perhubungan Kota Sorong")
    row = org.dishub_sorong.history.order_by("-history_date").first()
    assert row.name == "Dinas Perhubungan Kota Sorong"
    assert row.history_user == org.users["hr_sorong"]
    org.sorong.name = "Pemkot Sorong"
    org.sorong.save()
    assert org.sorong.history.count() == 2
