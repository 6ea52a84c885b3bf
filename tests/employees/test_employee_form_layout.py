"""Issue 10 item 16, server side: the employee form's sections, its Batal link, the hooks of the
NIP prefill script, and the NIP consistency check that stays on the server."""

import re

from django.urls import reverse

from employees.models import Employee

from .test_employee_pages import form_data

SECTIONS = ["Identitas", "Kepegawaian", "Jabatan dan unit kerja", "Data pribadi", "Kontak dan alamat"]


def legends(html: str) -> list[str]:
    return [text.strip() for text in re.findall(r"<legend>(.*?)</legend>", html, re.S)]


def test_the_new_employee_form_has_its_sections_in_order_and_batal_returns_to_the_list(org, as_persona):
    html = as_persona("hr_sorong").get(reverse("employees:create")).content.decode()
    assert legends(html) == SECTIONS
    assert f'<a class="btn btn-link" href="{reverse("employees:list")}">Batal</a>' in html
    assert 'src="/static/js/employee_form.js"' in html
    assert "data-nip-source" in html and "data-nip-birth-date" in html and "data-nip-gender" in html
    # The first rank and position of a new employee sit in their sections.
    employment = html.split("<legend>Kepegawaian</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert 'name="golongan"' in employment
    position = html.split("<legend>Jabatan dan unit kerja</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert 'name="position_name"' in position and 'name="unit"' in position


def test_changing_a_record_offers_batal_back_to_the_employee(org, as_persona):
    nurse = org.employee_dinkes_sorong
    html = as_persona("hr_sorong").get(reverse("employees:update", args=[nurse.pk])).content.decode()
    assert legends(html) == SECTIONS
    assert f'<a class="btn btn-link" href="{nurse.get_absolute_url()}">Batal</a>' in html
    assert 'name="golongan"' not in html


def test_the_sections_are_english_for_an_english_reader(org, as_persona):
    client = as_persona("hr_sorong")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("employees:create")).content.decode()
    assert legends(html) == [
        "Identity",
        "Employment",
        "Position and work unit",
        "Personal data",
        "Contact and address",
    ]


def test_the_server_still_refuses_a_birth_date_that_contradicts_the_nip(org, as_persona):
    """The script only helps; a mismatch typed on purpose needs the confirmation (domain.md §2)."""
    response = as_persona("hr_sorong").post(
        reverse("employees:create"), form_data(org, birth_date="1992-03-05")
    )
    assert response.status_code == 200
    assert "Tanggal lahir berbeda dengan yang tertulis di NIP" in response.content.decode()
    assert not Employee.objects.filter(name="Rina Wulandari").exists()
