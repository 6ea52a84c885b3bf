"""The old 9-digit NIP (`nip_lama`, domain.md §2): digits only, in the model, the forms and imports."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from employees.models import Employee
from employees.rules.nip import NipError, build_nip, check_nip_lama
from employees.selectors.corrections import CORRECTABLE_FIELDS, serialize

from .test_employee_imports import nip, preview, send, token_of
from .test_employee_pages import form_data
from .xlsx import EMPLOYEE_HEADERS, employee_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
MESSAGE = "NIP lama harus terdiri atas tepat 9 angka, tanpa huruf atau tanda lain."
BAD = ["13A123456", "12345678", "1234567890", "ABCDEFGHI", "١٢٣٤٥٦٧٨٩", "123-456-7"]


@pytest.mark.parametrize(("typed", "kept"), [("010123456", "010123456"), ("010 123 456", "010123456"),
                                             ("010.123.456", "010123456"), ("", ""), ("  ", "")])  # fmt: skip
def test_an_old_nip_keeps_its_nine_digits_without_spaces_and_dots(typed, kept):
    assert check_nip_lama(typed) == kept


@pytest.mark.parametrize("typed", BAD)
def test_an_old_nip_with_letters_or_another_length_is_refused_in_indonesian(typed):
    with pytest.raises(NipError, match="tepat 9 angka"):
        check_nip_lama(typed)


@pytest.mark.parametrize("typed", [*BAD, "123456789\n", "010 123 456"])  # the model stores digits only
def test_the_model_refuses_anything_but_nine_digits(org, typed):
    employee = org.employee_dishub_sorong
    employee.nip_lama = typed
    with pytest.raises(ValidationError) as caught:
        employee.full_clean()
    assert MESSAGE in caught.value.message_dict["nip_lama"]


def test_the_employee_form_refuses_letters_and_saves_nothing(org, as_persona):
    before = Employee.objects.count()
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org, nip_lama="13A123456"))
    assert response.status_code == 200
    assert response.context["form"].errors["nip_lama"] == [MESSAGE]
    assert MESSAGE in response.content.decode()
    assert Employee.objects.count() == before


def test_the_employee_form_keeps_the_digits_of_an_old_nip_typed_with_spaces(org, as_persona):
    response = as_persona("hr_sorong").post(
        reverse("employees:create"), form_data(org, nip_lama="010 123 456")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Employee.objects.get(name="Rina Wulandari").nip_lama == "010123456"


def test_changing_a_record_refuses_letters_in_the_old_nip(org, as_persona):
    employee = org.employee_dishub_sorong
    data = {
        "nip": employee.nip, "nip_lama": "AB1234567", "name": employee.name, "birth_date": "1990-05-17",
        "gender": employee.gender, "unit": employee.unit_id, "working_state": "aktif",
    }  # fmt: skip
    response = as_persona("hr_sorong").post(reverse("employees:update", args=[employee.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["nip_lama"] == [MESSAGE]
    employee.refresh_from_db()
    assert employee.nip_lama == ""


def test_a_correction_proposal_refuses_letters_in_the_old_nip(org, as_persona):
    from employees.models import CorrectionProposal

    nurse = org.employee_dinkes_sorong
    data = {name: serialize(getattr(nurse, name)) for name in CORRECTABLE_FIELDS}
    data.update(reason="Salah ketik saat pendataan.", attachment_kind="lainnya", nip_lama="I3I123456")
    response = as_persona("employee_dinkes_sorong").post(reverse("employees:correction_mine"), data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not CorrectionProposal.objects.exists()


def test_an_import_names_an_old_nip_with_letters_and_keeps_the_digits_of_a_good_one(org, as_persona):
    client = as_persona("hr_sorong")
    headers = [*EMPLOYEE_HEADERS, "NIP lama"]
    rows = [
        [*employee_row(nip(1), "Lama Baik"), "010 123 456"],  # row 2
        [*employee_row(nip(2), "Lama Huruf"), "13A123456"],  # row 3
        [*employee_row(nip(3), "Lama Pendek"), 12345678],  # row 4: a number cell, 8 digits
    ]
    token = token_of(send(client, upload(xlsx_bytes(headers, rows)), instansi=org.sorong.pk))
    report = preview(client, token).context["report"]
    reasons = {p.number: " ".join(p.reasons) for p in report.problems}
    assert set(reasons) == {3, 4}
    assert "NIP lama" in reasons[3] and "tepat 9 angka" in reasons[3]
    assert "tepat 9 angka" in reasons[4]
    good = [*employee_row(build_nip(birth_date=date(1992, 3, 4), tmt_year=2019, tmt_month=3, gender="P",
                                    serial=41), "Lama Baik"), "010.123.456"]  # fmt: skip
    token = token_of(send(client, upload(xlsx_bytes(headers, [good])), instansi=org.sorong.pk))
    assert preview(client, token).context["report"].ok
    assert client.post(reverse("employees:import_apply", args=[token])).status_code == 302
    assert Employee.objects.get(name="Lama Baik").nip_lama == "010123456"
