"""Issue 10 item 19: phone numbers typed with dashes, spaces, dots, brackets or +62 are accepted and
stored in one form (081234567890), in the record form, the correction proposal and the import."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from employees.models import CorrectionProposal, Employee
from employees.rules.io import EMPLOYEES, RawRow, parse_cells
from employees.rules.phone import normalize_phone

from .test_employee_pages import form_data


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("0812 3456 7890", "081234567890"),
        ("0812.3456.7890", "081234567890"),
        ("+62 812 3456 7890", "081234567890"),
        ("+62-812-3456-7890", "081234567890"),
        ("+62 (0) 812 3456 7890", "081234567890"),
        ("62 812 3456 7890", "081234567890"),
        ("0062 812 3456 7890", "081234567890"),
        ("(0951) 321-456", "0951321456"),
        ("+65 9123 4567", "+6591234567"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_a_phone_number_is_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12ab", "0812-3456-78x0", "+62 abc"])
def test_what_is_not_a_phone_number_is_left_for_the_validator_to_refuse(typed):
    assert normalize_phone(typed) == typed.strip()


@pytest.mark.parametrize("typed", ["0812-3456-7890", "+62 812 3456 7890", "0812 3456 7890"])
def test_the_record_form_accepts_a_typed_phone_number_and_stores_the_canonical_form(org, as_persona, typed):
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org, phone=typed))
    assert response.status_code == 302
    assert Employee.objects.get(name="Rina Wulandari").phone == "081234567890"


def test_the_record_form_still_refuses_letters_in_indonesian(org, as_persona):
    response = as_persona("hr_sorong").post(reverse("employees:create"), form_data(org, phone="0812-ABCD"))
    assert response.status_code == 200
    assert "Nomor telepon diawali 0 atau" in response.content.decode()
    assert not Employee.objects.filter(name="Rina Wulandari").exists()


def test_the_phone_input_is_a_telephone_field_long_enough_for_separators(org, as_persona):
    html = as_persona("hr_sorong").get(reverse("employees:create")).content.decode()
    assert 'type="tel" name="phone"' in html
    assert 'maxlength="30"' in html.split('name="phone"', 1)[1].split(">", 1)[0]


def test_a_correction_proposal_stores_the_canonical_phone_number(org, as_persona):
    from .test_corrections import submit

    nurse = org.employee_dinkes_sorong
    response = submit(as_persona("employee_dinkes_sorong"), nurse, phone="+62 812-3456-7890")
    assert response.status_code == 302
    proposal = CorrectionProposal.objects.get(employee=nurse)
    assert proposal.changes["phone"]["new"] == "081234567890"


@pytest.mark.parametrize(
    ("cell", "stored"),
    [("0812-3456-7890", "081234567890"), ("+62 812 3456 7890", "081234567890"), (81234567890, "081234567890"),
     (6281234567890, "081234567890"), (None, "")],
)  # fmt: skip
def test_the_import_reads_a_phone_number_however_it_was_typed(cell, stored):
    values = {
        "nip": "199203042019032007", "name": "Rina", "birth_date": date(1992, 3, 4), "gender": "P",
        "unit": "DISHUB", "golongan": "III/a", "position_name": "Staf", "position_kind": "Pelaksana",
        "phone": cell,
    }  # fmt: skip
    data, reasons = parse_cells(EMPLOYEES, RawRow(2, values))
    assert reasons == []
    assert data["phone"] == stored


@pytest.mark.parametrize("typed", ["12/31/2026", "2026-02-30", "12345678", "+0812345678", "0812/3456/789"])
def test_dates_and_numbers_without_0_or_a_country_code_are_refused(typed):
    from employees.forms.records import PhoneField

    with pytest.raises(ValidationError, match="diawali 0 atau"):
        PhoneField(required=False).clean(typed)


@pytest.mark.parametrize("typed", ["12/31/2026", "12345678"])
def test_the_import_refuses_them_too(typed):
    from employees.rules.io import CellError, phone

    with pytest.raises(CellError, match="nomor telepon tidak valid"):
        phone(typed)
