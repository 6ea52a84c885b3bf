"""The external learning and evaluation lists keep their query count whatever the number of rows
(1 row and many): the same bound K at both sizes, and the same count."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as R

from training.models import AppliedEvaluation, ReactionFeedback

from ..factories import make_employees_bulk
from .evaluation_helpers import completed, finished_programme
from .external_helpers import make_external

pytestmark = pytest.mark.django_db

# The most queries each page takes (session, user, actor, menu and the page's own reads).
K = {
    "external_mine": 10,
    "external_queue": 12,
    "evaluation_mine_participant": 10,
    "evaluation_mine_head": 10,
    "evaluation_results": 13,
    "evaluation_programme": 14,
}


def constant(client, url, grow, django_assert_max_num_queries, k, expected_rows=None):
    client.get(url)
    with django_assert_max_num_queries(k), CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.status_code == 200
    grow()
    with django_assert_max_num_queries(k), CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    if expected_rows is not None:
        assert len(list(response.context["page"])) == expected_rows
    assert len(large.captured_queries) == len(small.captured_queries), (
        len(small.captured_queries),
        len(large.captured_queries),
    )


def externals(org, count, start=0):
    people = make_employees_bulk(org.pkm_sorong, count)
    for i, employee in enumerate(people):
        make_external(
            employee, state="menunggu" if i % 3 else "diverifikasi", title=f"Kursus {start + i:03d}"
        )
        make_external(org.employee_dinkes_sorong, title=f"Seminar {start + i:03d}")


def test_the_employees_list_and_hrs_queue(org, as_persona, django_assert_max_num_queries):
    externals(org, 1)
    constant(
        as_persona("employee_dinkes_sorong"),
        R("training:external_mine") + "?size=100&sort=judul",
        lambda: externals(org, 40, 1),
        django_assert_max_num_queries,
        K["external_mine"],
        41,
    )
    constant(
        as_persona("hr_sorong"),
        R("training:external_queue")
        + f"?size=100&status=&unit={org.dinkes_sorong.pk}&year=2026&sort=pegawai",
        lambda: externals(org, 30, 100),
        django_assert_max_num_queries,
        K["external_queue"],
    )


def finished(org, count, start=0, head=None):
    people = make_employees_bulk(org.pkm_sorong, 3)
    for i in range(start, start + count):
        programme = finished_programme(
            org,
            title=f"Program {i:03d}",
            start=date(2026, 3, 2),
            end=date(2026, 3, 4) if i % 2 else date(2026, 7, 2),
        )
        mine = completed(org, programme)
        if i % 3 == 0:
            ReactionFeedback.objects.create(
                enrolment=mine, content=4, trainer=4, organisation=3, usefulness=5
            )
        for person in people:
            theirs = completed(org, programme, employee=person)
            ReactionFeedback.objects.create(
                enrolment=theirs, content=5, trainer=3, organisation=4, usefulness=4
            )
            if i % 2:
                AppliedEvaluation.objects.create(
                    enrolment=theirs, evaluator=org.head_dinkes_sorong, rating=4, comment="x"
                )


def test_the_evaluation_lists(org, as_persona, django_assert_max_num_queries):
    finished(org, 1)
    grown = []

    def grow():
        if not grown:
            finished(org, 30, 1)
            grown.append(True)

    constant(
        as_persona("employee_dinkes_sorong"),
        R("training:evaluation_mine") + "?size=100&peran=peserta",
        grow,
        django_assert_max_num_queries,
        K["evaluation_mine_participant"],
        31,
    )
    grown.clear()


def test_the_heads_list_and_hrs_results(org, as_persona, django_assert_max_num_queries):
    finished(org, 1)
    grown = []

    def grow():
        if not grown:
            finished(org, 30, 1)
            grown.append(True)

    constant(
        as_persona("head_dinkes_sorong"),
        R("training:evaluation_mine") + "?size=100&peran=atasan&sort=program",
        grow,
        django_assert_max_num_queries,
        K["evaluation_mine_head"],
    )


def test_hrs_results_and_a_programmes_page(org, as_persona, django_assert_max_num_queries):
    finished(org, 1)
    hr = as_persona("hr_sorong")
    first = org.sorong.training_programmes.get()
    grown = []

    def grow():
        if not grown:
            finished(org, 30, 1)
            for e in make_employees_bulk(org.pkm_sorong, 20):
                enrolment = completed(org, first, employee=e)
                ReactionFeedback.objects.create(
                    enrolment=enrolment,
                    content=2,
                    trainer=3,
                    organisation=4,
                    usefulness=5,
                    comment="Komentar",
                )
            grown.append(True)

    constant(
        hr,
        R("training:evaluation_results") + "?size=100&sort=-umpan_balik&year=2026",
        grow,
        django_assert_max_num_queries,
        K["evaluation_results"],
        None,
    )
    grown.clear()
    constant(
        hr,
        R("training:evaluation_programme", args=[first.pk]),
        lambda: None,
        django_assert_max_num_queries,
        K["evaluation_programme"],
    )
