"""Permission matrix of the leave documents (views/documents.py, views/public.py): the form and the
decision letter of the nurse's granted request (the nurse, the head who recommended and decided,
Sorong's HR), and the letter's public verification page (anyone)."""

from __future__ import annotations

import pytest
from django.urls import reverse as R

from leave.models import LeaveLetter
from leave.services import documents as document_services
from leave.services import requests as services

from ..access_matrix import Row, check_row, expect, matrix_ids, matrix_params
from .factories import actor, grant, leave_type, request_data

# The nurse, the head named as atasan and PyB, Sorong's HR (and the superuser); Palembang sees nothing.
DOCUMENTS = dict(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200)
DOCUMENT_WRITES = dict(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=302)
MAY_DOWNLOAD = {"superuser", "hr_sorong", "head_dinkes_sorong", "employee_dinkes_sorong"}


def granted(org):
    """The nurse's cuti tahunan, recommended and granted by the head of the Dinas (once per test)."""
    if not hasattr(org, "_granted"):
        grant(org.employee_dinkes_sorong, 2026, 12)
        request = services.request_submit(
            actor=actor(org.users["employee_dinkes_sorong"]), leave_type=leave_type(), **request_data()
        )
        head = actor(org.users["head_dinkes_sorong"])
        services.request_recommend(actor=head, request=request, option="disetujui")
        org._granted = services.request_decide(actor=head, request=request, option="disetujui")
    return org._granted


def unlettered(org):
    """A granted request without its letter: one approved before the letter was recorded at approval
    (the letter is recorded on the first POST)."""
    if not hasattr(org, "_unlettered"):
        request = granted(org)
        LeaveLetter.objects.filter(request=request).delete()
        org._unlettered = request
    return org._unlettered


def issued(org) -> LeaveLetter:
    request = granted(org)
    return document_services.letter_issue(actor=actor(org.users["hr_sorong"]), request=request)


ROWS = [
    Row("leave:form_pdf", "the granted request", lambda o: R("leave:form_pdf", args=[granted(o).pk]),
        expect(**DOCUMENTS)),
    Row("leave:letter", "not yet recorded: the page that records it",
        lambda o: R("leave:letter", args=[unlettered(o).pk]), expect(**DOCUMENTS)),
    Row("leave:letter", "recorded: the PDF", lambda o: R("leave:letter", args=[issued(o).request_id]),
        expect(**DOCUMENTS)),
    Row("leave:letter", "record it", lambda o: R("leave:letter", args=[unlettered(o).pk]),
        expect(**DOCUMENT_WRITES), method="post", allowed=MAY_DOWNLOAD),
    Row("leave:letter_verify", "a recorded letter (no login)",
        lambda o: R("leave:letter_verify", args=[issued(o).code]), expect(others=200)),
    Row("leave:letter_verify", "an unknown code", lambda o: R("leave:letter_verify", args=["A" * 16]),
        expect(others=404)),
]  # fmt: skip


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_leave_documents_permission_matrix(org, row, persona):
    check_row(org, row, persona)
