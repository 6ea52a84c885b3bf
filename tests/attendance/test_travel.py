"""Official travel (dinas luar): who records it, what is checked, and the days it covers follow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.choices import DayStatus
from attendance.models import DailyStatus, DinasLuar
from attendance.services import travel as services
from tests.factories import make_employee

from .factories import actor

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def record(org, who: str, nip: str, **overrides) -> DinasLuar:
    fields = dict(
        start=date(2026, 7, 6),
        end=date(2026, 7, 8),
        letter_number="094/1/SPT/2026",
        letter_date=date(2026, 7, 3),
    )
    fields.update(overrides)
    return services.dinas_luar_create(actor=actor(org.users[who]), instansi=org.sorong, nip=nip, **fields)


def test_hr_records_a_travel_and_its_past_days_become_dinas_luar(org):
    nurse = org.employee_dinkes_sorong
    travel = record(
        org,
        "hr_sorong",
        nurse.nip,
        letter_file=SimpleUploadedFile("spt.pdf", PDF, content_type="application/pdf"),
    )
    assert travel.recorded_by_id == org.users["hr_sorong"].pk and travel.letter_file_name == "spt.pdf"
    days = dict(DailyStatus.objects.filter(employee=nurse).values_list("date", "status"))
    assert days == {date(2026, 7, d): DayStatus.DINAS_LUAR for d in (6, 7, 8)}
    services.dinas_luar_delete(actor=actor(org.users["hr_sorong"]), travel=travel)
    days = dict(DailyStatus.objects.filter(employee=nurse).values_list("date", "status"))
    assert days == {date(2026, 7, d): DayStatus.TANPA_KETERANGAN for d in (6, 7, 8)}
    assert not DinasLuar.objects.exists()


def test_the_head_records_for_the_people_below_but_not_for_themselves_nor_outside(org):
    assert (
        record(org, "head_dinkes_sorong", org.employee_dinkes_sorong.nip).employee
        == org.employee_dinkes_sorong
    )
    with pytest.raises(ValidationError) as own:
        record(org, "head_dinkes_sorong", org.head_dinkes_sorong.nip)
    assert "NIP" in str(own.value)
    with pytest.raises(ValidationError):
        record(org, "head_dinkes_sorong", org.employee_dishub_sorong.nip)  # another unit of Sorong
    with pytest.raises(PermissionDenied):
        record(org, "employee_dishub_palembang", org.employee_dishub_palembang.nip)


def test_hr_records_the_head_and_a_colleague_of_another_agency_is_refused(org):
    assert record(org, "hr_sorong", org.head_dinkes_sorong.nip).employee == org.head_dinkes_sorong
    with pytest.raises(ValidationError):
        record(org, "hr_palembang", org.employee_dinkes_sorong.nip)  # instansi Sorong, HR of Palembang


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": date(2026, 7, 5)}, "end"),
        ({"end": date(2027, 7, 8)}, "end"),
        ({"letter_date": date(2026, 7, 9)}, "letter_date"),
        ({"letter_number": "  "}, "letter_number"),
        ({"letter_file": SimpleUploadedFile("spt.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")},
         "letter_file"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_saved(org, overrides, field):
    with pytest.raises(ValidationError) as refused:
        record(org, "hr_sorong", org.employee_dinkes_sorong.nip, **overrides)
    assert field in refused.value.error_dict
    assert not DinasLuar.objects.exists() and not DailyStatus.objects.exists()


def test_an_overlapping_travel_is_refused(org):
    record(org, "hr_sorong", org.employee_dinkes_sorong.nip)
    with pytest.raises(ValidationError, match="sudah tercatat dinas luar"):
        record(org, "hr_sorong", org.employee_dinkes_sorong.nip, start=date(2026, 7, 8), end=date(2026, 7, 9))
    assert DinasLuar.objects.count() == 1


def test_the_page_lists_searches_and_records(org, as_persona, django_assert_max_num_queries):
    client = as_persona("hr_sorong")
    for n in range(3):
        other = make_employee(org.dishub_sorong, name=f"Pelaksana Dishub {n}")
        DinasLuar.objects.create(
            employee=other, start=date(2026, 6, 1 + n), end=date(2026, 6, 2 + n), letter_number=f"SPT/{n}",
            letter_date=date(2026, 5, 28),
        )  # fmt: skip
    url = reverse("attendance:travels")
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for n in range(3, 13):
        DinasLuar.objects.create(
            employee=org.employee_dishub_sorong, start=date(2025, 1, 1 + n), end=date(2025, 1, 1 + n),
            letter_number=f"SPT/{n}", letter_date=date(2025, 1, 1),
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.count(b"SPT/") == 13
    found = client.get(url, {"q": "Dishub 1"})
    assert b"SPT/1<" in found.content.replace(b"\n", b"").replace(b" ", b"") and b"SPT/2" not in found.content
    on = client.get(url, {"tanggal": "2026-06-03"})
    assert b"SPT/1" in on.content and b"SPT/2" in on.content and b"SPT/0" not in on.content
    response = client.post(
        f"{url}?instansi={org.sorong.pk}",
        {"nip": org.employee_dinkes_sorong.nip, "start": "2026-07-13", "end": "2026-07-10",
         "letter_number": "X", "letter_date": "2026-07-01"},
    )  # fmt: skip
    assert (
        response.status_code == 200
        and "Tanggal selesai tidak boleh sebelum tanggal mulai" in response.content.decode()
    )
