"""Permission matrix of the self-service pages: my profile, correction proposals, subordinates."""

import pytest
from django.urls import reverse as R

from employees.models import CorrectionProposal

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params

SUBMIT = {
    # Valid for every persona with a record (all born 17 May 1990 in the fixture); the gender
    # differs from some NIPs, so the mismatch is confirmed.
    "name": "Nama Usulan",
    "birth_date": "1990-05-17",
    "gender": "L",
    "nip_mismatch_confirmed": "on",
    "reason": "Salah ketik saat pendataan.",
    "attachment_kind": "lainnya",
}


def proposal_of(org, persona: str, employee_attr: str) -> CorrectionProposal:
    """A pending proposal (a new name) of one fixture employee; get-or-create (row URLs are idempotent)."""
    employee = getattr(org, employee_attr)
    found = CorrectionProposal.objects.filter(employee=employee).first()
    return found or CorrectionProposal.objects.create(
        employee=employee,
        changes={"name": {"old": employee.name, "new": "Nama Usulan"}},
        reason="Salah ketik.",
        submitted_by=org.users[persona],
    )


def nurse_proposal(org) -> CorrectionProposal:
    return proposal_of(org, "employee_dinkes_sorong", "employee_dinkes_sorong")


def palembang_proposal(org) -> CorrectionProposal:
    return proposal_of(org, "employee_dishub_palembang", "employee_dishub_palembang")


NURSE_SEES = dict(anonymous=302, superuser=200, hr_sorong=200, employee_dinkes_sorong=200, others=404)
DECIDE = dict(anonymous=302, superuser=302, hr_sorong=302, employee_dinkes_sorong=403, others=404)
HR_SORONG = {"superuser", "hr_sorong"}

ROWS = [
    Row(
        "employees:profile",
        "own profile",
        lambda o: R("employees:profile"),
        expect(anonymous=302, others=200),
    ),
    Row(
        "employees:correction_mine",
        "form and own list",
        lambda o: R("employees:correction_mine"),
        expect(anonymous=302, others=200),
    ),
    Row(
        "employees:correction_mine",
        "submit own",
        lambda o: R("employees:correction_mine"),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            hr_palembang=403,
            head_dinkes_sorong=302,
            employee_dinkes_sorong=302,
            employee_dishub_palembang=302,
        ),
        method="post",
        data=lambda o: SUBMIT,
        allowed={"head_dinkes_sorong", "employee_dinkes_sorong", "employee_dishub_palembang"},
    ),
    Row(
        "employees:correction_queue",
        "HR queue",
        lambda o: R("employees:correction_queue"),
        expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403),
    ),
    Row(
        "employees:correction_detail",
        "nurse's proposal",
        lambda o: R("employees:correction_detail", args=[nurse_proposal(o).pk]),
        expect(**NURSE_SEES),
    ),
    Row(
        "employees:correction_detail",
        "Palembang proposal",
        lambda o: R("employees:correction_detail", args=[palembang_proposal(o).pk]),
        expect(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404),
    ),
    Row(
        "employees:correction_approve",
        "nurse's proposal",
        lambda o: R("employees:correction_approve", args=[nurse_proposal(o).pk]),
        expect(**DECIDE),
        method="post",
        allowed=HR_SORONG,  # the record changes
    ),
    Row(
        "employees:correction_approve",
        "Palembang proposal",
        lambda o: R("employees:correction_approve", args=[palembang_proposal(o).pk]),
        expect(anonymous=302, superuser=302, hr_palembang=302, employee_dishub_palembang=403, others=404),
        method="post",
        allowed={"superuser", "hr_palembang"},
    ),
    Row(
        "employees:correction_approve",
        "GET is refused",
        lambda o: R("employees:correction_approve", args=[nurse_proposal(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "employees:correction_reject",
        "nurse's proposal",
        lambda o: R("employees:correction_reject", args=[nurse_proposal(o).pk]),
        expect(**DECIDE),
        method="post",
        data=lambda o: {"decision_note": "Tidak ada bukti pendukung."},
        allowed=HR_SORONG,
    ),
    Row(
        "employees:correction_reject",
        "GET is refused",
        lambda o: R("employees:correction_reject", args=[nurse_proposal(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "employees:correction_withdraw",
        "nurse's proposal",
        lambda o: R("employees:correction_withdraw", args=[nurse_proposal(o).pk]),
        expect(
            anonymous=302,
            superuser=403,
            hr_sorong=403,
            employee_dinkes_sorong=302,
            others=404,
        ),
        method="post",
        allowed={"employee_dinkes_sorong"},
    ),
    Row(
        "employees:correction_withdraw",
        "GET is refused",
        lambda o: R("employees:correction_withdraw", args=[nurse_proposal(o).pk]),
        expect(anonymous=302, others=405),
    ),
    Row(
        "employees:subordinates",
        "own scope",
        lambda o: R("employees:subordinates"),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            hr_palembang=200,
            head_dinkes_sorong=200,
            others=403,
        ),
    ),
    Row(
        "employees:subordinates",
        "unit Dishub Sorong (outside the head's subtree)",
        lambda o: R("employees:subordinates") + f"?unit={o.dishub_sorong.pk}",
        expect(
            anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=404, others=403
        ),
    ),
    Row(
        "employees:subordinates",
        "unit Puskesmas (inside the head's subtree)",
        lambda o: R("employees:subordinates") + f"?unit={o.pkm_sorong.pk}",
        expect(
            anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=200, others=403
        ),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_self_service_matrix(org, row, persona):
    check_row(org, row, persona)
