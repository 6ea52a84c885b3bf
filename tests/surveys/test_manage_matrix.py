"""Permission matrix of the survey management pages (issue 12): service units and services,
questionnaires, periods and follow-ups.

Who: HR of the agency keeps service units, services and questionnaires (another agency's HR: 404);
HR or the head of the unit (or above) run periods and handle follow-ups; a head sees the service
units of their subtree (another unit: 404) and may not change the unit itself (403); employees have
no survey pages (403 on every one); anonymous users are sent to the login page.

Service units of the rows: the Puskesmas's (inside the head's subtree), Dinas Perhubungan Sorong's
(Sorong, outside it) and Dinas Perhubungan Palembang's.
"""

import pytest
from django.urls import reverse as R

from surveys.choices import FollowUpState, PeriodState
from surveys.models import ExtraQuestion

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .factories import (
    make_follow_up,
    make_period,
    make_questionnaire,
    make_service,
    make_service_unit,
    standard_questionnaire,
)

SORONG_WRITERS = {"superuser", "hr_sorong"}
PERIOD_RUNNERS = {"superuser", "hr_sorong", "head_dinkes_sorong"}
NO_PAGES = dict(anonymous=302, employee_dinkes_sorong=403, employee_dishub_palembang=403)

# Lists: every HR officer and head; employees have no survey pages.
LIST = expect(**NO_PAGES, others=200)
# The head's own unit: Sorong's HR and the head read it; Palembang's HR does not see it.
OWN_UNIT_READ = expect(**NO_PAGES, superuser=200, hr_sorong=200, head_dinkes_sorong=200, hr_palembang=404)
OTHER_UNIT_READ = expect(**NO_PAGES, superuser=200, hr_sorong=200, head_dinkes_sorong=404, hr_palembang=404)
PALEMBANG_READ = expect(**NO_PAGES, superuser=200, hr_palembang=200, hr_sorong=404, head_dinkes_sorong=404)
# HR's own pages on a Sorong object: the head sees it but may not change it.
HR_FORM = expect(**NO_PAGES, superuser=200, hr_sorong=200, head_dinkes_sorong=403, hr_palembang=404)
HR_WRITE = expect(**NO_PAGES, superuser=302, hr_sorong=302, head_dinkes_sorong=403, hr_palembang=404)
# Running periods and follow-ups: HR or the head.
RUN_FORM = OWN_UNIT_READ
RUN_WRITE = expect(**NO_PAGES, superuser=302, hr_sorong=302, head_dinkes_sorong=302, hr_palembang=404)
OTHER_UNIT_RUN_WRITE = expect(
    **NO_PAGES, superuser=302, hr_sorong=302, head_dinkes_sorong=404, hr_palembang=404
)
# Creating for an agency (?instansi=): its HR; a head of it 403; another agency's HR 404.
CREATE_DEFAULT = expect(**NO_PAGES, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=403)


# --- Fixtures of the rows (idempotent) ---------------------------------------------------------------------
def su_pkm(o):
    unit = make_service_unit(o.pkm_sorong, "pkm-sorong-kota", name="Puskesmas Sorong Kota")
    make_service(unit, "Pemeriksaan umum")
    return unit


def su_dishub(o):
    return make_service_unit(o.dishub_sorong, "dishub-sorong", name="Loket Dishub Sorong")


def su_palembang(o):
    return make_service_unit(o.dishub_palembang, "dishub-palembang", name="Loket Dishub Palembang")


def service_pkm(o):
    return make_service(su_pkm(o), "Pemeriksaan umum")


def sorong_questionnaire(o):
    return make_questionnaire(o.sorong, "Kuesioner Kota Sorong")


def sorong_question(o):
    return ExtraQuestion.objects.filter(questionnaire=sorong_questionnaire(o)).first()


def draft_pkm(o):
    return make_period(su_pkm(o), state=PeriodState.DRAFT)


def open_pkm(o):
    return make_period(su_pkm(o), state=PeriodState.OPEN)


def open_dishub(o):
    return make_period(su_dishub(o), state=PeriodState.OPEN)


def open_palembang(o):
    return make_period(su_palembang(o), state=PeriodState.OPEN)


def follow_up_pkm(o, state=FollowUpState.NEW):
    return make_follow_up(open_pkm(o), state=state, ticket=f"PKM-{state}")


def follow_up_assigned(o):
    """A follow-up of the Puskesmas assigned to its nurse (employee_dinkes_sorong)."""
    return make_follow_up(
        open_pkm(o), state=FollowUpState.ASSIGNED, ticket="PKM-NURSE", assigned_to=o.employee_dinkes_sorong
    )


def follow_up_dishub(o):
    return make_follow_up(open_dishub(o), ticket="DISHUB-1")


def follow_up_palembang(o):
    return make_follow_up(open_palembang(o), ticket="PLB-1")


def unit_post(o):
    return {
        "unit": o.pkm_sorong.pk,
        "name": "Loket Puskesmas Baru",
        "code": "pkm-baru",
        "kind": "puskesmas",
        "address": "Jl. Baru 1",
        "population": "2500",
    }


def period_post(o):
    return {
        "kind": "quarter",
        "year": "2027",
        "number": "1",
        "questionnaire": standard_questionnaire().pk,
        "weighting": "exact",
    }


def question_post(o):
    return {"kind": "choice", "text": "Dari mana Anda tahu layanan ini?", "options": "Teman\nMedia sosial"}


def url(name, fixture=None):
    return lambda o: R(name, args=[fixture(o).pk]) if fixture else R(name)


def with_query(name, query):
    return lambda o: R(name) + "?" + query.format(sorong=o.sorong.pk, palembang=o.palembang.pk)


# --- Rows ------------------------------------------------------------------------------------------------------
UNIT_ROWS = [
    Row("surveys:service_units", "scoped list", url("surveys:service_units"), LIST),
    Row(
        "surveys:service_units",
        "filtered by Sorong and a unit",
        lambda o: (
            R("surveys:service_units") + f"?instansi={o.sorong.pk}&unit={su_pkm(o).unit_id}&status=semua"
        ),
        LIST,
    ),
    Row("surveys:service_unit", "own unit (Puskesmas)", url("surveys:service_unit", su_pkm), OWN_UNIT_READ),
    Row(
        "surveys:service_unit", "Sorong, other unit", url("surveys:service_unit", su_dishub), OTHER_UNIT_READ
    ),
    Row("surveys:service_unit", "Palembang", url("surveys:service_unit", su_palembang), PALEMBANG_READ),
    Row("surveys:service_unit_create", "default agency", url("surveys:service_unit_create"), CREATE_DEFAULT),
    Row(
        "surveys:service_unit_create",
        "for Sorong",
        with_query("surveys:service_unit_create", "instansi={sorong}"),
        HR_FORM,
    ),
    Row(
        "surveys:service_unit_create",
        "POST for Sorong",
        with_query("surveys:service_unit_create", "instansi={sorong}"),
        HR_WRITE,
        method="post",
        data=unit_post,
        allowed=SORONG_WRITERS,
    ),
    Row("surveys:service_unit_update", "own unit", url("surveys:service_unit_update", su_pkm), HR_FORM),
    Row(
        "surveys:service_unit_update",
        "POST own unit",
        url("surveys:service_unit_update", su_pkm),
        HR_WRITE,
        method="post",
        data=unit_post,
        allowed=SORONG_WRITERS,
    ),
    Row(
        "surveys:service_unit_set_active",
        "POST deactivate",
        url("surveys:service_unit_set_active", su_pkm),
        HR_WRITE,
        method="post",
        data=lambda o: {"active": "0"},
        allowed=SORONG_WRITERS,
    ),
    Row(
        "surveys:service_unit_set_active",
        "GET is refused",
        url("surveys:service_unit_set_active", su_pkm),
        expect(anonymous=302, others=405),
    ),
    Row(
        "surveys:service_add",
        "POST a service",
        url("surveys:service_add", su_pkm),
        HR_WRITE,
        method="post",
        data=lambda o: {"name": "Imunisasi"},
        allowed=SORONG_WRITERS,
    ),
    Row(
        "surveys:service_rename",
        "POST a new name",
        url("surveys:service_rename", service_pkm),
        HR_WRITE,
        method="post",
        data=lambda o: {"name": "Pemeriksaan umum dan gigi"},
        allowed=SORONG_WRITERS,
    ),
    Row(
        "surveys:service_set_active",
        "POST deactivate",
        url("surveys:service_set_active", service_pkm),
        HR_WRITE,
        method="post",
        data=lambda o: {"active": "0"},
        allowed=SORONG_WRITERS,
    ),
]

QUESTIONNAIRE_ROWS = [
    Row("surveys:questionnaires", "list", url("surveys:questionnaires"), LIST),
    Row(
        "surveys:questionnaire",
        "the national standard",
        lambda o: R("surveys:questionnaire", args=[standard_questionnaire().pk]),
        LIST,
    ),
    Row(
        "surveys:questionnaire",
        "Sorong's own",
        url("surveys:questionnaire", sorong_questionnaire),
        OWN_UNIT_READ,
    ),
    Row(
        "surveys:questionnaire_create", "default agency", url("surveys:questionnaire_create"), CREATE_DEFAULT
    ),
    Row(
        "surveys:questionnaire_create",
        "POST for Sorong",
        with_query("surveys:questionnaire_create", "instansi={sorong}"),
        HR_WRITE,
        method="post",
        data=lambda o: {"name": "Kuesioner SKM Sorong 2027"},
        allowed=SORONG_WRITERS,
    ),
    Row(
        "surveys:questionnaire_update",
        "the standard is read-only",
        lambda o: R("surveys:questionnaire_update", args=[standard_questionnaire().pk]),
        expect(**NO_PAGES, others=403),
    ),
    Row(
        "surveys:questionnaire_update",
        "Sorong's own",
        url("surveys:questionnaire_update", sorong_questionnaire),
        HR_FORM,
    ),
    Row(
        "surveys:questionnaire_update",
        "POST Sorong's own",
        url("surveys:questionnaire_update", sorong_questionnaire),
        HR_WRITE,
        method="post",
        data=lambda o: {"name": "Kuesioner Kota Sorong (revisi)"},
        allowed=SORONG_WRITERS,
    ),
    Row("surveys:question_add", "Sorong's own", url("surveys:question_add", sorong_questionnaire), HR_FORM),
    Row(
        "surveys:question_add",
        "POST Sorong's own",
        url("surveys:question_add", sorong_questionnaire),
        HR_WRITE,
        method="post",
        data=question_post,
        allowed=SORONG_WRITERS,
    ),
    Row("surveys:question_update", "Sorong's own", url("surveys:question_update", sorong_question), HR_FORM),
    Row(
        "surveys:question_update",
        "POST Sorong's own",
        url("surveys:question_update", sorong_question),
        HR_WRITE,
        method="post",
        data=question_post,
        allowed=SORONG_WRITERS,
    ),
    Row(
        "surveys:question_remove",
        "POST Sorong's own",
        url("surveys:question_remove", sorong_question),
        HR_WRITE,
        method="post",
        allowed=SORONG_WRITERS,
    ),
]

PERIOD_ROWS = [
    Row("surveys:period_create", "own unit", url("surveys:period_create", su_pkm), RUN_FORM),
    Row(
        "surveys:period_create",
        "Sorong, other unit",
        url("surveys:period_create", su_dishub),
        OTHER_UNIT_READ,
    ),
    Row(
        "surveys:period_create",
        "POST own unit",
        url("surveys:period_create", su_pkm),
        RUN_WRITE,
        method="post",
        data=period_post,
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:period_create",
        "POST Sorong, other unit",
        url("surveys:period_create", su_dishub),
        OTHER_UNIT_RUN_WRITE,
        method="post",
        data=period_post,
        allowed=SORONG_WRITERS,
    ),
    Row("surveys:period", "own unit", url("surveys:period", open_pkm), OWN_UNIT_READ),
    Row("surveys:period", "Sorong, other unit", url("surveys:period", open_dishub), OTHER_UNIT_READ),
    Row("surveys:period", "Palembang", url("surveys:period", open_palembang), PALEMBANG_READ),
    Row("surveys:period_update", "own unit's draft", url("surveys:period_update", draft_pkm), RUN_FORM),
    Row(
        "surveys:period_update",
        "POST own unit's draft",
        url("surveys:period_update", draft_pkm),
        RUN_WRITE,
        method="post",
        data=period_post,
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:period_open",
        "POST own unit's draft",
        url("surveys:period_open", draft_pkm),
        RUN_WRITE,
        method="post",
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:period_close",
        "POST own unit's open period",
        url("surveys:period_close", open_pkm),
        RUN_WRITE,
        method="post",
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:period_close",
        "POST Palembang's open period",
        url("surveys:period_close", open_palembang),
        expect(**NO_PAGES, superuser=302, hr_palembang=302, hr_sorong=404, head_dinkes_sorong=404),
        method="post",
        allowed={"superuser", "hr_palembang"},
    ),
]

FOLLOW_UP_ROWS = [
    Row("surveys:follow_ups", "scoped list", url("surveys:follow_ups"), LIST),
    Row(
        "surveys:follow_ups",
        "all states of one service unit",
        lambda o: R("surveys:follow_ups") + f"?status=semua&unit_layanan={follow_up_pkm(o).service_unit_id}",
        LIST,
    ),
    Row("surveys:follow_up", "own unit", url("surveys:follow_up", follow_up_pkm), OWN_UNIT_READ),
    Row(
        "surveys:follow_up", "Sorong, other unit", url("surveys:follow_up", follow_up_dishub), OTHER_UNIT_READ
    ),
    Row("surveys:follow_up", "Palembang", url("surveys:follow_up", follow_up_palembang), PALEMBANG_READ),
    Row(
        "surveys:follow_up_assign",
        "POST own unit: the nurse",
        url("surveys:follow_up_assign", follow_up_pkm),
        RUN_WRITE,
        method="post",
        data=lambda o: {"employee": o.employee_dinkes_sorong.pk},
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:follow_up_answer",
        "POST own unit",
        url("surveys:follow_up_answer", follow_up_pkm),
        RUN_WRITE,
        method="post",
        data=lambda o: {"answer": "Terima kasih. Jam layanan loket ditambah mulai Senin."},
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:follow_up_answer",
        "POST Sorong, other unit",
        url("surveys:follow_up_answer", follow_up_dishub),
        OTHER_UNIT_RUN_WRITE,
        method="post",
        data=lambda o: {"answer": "Terima kasih."},
        allowed=SORONG_WRITERS,
    ),
    # The employee a follow-up is assigned to reads it and answers it (nothing else).
    Row(
        "surveys:follow_up",
        "assigned to the nurse",
        url("surveys:follow_up", follow_up_assigned),
        {**OWN_UNIT_READ, "employee_dinkes_sorong": 200},
    ),
    Row(
        "surveys:follow_up_answer",
        "POST assigned to the nurse",
        url("surveys:follow_up_answer", follow_up_assigned),
        {**RUN_WRITE, "employee_dinkes_sorong": 302},
        method="post",
        data=lambda o: {"answer": "Sudah kami tindak lanjuti."},
        allowed=PERIOD_RUNNERS | {"employee_dinkes_sorong"},
    ),
    Row(
        "surveys:follow_up_close",
        "POST assigned to the nurse, answered: not the nurse",
        lambda o: R(
            "surveys:follow_up_close",
            args=[
                make_follow_up(
                    open_pkm(o),
                    state=FollowUpState.ANSWERED,
                    ticket="PKM-NURSE-A",
                    assigned_to=o.employee_dinkes_sorong,
                    answer="Sudah.",
                ).pk
            ],
        ),
        {**RUN_WRITE, "employee_dinkes_sorong": 403},
        method="post",
        allowed=PERIOD_RUNNERS,
    ),
    Row(
        "surveys:follow_up_close",
        "POST own unit, answered",
        lambda o: R("surveys:follow_up_close", args=[follow_up_pkm(o, FollowUpState.ANSWERED).pk]),
        RUN_WRITE,
        method="post",
        allowed=PERIOD_RUNNERS,
    ),
]

ROWS = [*UNIT_ROWS, *QUESTIONNAIRE_ROWS, *PERIOD_ROWS, *FOLLOW_UP_ROWS]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_permission_matrix(org, row, persona):
    check_row(org, row, persona)
