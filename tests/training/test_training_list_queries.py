"""Every training list keeps its query count whatever the number of rows (1 row and many)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as R

from training.models import Competency, Enrolment, PartnerAgreement, PartnerInstitution, Programme

from ..factories import make_employees_bulk
from .factories import make_programme

pytestmark = pytest.mark.django_db


def programmes(org, count, start=0):
    made = []
    for i in range(start, start + count):
        p = make_programme(org.sorong, title=f"Program {i:03d}", quota=3)
        if i % 2:
            p.units.set([org.dinkes_sorong])
        made.append(p)
    return made


def enrolments(org, programme_list, employee):
    Enrolment.objects.bulk_create(
        Enrolment(
            programme=p,
            employee=employee,
            origin="mandiri",
            state="diajukan",
            approver=org.head_dinkes_sorong,
        )
        for p in programme_list
    )


def partners(org, count, start=0):
    for i in range(start, start + count):
        partner = PartnerInstitution.objects.create(
            instansi=org.sorong, name=f"Lembaga {i:03d}", kind="lembaga"
        )
        PartnerAgreement.objects.create(
            partner=partner,
            number=f"PKS/{i}",
            start_date=date(2026, 1, 1),
            end_date=date(2027, 1, 1),
            scope="x",
        )


def competencies(org, count, start=0):
    Competency.objects.bulk_create(
        Competency(instansi=org.sorong, code=f"T.{i:03d}", name=f"Kompetensi {i}", kind="teknis")
        for i in range(start, start + count)
    )


def constant(client, url, grow, django_assert_max_num_queries, expected_rows):
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(list(response.context["page"])) == expected_rows
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_catalogue(org, as_persona, django_assert_max_num_queries):
    programmes(org, 1)
    url = R("training:catalogue") + "?size=100&sort=-jp"
    constant(
        as_persona("employee_dinkes_sorong"),
        url,
        lambda: programmes(org, 60, 1),
        django_assert_max_num_queries,
        61,
    )


def test_hrs_programme_list(org, as_persona, django_assert_max_num_queries):
    enrolments(org, programmes(org, 1), org.employee_dinkes_sorong)
    url = R("training:programme_list") + "?size=100&sort=status"

    def grow():
        enrolments(org, programmes(org, 60, 1), org.employee_dinkes_sorong)

    constant(as_persona("hr_sorong"), url, grow, django_assert_max_num_queries, 61)


def test_my_enrolments_and_the_queue(org, as_persona, django_assert_max_num_queries):
    enrolments(org, programmes(org, 1), org.employee_dinkes_sorong)
    grow_done = []

    def grow():
        if not grow_done:
            enrolments(org, programmes(org, 40, 1), org.employee_dinkes_sorong)
            others = make_employees_bulk(org.pkm_sorong, 20)
            for e in others:
                enrolments(org, Programme.objects.filter(title="Program 000"), e)
            grow_done.append(True)

    constant(
        as_persona("employee_dinkes_sorong"), R("training:my_enrolments") + "?size=100",
        grow, django_assert_max_num_queries, 41,
    )  # fmt: skip
    grow_done.clear()
    Enrolment.objects.all().delete()
    Programme.objects.all().delete()
    enrolments(org, programmes(org, 1), org.employee_dinkes_sorong)
    constant(
        as_persona("head_dinkes_sorong"), R("training:queue") + "?size=100&sort=pegawai",
        grow, django_assert_max_num_queries, 61,
    )  # fmt: skip


def test_partners_and_competencies(org, as_persona, django_assert_max_num_queries):
    hr = as_persona("hr_sorong")
    partners(org, 1)
    constant(
        hr,
        R("training:partner_list") + "?size=100",
        lambda: partners(org, 30, 1),
        django_assert_max_num_queries,
        31,
    )
    competencies(org, 1)
    constant(
        hr,
        R("training:competency_list") + "?size=100",
        lambda: competencies(org, 30, 1),
        django_assert_max_num_queries,
        31,
    )
