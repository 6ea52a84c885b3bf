"""Permission matrix of execution and assessment: realisations and their evidence, the dialog, the
appraisal and its reopening, coaching plans, and the head's queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as R

from core.access import actor_for
from employees.models import Employee
from employees.services.histories import document_upload
from performance import access
from performance.choices import AppraisalState
from performance.models import Appraisal, CoachingPlan
from tests.factories import make_employee, make_user

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .factories import DURING_YEAR, ikis_of, make_appraisal, make_realisation, make_skp, make_year, period
from .matrix import dishub_sorong_skp, nurse_skp, palembang_skp

pytestmark = DURING_YEAR  # the POST rows finalise an appraisal of an ended period of YEAR
PDF = b"%PDF-1.4 bukti"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def palembang_head(o) -> Employee:
    """A head for Palembang's Dinas Perhubungan, so that its employee has an appraiser."""
    found = Employee.objects.filter(unit=o.dishub_palembang, is_unit_head=True).first()
    return found or make_employee(o.dishub_palembang, name="Kepala Dishub Palembang", is_unit_head=True)


def final_appraisal(skp, number: int = 1, predikat: str = "baik", appraiser=None) -> Appraisal:
    p = period(skp.year, number)
    row, _ = Appraisal.objects.get_or_create(
        employee=skp.employee,
        period=p,
        defaults=dict(
            skp=skp,
            appraiser=appraiser or skp.appraiser,
            state=AppraisalState.FINAL,
            rating_hasil="meets",
            rating_perilaku="below" if predikat == "kurang" else "meets",
            predikat=predikat,
        ),
    )
    return row


def nurse_final(o) -> Appraisal:
    return final_appraisal(nurse_skp(o))


def palembang_final(o) -> Appraisal:
    return final_appraisal(palembang_skp(o), appraiser=palembang_head(o))


def plan_of(appraisal: Appraisal) -> CoachingPlan:
    plan, _ = CoachingPlan.objects.get_or_create(
        appraisal=appraisal, defaults=dict(employee=appraisal.employee, head=appraisal.appraiser)
    )
    return plan


def nurse_plan(o) -> CoachingPlan:
    return plan_of(final_appraisal(nurse_skp(o), 2, "kurang"))


def palembang_plan(o) -> CoachingPlan:
    return plan_of(final_appraisal(palembang_skp(o), 2, "kurang", appraiser=palembang_head(o)))


def evidence_of(o, skp):
    """A realisation of the SKP's first IKI in January with an evidence file (get-or-create)."""
    iki = ikis_of(skp)[0]
    existing = iki.realisations.filter(evidence__isnull=False).first()
    if existing is not None:
        return existing
    document = document_upload(
        actor=actor_for(o.users["superuser"]),
        employee=skp.employee,
        kind="bukti_kinerja",
        upload=SimpleUploadedFile("bukti.pdf", PDF),
    )
    return make_realisation(iki, period(skp.year, 1), 10, evidence=document)


def below_head_draft(o) -> Appraisal:
    """A draft appraisal written by the Puskesmas head (the atasan) of a Puskesmas employee: the
    head of Dinkes is above the appraiser and must not read it until final."""
    pkm_head = Employee.objects.filter(unit=o.pkm_sorong, is_unit_head=True).first() or make_employee(
        o.pkm_sorong, user=make_user("kapus.sorong"), name="Kepala Puskesmas", is_unit_head=True
    )
    staff = Employee.objects.filter(unit=o.pkm_sorong, name="Staf Puskesmas").first() or make_employee(
        o.pkm_sorong, name="Staf Puskesmas"
    )
    skp = make_skp(staff, make_year(o.sorong), appraiser=pkm_head)
    return make_appraisal(
        skp, period(skp.year, 1), rating_hasil="below", rating_perilaku="meets", note="Catatan draf"
    )


def realisation_url(skp_of):
    return lambda o: R("performance:realisation", args=[skp_of(o).pk, period(skp_of(o).year, 1).pk])


def realisation_post(skp_of):
    return lambda o: {f"iki-{iki.pk}-value": "10" for iki in ikis_of(skp_of(o))}


def dialog_url(skp_of):
    return lambda o: f"{R('performance:dialog', args=[skp_of(o).pk])}?period={period(skp_of(o).year, 1).pk}"


def appraisal_url(skp_of):
    return lambda o: R("performance:appraisal", args=[skp_of(o).pk, period(skp_of(o).year, 1).pk])


DIALOG_POST = {"topic": "umum", "text": "Bagaimana perkembangan bulan ini?"}
APPRAISAL_POST = {"rating_hasil": "meets", "rating_perilaku": "meets", "action": "draft"}
REOPEN_POST = {"reason": "Keberatan pegawai diterima."}
COACHING_POST = {
    "problem": "Laporan terlambat.",
    "actions": "Pendampingan mingguan.",
    "due_date": "2026-12-31",
    "action": "save",
}

NURSE_SEES = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    head_dinkes_sorong=200,
    employee_dinkes_sorong=200,
    others=404,
)
SORONG_OTHER_SEES = dict(anonymous=302, superuser=200, hr_sorong=200, others=404)
SORONG_OTHER_POST = dict(anonymous=302, superuser=403, hr_sorong=403, others=404)
PALEMBANG_SEES = dict(
    anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404
)


def post(name, label, url, expected, data, allowed):
    return Row(name, label, url, expect(**expected), method="post", data=data, allowed=allowed)


def get(name, label, url, expected):
    return Row(name, label, url, expect(**expected))


REALISATION_ROWS = [
    get("performance:realisation", "nurse's SKP", realisation_url(nurse_skp), NURSE_SEES),
    post(
        "performance:realisation",
        "POST nurse's SKP",
        realisation_url(nurse_skp),
        dict(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=302,
            others=404,
        ),
        realisation_post(nurse_skp),
        {"employee_dinkes_sorong"},
    ),
    get(
        "performance:realisation",
        "another Sorong unit",
        realisation_url(dishub_sorong_skp),
        SORONG_OTHER_SEES,
    ),
    post(
        "performance:realisation",
        "POST another Sorong unit",
        realisation_url(dishub_sorong_skp),
        SORONG_OTHER_POST,
        realisation_post(dishub_sorong_skp),
        NOBODY,
    ),
    get("performance:realisation", "Palembang SKP", realisation_url(palembang_skp), PALEMBANG_SEES),
    post(
        "performance:realisation",
        "POST Palembang SKP",
        realisation_url(palembang_skp),
        dict(anonymous=302, superuser=403, hr_palembang=403, employee_dishub_palembang=302, others=404),
        realisation_post(palembang_skp),
        {"employee_dishub_palembang"},
    ),
    get(
        "performance:evidence",
        "nurse's evidence",
        lambda o: R("performance:evidence", args=[evidence_of(o, nurse_skp(o)).pk]),
        NURSE_SEES,
    ),
    get(
        "performance:evidence",
        "another Sorong unit",
        lambda o: R("performance:evidence", args=[evidence_of(o, dishub_sorong_skp(o)).pk]),
        SORONG_OTHER_SEES,
    ),
    get(
        "performance:evidence",
        "Palembang evidence",
        lambda o: R("performance:evidence", args=[evidence_of(o, palembang_skp(o)).pk]),
        PALEMBANG_SEES,
    ),
]

DIALOG_ROWS = [
    get("performance:dialog", "nurse's SKP", dialog_url(nurse_skp), NURSE_SEES),
    post(
        "performance:dialog",
        "POST nurse's SKP",
        dialog_url(nurse_skp),
        dict(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=302,
            others=404,
        ),
        lambda o: DIALOG_POST,
        {"head_dinkes_sorong", "employee_dinkes_sorong"},
    ),
    get("performance:dialog", "another Sorong unit", dialog_url(dishub_sorong_skp), SORONG_OTHER_SEES),
    post(
        "performance:dialog",
        "POST another Sorong unit",
        dialog_url(dishub_sorong_skp),
        SORONG_OTHER_POST,
        lambda o: DIALOG_POST,
        NOBODY,
    ),
    get("performance:dialog", "Palembang SKP", dialog_url(palembang_skp), PALEMBANG_SEES),
    post(
        "performance:dialog",
        "POST Palembang SKP",
        dialog_url(palembang_skp),
        dict(anonymous=302, superuser=403, hr_palembang=403, employee_dishub_palembang=302, others=404),
        lambda o: DIALOG_POST,
        {"employee_dishub_palembang"},
    ),
]

APPRAISAL_ROWS = [
    get("performance:appraisal", "nurse's SKP", appraisal_url(nurse_skp), NURSE_SEES),
    post(
        "performance:appraisal",
        "POST nurse's SKP",
        appraisal_url(nurse_skp),
        dict(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=403,
            others=404,
        ),
        lambda o: APPRAISAL_POST,
        {"head_dinkes_sorong"},
    ),
    get("performance:appraisal", "another Sorong unit", appraisal_url(dishub_sorong_skp), SORONG_OTHER_SEES),
    post(
        "performance:appraisal",
        "POST another Sorong unit",
        appraisal_url(dishub_sorong_skp),
        SORONG_OTHER_POST,
        lambda o: APPRAISAL_POST,
        NOBODY,
    ),
    get("performance:appraisal", "Palembang SKP", appraisal_url(palembang_skp), PALEMBANG_SEES),
    post(
        "performance:appraisal",
        "POST Palembang SKP",
        appraisal_url(palembang_skp),
        dict(anonymous=302, superuser=403, hr_palembang=403, employee_dishub_palembang=403, others=404),
        lambda o: APPRAISAL_POST,
        NOBODY,
    ),
    get(
        "performance:appraisal",
        "draft by a head below",
        lambda o: R(
            "performance:appraisal", args=[below_head_draft(o).skp_id, below_head_draft(o).period_id]
        ),
        # The head above sees the SKP, without the draft's ratings (test_a_head_above_…).
        dict(anonymous=302, superuser=200, hr_sorong=200, head_dinkes_sorong=200, others=404),
    ),
    get(
        "performance:appraisal_pdf",
        "draft by a head below",
        lambda o: R("performance:appraisal_pdf", args=[below_head_draft(o).pk]),
        dict(anonymous=302, superuser=200, hr_sorong=200, head_dinkes_sorong=403, others=404),
    ),
    get(
        "performance:appraisal_reopen",
        "nurse's final appraisal",
        lambda o: R("performance:appraisal_reopen", args=[nurse_final(o).pk]),
        dict(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
    ),
    post(
        "performance:appraisal_reopen",
        "POST nurse's final appraisal",
        lambda o: R("performance:appraisal_reopen", args=[nurse_final(o).pk]),
        dict(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
        lambda o: REOPEN_POST,
        {"superuser", "hr_sorong"},
    ),
    get(
        "performance:appraisal_reopen",
        "Palembang final appraisal",
        lambda o: R("performance:appraisal_reopen", args=[palembang_final(o).pk]),
        dict(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=403, others=404),
    ),
    post(
        "performance:appraisal_reopen",
        "POST Palembang final appraisal",
        lambda o: R("performance:appraisal_reopen", args=[palembang_final(o).pk]),
        dict(anonymous=302, superuser=302, hr_palembang=302, employee_dishub_palembang=403, others=404),
        lambda o: REOPEN_POST,
        {"superuser", "hr_palembang"},
    ),
]

COACHING_ROWS = [
    get(
        "performance:coaching",
        "nurse's plan",
        lambda o: R("performance:coaching", args=[nurse_plan(o).pk]),
        NURSE_SEES,
    ),
    post(
        "performance:coaching",
        "POST nurse's plan",
        lambda o: R("performance:coaching", args=[nurse_plan(o).pk]),
        dict(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=403,
            others=404,
        ),
        lambda o: COACHING_POST,
        {"head_dinkes_sorong"},
    ),
    get(
        "performance:coaching",
        "Palembang plan",
        lambda o: R("performance:coaching", args=[palembang_plan(o).pk]),
        PALEMBANG_SEES,
    ),
    post(
        "performance:coaching",
        "POST Palembang plan",
        lambda o: R("performance:coaching", args=[palembang_plan(o).pk]),
        dict(anonymous=302, superuser=403, hr_palembang=403, employee_dishub_palembang=403, others=404),
        lambda o: COACHING_POST,
        NOBODY,
    ),
]

QUEUE_ROWS = [
    get(
        "performance:queue",
        "own queue",
        lambda o: R("performance:queue"),
        dict(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=403,
            head_dinkes_sorong=200,
            employee_dinkes_sorong=200,
            employee_dishub_palembang=200,
        ),
    ),
]

ROWS = [*REALISATION_ROWS, *DIALOG_ROWS, *APPRAISAL_ROWS, *COACHING_ROWS, *QUEUE_ROWS]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_appraisal_matrix(org, row, persona):
    check_row(org, row, persona)


def test_a_head_above_the_appraiser_sees_the_page_without_the_draft_ratings(org, client):
    draft = below_head_draft(org)
    url = R("performance:appraisal", args=[draft.skp_id, draft.period_id])
    client.force_login(org.users["head_dinkes_sorong"])
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="ratings"' not in response.content.decode()
    assert "Catatan draf" not in response.content.decode()


def test_the_appraiser_who_wrote_the_draft_and_hr_read_it_and_its_pdf(org, client):
    draft = below_head_draft(org)
    assert access.can_see_appraisal_draft(actor_for(org.users["hr_sorong"]), draft)
    assert access.can_see_appraisal_draft(actor_for(draft.appraiser.user), draft)
    assert not access.can_see_appraisal_draft(actor_for(org.users["head_dinkes_sorong"]), draft)
    client.force_login(draft.appraiser.user)
    assert client.get(R("performance:appraisal_pdf", args=[draft.pk])).status_code == 200
