"""What the new-user trial of the training pages found: year choices written as 2.027, the study
requirements hidden from the atasan and HR, a need offered a programme already under way, a
programme page telling HR that enrolment is closed while it is open, pages only reachable from
inside the training pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse as R
from django.utils import timezone

from training.models import Programme
from training.selectors import needs as need_selectors

from .factories import actor, make_programme
from .needs_helpers import budget_line, competency, make_need
from .study_helpers import make_study

pytestmark = pytest.mark.django_db


def test_year_choices_are_plain_numbers_and_choosing_one_shows_that_year(org, as_persona):
    budget_line(org.sorong, year=2027, code="5.2.1.09", allocated=1_000_000)
    page = as_persona("hr_sorong").get(R("training:budget"), {"instansi": org.sorong.pk, "year": 2027})
    html = page.content.decode()
    assert '<option value="2027" selected>' in html
    assert "2.027" not in html
    assert "5.2.1.09" in html


def test_the_atasan_and_hr_see_the_study_requirements_as_they_stand_today(org, as_persona):
    # The nurse has no final appraisals: the predikat requirement is not met today.
    study = make_study(org.employee_dinkes_sorong, state="diajukan", approver=org.head_dinkes_sorong)
    head = as_persona("head_dinkes_sorong").get(study.get_absolute_url())
    assert 'data-testid="study-eligibility"' in head.content.decode()
    assert 'data-testid="study-not-eligible"' in head.content.decode()
    # Their own request is not "another study" in the check.
    checks = {str(c.label): c.ok for c in head.context["checks"]}
    assert checks["Tidak sedang mengajukan atau menjalani tugas/izin belajar lain"] is True

    own = as_persona("employee_dinkes_sorong").get(study.get_absolute_url())
    assert 'data-testid="study-eligibility"' not in own.content.decode()  # nothing to decide


def test_a_need_is_not_offered_a_programme_that_has_started(org):
    skill = competency(org.sorong)
    need = make_need(org.employee_dinkes_sorong, competency=skill)
    today = timezone.localdate()
    upcoming = make_programme(org.sorong, title="Akan datang", start_date=today + timedelta(days=20),
                              end_date=today + timedelta(days=22))  # fmt: skip
    running = make_programme(org.sorong, title="Berjalan", start_date=today - timedelta(days=1),
                             end_date=today + timedelta(days=2))  # fmt: skip
    Programme.competencies.through.objects.bulk_create(
        [
            Programme.competencies.through(programme_id=p.pk, competency_id=skill.pk)
            for p in (upcoming, running)
        ]
    )
    offered = list(need_selectors.matching_programmes(actor(org, "hr_sorong"), need))
    assert offered == [upcoming]


def test_hr_is_not_told_enrolment_is_closed_on_an_open_programme(org, as_persona):
    programme = make_programme(org.sorong, start_date=date(2026, 8, 17))
    page = as_persona("hr_sorong").get(programme.get_absolute_url()).content.decode()
    assert 'data-testid="not-for-you"' in page
    assert "Pendaftaran tidak sedang dibuka" not in page


def test_every_training_page_of_hr_is_in_the_menu(org, as_persona):
    html = as_persona("hr_sorong").get(R("training:programme_list")).content.decode()
    navbar = html[: html.index("</nav>")]
    for name in (
        "training:competency_list",
        "training:study_list",
        "training:need_summary",
        "training:budget",
    ):
        assert f'href="{R(name)}"' in navbar, name


def test_the_head_finds_study_approvals_in_the_menu(org, as_persona):
    html = as_persona("head_dinkes_sorong").get(R("training:catalogue")).content.decode()
    navbar = html[: html.index("</nav>")]
    assert f'href="{R("training:study_queue")}"' in navbar
