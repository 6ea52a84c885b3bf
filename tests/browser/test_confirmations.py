"""Every irreversible action asks first, in real Chromium (issue 10, item 1).

For each action: the question is the expected Indonesian text; dismissing it sends nothing and the
database is unchanged; accepting it performs the action. The template scan that keeps this list
complete is tests/core/test_confirmations.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, expect

from core.access import actor_for
from employees.models import AwardHistory, CorrectionProposal, Document, Employee
from performance.choices import BehaviourValue
from performance.models import Appraisal, CoachingPlan, Iki, Rhk, Skp
from performance.services import appraisal as appraisal_services
from tests.employees.test_corrections import submit as propose_correction
from tests.employees.test_documents import PDF
from tests.employees.test_documents import upload as upload_document
from tests.employees.xlsx import EMPLOYEE_HEADERS, employee_row, xlsx_bytes
from tests.performance.factories import period
from tests.performance.matrix import nurse_skp

from .test_foundation_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_MEET = {value: "meets" for value in BehaviourValue.values}
IMPORTED_NIP = "199203042019032007"  # the default row of tests/employees/xlsx.py


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@dataclass
class Step:
    """Where a case leaves the page: the button that asks, and how to read the state it changes."""

    button: Locator
    state: Callable[[], Any]
    after: Any  # the state once the action is done


@dataclass
class Case:
    id: str
    message: str  # the question, written out here rather than read from the template
    prepare: Callable[..., Step]


# --- Performance -------------------------------------------------------------------------------


def _appraisal_state(pk: int) -> Callable[[], str]:
    return lambda: Appraisal.objects.get(pk=pk).state


def _skp_state(pk: int) -> Callable[[], str]:
    return lambda: Skp.objects.get(pk=pk).state


def _head(org):
    return actor_for(org.users["head_dinkes_sorong"])


def finalise_appraisal(org, page, **_) -> Step:
    skp = nurse_skp(org)
    january = period(skp.year, 1)
    draft = appraisal_services.appraisal_save(
        actor=_head(org),
        skp=skp,
        period=january,
        rating_hasil="meets",
        rating_perilaku="meets",
        behaviour_ratings=ALL_MEET,
    )
    log_in(page, "kadinkes.sorong")
    page.goto(reverse("performance:appraisal", args=[skp.pk, january.pk]))
    return Step(page.get_by_role("button", name="Finalkan"), _appraisal_state(draft.pk), "final")


def _final_appraisal(org, hasil: str, perilaku: str) -> Appraisal:
    skp = nurse_skp(org)
    return appraisal_services.appraisal_save(
        actor=_head(org),
        skp=skp,
        period=period(skp.year, 1),
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        behaviour_ratings={value: perilaku for value in BehaviourValue.values},
        finalise=True,
    )


def finish_coaching(org, page, **_) -> Step:
    appraisal = _final_appraisal(org, "below", "below")  # a weak predikat opens a coaching plan
    plan = CoachingPlan.objects.get(appraisal=appraisal)
    CoachingPlan.objects.filter(pk=plan.pk).update(
        state="filled",
        problem="Laporan sering terlambat.",
        actions="Pendampingan mingguan.",
        due_date=date(2026, 12, 31),
    )
    log_in(page, "kadinkes.sorong")
    page.goto(reverse("performance:coaching", args=[plan.pk]))
    return Step(
        page.get_by_role("button", name="Tandai selesai"),
        lambda: CoachingPlan.objects.get(pk=plan.pk).state,
        "done",
    )


def reopen_appraisal(org, page, **_) -> Step:
    appraisal = _final_appraisal(org, "meets", "meets")
    log_in(page, "hr.sorong")
    page.goto(reverse("performance:appraisal_reopen", args=[appraisal.pk]))
    page.get_by_label("Alasan membuka kembali").fill("Keberatan pegawai diterima.")
    return Step(
        page.get_by_role("button", name="Buka kembali", exact=True),
        _appraisal_state(appraisal.pk),
        "reopened",
    )


def submit_skp(org, page, **_) -> Step:
    skp = nurse_skp(org, state="draft")
    log_in(page, org.employee_dinkes_sorong.nip)
    page.goto(skp.get_absolute_url())
    return Step(page.get_by_role("button", name="Ajukan SKP"), _skp_state(skp.pk), "submitted")


def approve_skp(org, page, **_) -> Step:
    skp = nurse_skp(org, state="submitted")
    log_in(page, "kadinkes.sorong")
    page.goto(skp.get_absolute_url())
    return Step(page.get_by_role("button", name="Setujui SKP"), _skp_state(skp.pk), "approved")


def return_skp(org, page, **_) -> Step:
    skp = nurse_skp(org, state="submitted")
    log_in(page, "kadinkes.sorong")
    page.goto(skp.get_absolute_url())
    page.get_by_label("Yang perlu diperbaiki").fill("Target terlalu rendah.")
    return Step(
        page.get_by_role("button", name="Kembalikan untuk diperbaiki"), _skp_state(skp.pk), "returned"
    )


# --- Employees ---------------------------------------------------------------------------------


def _proposal(org, as_persona) -> CorrectionProposal:
    nurse = org.employee_dinkes_sorong
    response = propose_correction(as_persona("employee_dinkes_sorong"), nurse, name="Siti Aminah")
    assert response.status_code == 302
    return CorrectionProposal.objects.get(employee=nurse)


def _status(proposal: CorrectionProposal) -> Callable[[], str]:
    return lambda: CorrectionProposal.objects.get(pk=proposal.pk).status


def approve_correction(org, page, as_persona, **_) -> Step:
    proposal = _proposal(org, as_persona)
    log_in(page, "hr.sorong")
    page.goto(reverse("employees:correction_detail", args=[proposal.pk]))
    return Step(page.get_by_role("button", name="Setujui dan terapkan"), _status(proposal), "disetujui")


def reject_correction(org, page, as_persona, **_) -> Step:
    proposal = _proposal(org, as_persona)
    log_in(page, "hr.sorong")
    page.goto(reverse("employees:correction_detail", args=[proposal.pk]))
    page.get_by_label("Alasan penolakan").fill("Akta kelahiran tidak dilampirkan.")
    return Step(page.get_by_role("button", name="Tolak usulan"), _status(proposal), "ditolak")


def withdraw_correction(org, page, as_persona, **_) -> Step:
    proposal = _proposal(org, as_persona)
    log_in(page, org.employee_dinkes_sorong.nip)
    page.goto(reverse("employees:correction_detail", args=[proposal.pk]))
    return Step(page.get_by_role("button", name="Batalkan usulan"), _status(proposal), "dibatalkan")


def deactivate_employee(org, page, **_) -> Step:
    nurse = org.employee_dinkes_sorong
    log_in(page, "hr.sorong")
    page.goto(nurse.get_absolute_url())
    return Step(
        page.get_by_role("button", name="Nonaktifkan"),
        lambda: Employee.objects.get(pk=nurse.pk).is_active,
        False,
    )


def delete_document(org, page, as_persona, **_) -> Step:
    nurse = org.employee_dinkes_sorong
    assert upload_document(as_persona("hr_sorong"), nurse, "ijazah.pdf", PDF).status_code == 302
    document = Document.objects.get(employee=nurse)
    log_in(page, "hr.sorong")
    page.goto(nurse.get_absolute_url())
    return Step(
        page.get_by_test_id("documents").get_by_role("button", name="Hapus"),
        lambda: Document.objects.filter(pk=document.pk).exists(),
        False,
    )


def delete_history_row(org, page, as_persona, **_) -> Step:
    nurse = org.employee_dinkes_sorong
    response = as_persona("hr_sorong").post(
        reverse("employees:history_create", args=[nurse.pk, "penghargaan"]), {"kind": "slks_x", "year": 2025}
    )
    assert response.status_code == 302
    award = AwardHistory.objects.get(employee=nurse)
    log_in(page, "hr.sorong")
    page.goto(nurse.get_absolute_url())
    page.get_by_role("tab", name="Penghargaan").click()
    return Step(
        page.get_by_test_id("history-penghargaan").get_by_role("button", name="Hapus"),
        lambda: AwardHistory.objects.filter(pk=award.pk).exists(),
        False,
    )


def apply_import(org, page, tmp_path, **_) -> Step:
    file = tmp_path / "impor-pegawai.xlsx"
    file.write_bytes(xlsx_bytes(EMPLOYEE_HEADERS, [employee_row(IMPORTED_NIP, "Rina Wulandari")]))
    log_in(page, "hr.sorong")
    page.goto(reverse("employees:import"))
    page.get_by_label("Berkas .xlsx").set_input_files(str(file))
    page.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.get_by_test_id("apply")).to_be_visible()
    return Step(
        page.get_by_test_id("apply"),
        lambda: Employee.objects.filter(nip=IMPORTED_NIP).exists(),
        True,
    )


CASES = [
    Case(
        "finalise-appraisal",
        "Finalkan penilaian? Setelah final, penilaian hanya dapat diubah bila dibuka kembali oleh petugas "
        "kepegawaian.",
        finalise_appraisal,
    ),
    Case(
        "finish-coaching", "Tandai pembinaan ini selesai? Rencana tidak dapat diubah lagi.", finish_coaching
    ),
    Case(
        "reopen-appraisal",
        "Buka kembali penilaian ini? Predikatnya dikosongkan sampai atasan memfinalkan lagi.",
        reopen_appraisal,
    ),
    Case(
        "submit-skp",
        "Ajukan SKP ini kepada atasan? Setelah diajukan, SKP tidak dapat diubah kecuali dikembalikan atasan.",
        submit_skp,
    ),
    Case(
        "approve-skp",
        "Setujui SKP ini? SKP akan dikunci; perubahan berikutnya hanya melalui revisi.",
        approve_skp,
    ),
    Case(
        "return-skp",
        "Kembalikan SKP ini kepada pegawai untuk diperbaiki? Pegawai harus mengajukannya lagi.",
        return_skp,
    ),
    Case("approve-correction", "Setujui usulan ini? Data pegawai akan langsung diubah.", approve_correction),
    Case("reject-correction", "Tolak usulan ini? Data pegawai tidak berubah.", reject_correction),
    Case("withdraw-correction", "Batalkan usulan ini?", withdraw_correction),
    Case(
        "deactivate-employee",
        "Nonaktifkan pegawai ini? Data dan riwayatnya tetap tersimpan.",
        deactivate_employee,
    ),
    Case("delete-document", "Hapus dokumen ini? Tindakan ini tidak dapat dibatalkan.", delete_document),
    Case("delete-history-row", "Hapus baris riwayat ini?", delete_history_row),
    Case("apply-import", "Simpan 1 baris ini?", apply_import),
]


def _answer(asked: list[tuple[str, str]], accept: bool):
    def handle(dialog) -> None:
        asked.append((dialog.type, dialog.message))
        dialog.accept() if accept else dialog.dismiss()

    return handle


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_an_irreversible_action_asks_first_and_cancelling_changes_nothing(
    case, org, page, as_persona, tmp_path
):
    step = case.prepare(org=org, page=page, as_persona=as_persona, tmp_path=tmp_path)
    before = step.state()
    assert before != step.after, "the case starts where the action has not happened yet"
    url = page.url
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    # Dismissed: the browser sends nothing and the data stay as they were. (A submission would have
    # been waited for by click(), which waits for the navigations it starts.)
    asked: list[tuple[str, str]] = []
    page.once("dialog", _answer(asked, accept=False))
    step.button.click()
    assert asked == [("confirm", case.message)]
    assert posts == [] and page.url == url
    assert step.state() == before
    expect(step.button).to_be_visible()

    # Accepted: the action is done.
    page.once("dialog", _answer(asked, accept=True))
    with page.expect_response(lambda response: response.request.method == "POST") as response:
        step.button.click()
    assert response.value.status == 302, response.value.status
    page.wait_for_load_state()
    assert asked == [("confirm", case.message)] * 2
    assert len(posts) == 1
    assert step.state() == step.after


def test_saving_a_draft_appraisal_asks_nothing_the_question_belongs_to_finalkan(org, page):
    """The appraisal form holds both buttons: only the one that finalises asks."""
    finalise_appraisal(org, page)
    asked: list[tuple[str, str]] = []
    page.on("dialog", _answer(asked, accept=False))
    page.get_by_label("Catatan atasan").fill("Pertahankan.")
    with page.expect_response(lambda response: response.request.method == "POST") as response:
        page.get_by_role("button", name="Simpan draf").click()
    assert response.value.status == 302
    page.wait_for_load_state()
    assert asked == []
    appraisal = Appraisal.objects.get()
    assert (appraisal.state, appraisal.note) == ("draft", "Pertahankan.")


@pytest.mark.parametrize("what", ["rhk", "iki"])
def test_deleting_from_the_plan_asks_on_its_own_page_and_cancel_keeps_the_row(org, page, what):
    """RHK and IKI deletes open a confirmation page (no dialog on top): Batal keeps, Ya, hapus deletes."""
    skp = nurse_skp(org, state="draft")
    iki = Iki.objects.filter(rhk__skp=skp).order_by("rhk__order", "order").first()
    assert iki is not None
    rhk = iki.rhk
    link, text = ("Hapus RHK", rhk.text) if what == "rhk" else ("Hapus", iki.indicator)

    def exists() -> bool:
        return (Rhk if what == "rhk" else Iki).objects.filter(pk=rhk.pk if what == "rhk" else iki.pk).exists()

    asked: list[tuple[str, str]] = []
    page.on("dialog", _answer(asked, accept=False))
    log_in(page, org.employee_dinkes_sorong.nip)
    page.goto(skp.get_absolute_url())
    page.get_by_test_id("plan").get_by_role("link", name=link, exact=True).first.click()
    expect(page.get_by_test_id("confirm-delete")).to_contain_text(text)
    page.get_by_role("link", name="Batal").click()
    expect(page.get_by_test_id("skp-state")).to_be_visible()
    assert exists()

    page.get_by_test_id("plan").get_by_role("link", name=link, exact=True).first.click()
    page.get_by_role("button", name="Ya, hapus").click()
    expect(page.get_by_test_id("skp-state")).to_be_visible()
    assert not exists()
    assert asked == []
