"""Permission matrix of SKP planning: "SKP saya", the SKP page, RHK/IKI, the workflow actions,
copying RHK down and the printable documents; every persona on own, another unit and another agency."""

from decimal import Decimal

import pytest
from django.urls import reverse as R

from performance.choices import AppraisalState, BehaviourValue, Predikat, Rating, SkpState
from tests.factories import make_employee

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params
from .factories import ikis_of, make_appraisal, make_skp, make_year, period
from .matrix import dishub_sorong_skp, head_skp, nurse_skp, palembang_skp

# Who may see an SKP (and its documents) of the nurse, of Dishub Sorong and of Palembang.
SEE_NURSE = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    head_dinkes_sorong=200,
    employee_dinkes_sorong=200,
    others=404,
)
SEE_DISHUB_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, others=404)
SEE_PALEMBANG = dict(
    anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404
)
# Visible but not theirs to change: 403; the one allowed gets `ok`.
NURSE_ONLY = dict(
    anonymous=302,
    superuser=403,
    hr_sorong=403,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    others=404,
)
PALEMBANG_NOBODY = dict(
    anonymous=302, superuser=403, hr_palembang=403, employee_dishub_palembang=403, others=404
)


def allow(base: dict, persona: str, status: int) -> dict[str, int]:
    return expect(**{**base, persona: status})


def draft(o):
    return nurse_skp(o, SkpState.DRAFT)


def submitted(o):
    return nurse_skp(o, SkpState.SUBMITTED)


def draft_rhk(o):
    return draft(o).rhks.first()


def draft_iki(o):
    return ikis_of(draft(o))[0]


def approved_rhk(o):
    return nurse_skp(o).rhks.first()


def approved_iki(o):
    return ikis_of(nurse_skp(o))[0]


def palembang_rhk(o):
    return palembang_skp(o).rhks.first()


def palembang_iki(o):
    return ikis_of(palembang_skp(o))[0]


RHK_POST = lambda o: {"text": "RHK baru", "parent": ""}  # noqa: E731
IKI_POST = lambda o: {  # noqa: E731
    "indicator": "IKI baru",
    "target": "7",
    "unit": "dokumen",
    "direction": "higher",
    "weight": "1",
}
EXPECTATIONS_POST = lambda o: {v: f"Harapan baru {v}" for v in BehaviourValue.values}  # noqa: E731


def nurse_appraisal(o):
    skp = nurse_skp(o)
    return make_appraisal(
        skp,
        period(make_year(o.sorong), 1),
        state=AppraisalState.FINAL,
        indeks=Decimal(100),
        rating_hasil=Rating.MEETS,
        rating_perilaku=Rating.MEETS,
        predikat=Predikat.BAIK,
    )


def palembang_appraisal(o):
    from employees.models import Employee

    boss = Employee.objects.filter(unit=o.dishub_palembang, is_unit_head=True).first() or make_employee(
        o.dishub_palembang, name="Kepala Dishub Palembang", is_unit_head=True
    )
    skp = make_skp(o.employee_dishub_palembang, make_year(o.palembang), appraiser=boss)
    return make_appraisal(skp, period(make_year(o.palembang), 1), state=AppraisalState.FINAL)


def skp_rows(name: str) -> list[Row]:
    """The SKP page and its PDF: visible exactly where skp_scope says."""
    return [
        Row(
            name,
            "nurse's SKP (head's subtree, head is atasan)",
            lambda o: R(name, args=[nurse_skp(o).pk]),
            expect(**SEE_NURSE),
        ),
        Row(
            name,
            "another Sorong unit",
            lambda o: R(name, args=[dishub_sorong_skp(o).pk]),
            expect(**SEE_DISHUB_SORONG),
        ),
        Row(name, "Palembang", lambda o: R(name, args=[palembang_skp(o).pk]), expect(**SEE_PALEMBANG)),
    ]


def owner_edit_rows(name: str, draft_obj, approved_obj, palembang_obj, post_data=None) -> list[Row]:
    """RHK/IKI forms and deletes: only the owner of an editable SKP; 403 where visible, else 404."""
    rows = [
        Row(
            name,
            "GET, nurse's draft",
            lambda o: R(name, args=[draft_obj(o).pk]),
            allow(NURSE_ONLY, "employee_dinkes_sorong", 200),
        ),
        Row(
            name,
            "GET, nurse's approved SKP (locked)",
            lambda o: R(name, args=[approved_obj(o).pk]),
            expect(**NURSE_ONLY),
        ),
        Row(
            name, "GET, Palembang", lambda o: R(name, args=[palembang_obj(o).pk]), expect(**PALEMBANG_NOBODY)
        ),
        Row(
            name,
            "POST, nurse's draft",
            lambda o: R(name, args=[draft_obj(o).pk]),
            allow(NURSE_ONLY, "employee_dinkes_sorong", 302),
            method="post",
            data=post_data or (lambda o: {}),
            allowed={"employee_dinkes_sorong"},
        ),
        Row(
            name,
            "POST, nurse's approved SKP (locked)",
            lambda o: R(name, args=[approved_obj(o).pk]),
            expect(**NURSE_ONLY),
            method="post",
            data=post_data or (lambda o: {}),
            allowed=NOBODY,
        ),
        Row(
            name,
            "POST, Palembang",
            lambda o: R(name, args=[palembang_obj(o).pk]),
            expect(**PALEMBANG_NOBODY),
            method="post",
            data=post_data or (lambda o: {}),
            allowed=NOBODY,
        ),
    ]
    return rows


def appraiser_rows(name: str, post_data, get: bool = False) -> list[Row]:
    """Return, approve, expectations: only the atasan recorded on the submitted SKP."""
    rows = []
    if get:
        rows.append(
            Row(
                name,
                "GET, nurse's submitted SKP",
                lambda o: R(name, args=[submitted(o).pk]),
                allow(NURSE_ONLY, "head_dinkes_sorong", 200),
            )
        )
        rows.append(
            Row(
                name,
                "GET, Palembang",
                lambda o: R(name, args=[palembang_skp(o).pk]),
                expect(**PALEMBANG_NOBODY),
            )
        )
    else:
        rows.append(
            Row(
                name,
                "GET is refused",
                lambda o: R(name, args=[submitted(o).pk]),
                expect(anonymous=302, others=405),
            )
        )
    rows += [
        Row(
            name,
            "POST, nurse's submitted SKP",
            lambda o: R(name, args=[submitted(o).pk]),
            allow(NURSE_ONLY, "head_dinkes_sorong", 302),
            method="post",
            data=post_data,
            allowed={"head_dinkes_sorong"},
        ),
        Row(
            name,
            "POST, another Sorong unit (no atasan)",
            lambda o: R(name, args=[dishub_sorong_skp(o).pk]),
            expect(anonymous=302, superuser=403, hr_sorong=403, others=404),
            method="post",
            data=post_data,
            allowed=NOBODY,
        ),
        Row(
            name,
            "POST, Palembang",
            lambda o: R(name, args=[palembang_skp(o).pk]),
            expect(**PALEMBANG_NOBODY),
            method="post",
            data=post_data,
            allowed=NOBODY,
        ),
    ]
    return rows


MY_SKP_ROWS = [
    Row(
        "performance:my_skp",
        "own SKP page (403 without an employee record)",
        lambda o: R("performance:my_skp"),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=403,
            head_dinkes_sorong=200,
            employee_dinkes_sorong=200,
            employee_dishub_palembang=200,
        ),
    ),
    Row(
        "performance:skp_create",
        "POST, a Sorong year",
        lambda o: R("performance:skp_create", args=[make_year(o.sorong).pk]),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=403,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=302,
            employee_dishub_palembang=404,
        ),
        method="post",
        allowed={"head_dinkes_sorong", "employee_dinkes_sorong"},
    ),
    Row(
        "performance:skp_create",
        "GET is refused",
        lambda o: R("performance:skp_create", args=[make_year(o.sorong).pk]),
        expect(anonymous=302, others=405),
    ),
]

WORKFLOW_ROWS = [
    Row(
        "performance:skp_submit",
        "POST, nurse's draft",
        lambda o: R("performance:skp_submit", args=[draft(o).pk]),
        allow(NURSE_ONLY, "employee_dinkes_sorong", 302),
        method="post",
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "performance:skp_submit",
        "POST, Palembang",
        lambda o: R("performance:skp_submit", args=[palembang_skp(o).pk]),
        expect(anonymous=302, superuser=403, hr_palembang=403, employee_dishub_palembang=302, others=404),
        method="post",
        # The owner's SKP is approved already: the submit is refused with a message (302).
        allowed=NOBODY,
    ),
    Row(
        "performance:skp_submit",
        "GET is refused",
        lambda o: R("performance:skp_submit", args=[draft(o).pk]),
        expect(anonymous=302, others=405),
    ),
    *appraiser_rows("performance:skp_return", lambda o: {"comment": "Perbaiki target"}),
    *appraiser_rows("performance:skp_approve", lambda o: {"comment": ""}),
    *appraiser_rows("performance:skp_expectations", EXPECTATIONS_POST, get=True),
    Row(
        "performance:skp_revise",
        "GET, nurse's approved SKP",
        lambda o: R("performance:skp_revise", args=[nurse_skp(o).pk]),
        allow(NURSE_ONLY, "employee_dinkes_sorong", 200),
    ),
    Row(
        "performance:skp_revise",
        "GET, Palembang",
        lambda o: R("performance:skp_revise", args=[palembang_skp(o).pk]),
        allow(PALEMBANG_NOBODY, "employee_dishub_palembang", 200),
    ),
    Row(
        "performance:skp_revise",
        "POST, nurse's approved SKP",
        lambda o: R("performance:skp_revise", args=[nurse_skp(o).pk]),
        allow(NURSE_ONLY, "employee_dinkes_sorong", 302),
        method="post",
        data=lambda o: {"reason": "Mutasi tugas"},
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "performance:skp_revise",
        "POST, nurse's draft (not approved)",
        lambda o: R("performance:skp_revise", args=[draft(o).pk]),
        expect(**NURSE_ONLY),
        method="post",
        data=lambda o: {"reason": "Mutasi tugas"},
        allowed=NOBODY,
    ),
]


def copy_down_post(o):
    return {"rhk": head_skp(o).rhks.first().pk, "employees": [o.employee_dinkes_sorong.pk], "with_ikis": "on"}


HEAD_ONLY = dict(anonymous=302, superuser=403, hr_sorong=403, head_dinkes_sorong=200, others=404)
COPY_DOWN_ROWS = [
    Row(
        "performance:rhk_copy_down",
        "GET, the head's own SKP",
        lambda o: R("performance:rhk_copy_down", args=[head_skp(o).pk]),
        expect(**HEAD_ONLY),
    ),
    Row(
        "performance:rhk_copy_down",
        "POST, the head's own SKP",
        lambda o: R("performance:rhk_copy_down", args=[head_skp(o).pk]),
        expect(**{**HEAD_ONLY, "head_dinkes_sorong": 302}),
        method="post",
        data=copy_down_post,
        allowed={"head_dinkes_sorong"},
    ),
    Row(
        "performance:rhk_copy_down",
        "GET, the nurse's SKP (not the head's own)",
        lambda o: R("performance:rhk_copy_down", args=[nurse_skp(o).pk]),
        expect(**NURSE_ONLY),
    ),
    Row(
        "performance:rhk_copy_down",
        "POST, Palembang",
        lambda o: R("performance:rhk_copy_down", args=[palembang_skp(o).pk]),
        expect(**PALEMBANG_NOBODY),
        method="post",
        data=lambda o: {"rhk": palembang_skp(o).rhks.first().pk, "employees": []},
        allowed=NOBODY,
    ),
]

DOCUMENT_ROWS = [
    *skp_rows("performance:skp_pdf"),
    Row(
        "performance:appraisal_pdf",
        "the nurse's final appraisal",
        lambda o: R("performance:appraisal_pdf", args=[nurse_appraisal(o).pk]),
        expect(**SEE_NURSE),
    ),
    Row(
        "performance:appraisal_pdf",
        "Palembang",
        lambda o: R("performance:appraisal_pdf", args=[palembang_appraisal(o).pk]),
        expect(**SEE_PALEMBANG),
    ),
]

ROWS = [
    *MY_SKP_ROWS,
    *skp_rows("performance:skp_detail"),
    *owner_edit_rows("performance:rhk_create", draft, nurse_skp, palembang_skp, RHK_POST),
    *owner_edit_rows("performance:rhk_update", draft_rhk, approved_rhk, palembang_rhk, RHK_POST),
    *owner_edit_rows("performance:rhk_delete", draft_rhk, approved_rhk, palembang_rhk),
    *owner_edit_rows("performance:iki_create", draft_rhk, approved_rhk, palembang_rhk, IKI_POST),
    *owner_edit_rows("performance:iki_update", draft_iki, approved_iki, palembang_iki, IKI_POST),
    *owner_edit_rows("performance:iki_delete", draft_iki, approved_iki, palembang_iki),
    *WORKFLOW_ROWS,
    *COPY_DOWN_ROWS,
    *DOCUMENT_ROWS,
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_planning_matrix(org, row, persona):
    check_row(org, row, persona)
