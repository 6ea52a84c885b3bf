"""Demo study assignments (tugas belajar, izin belajar), part of the training demo: for Kota Sorong a
request of the nurse (pegawai.dinkes.sorong) waiting for kapus.sorong, an izin belajar of
pegawai.dishub.sorong waiting for HR's decision, two tugas belajar under way (one with its semester
report overdue), an izin belajar under way, a finished tugas belajar with its service obligation and
a rejected request.

The demo people have no two years of final annual appraisals, so the requests are written as rows in
the state they would have reached; the decisions and the graduation go through the training
services, which change the working state through the employees app. Dates are relative to today.
Keyed by the agency: a second run adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core import access
from core.models import Instansi
from employees.models import Employee
from employees.selectors.superiors import atasan_langsung
from training.models import StudyAssignment, StudyReport
from training.rules.study import add_months, next_report_due
from training.selectors.study import rules
from training.services import study as services

PDF = b"%PDF-1.4\n% demo\n"


def _actor(username: str) -> access.Actor:
    return access.actor_for(get_user_model().objects.get(username=username))


def _employee(username: str) -> Employee:
    return Employee.objects.select_related("unit").get(user__username=username)


def _study(employee: Employee, *, state: str, start: date, years: int, **fields: object) -> StudyAssignment:
    values: dict[str, object] = dict(
        instansi_id=employee.unit.instansi_id,
        employee=employee,
        kind="tugas_belajar",
        level="S-2",
        study_programme="Magister Administrasi Publik",
        institution="Universitas Cenderawasih",
        country="dalam_negeri",
        funding="apbd",
        start_date=start,
        end_date=add_months(start, 12 * years),
        approver=atasan_langsung(employee),
        state=state,
        acceptance_letter_name="surat-penerimaan.pdf",
    )
    values.update(fields)
    study = StudyAssignment(**values)
    study.acceptance_letter.save("loa", ContentFile(PDF), save=False)
    study.save()
    return study


def _report(study: StudyAssignment, semester: int, gpa: str) -> None:
    report = StudyReport(
        assignment=study, semester=semester, gpa=Decimal(gpa), credits=18, transcript_name="khs.pdf"
    )
    report.transcript.save("khs", ContentFile(PDF), save=False)
    report.save()
    study.next_report_due = next_report_due(start=study.start_date, reported=semester, rules=rules())
    study.save(update_fields=["next_report_due"])


def _approve(hr: access.Actor, study: StudyAssignment, number: str) -> StudyAssignment:
    return services.study_decide(
        actor=hr,
        study=study,
        approve=True,
        decree_number=number,
        decree_date=study.start_date - timedelta(days=30),
    )


@transaction.atomic
def seed_sorong() -> int:
    instansi = Instansi.objects.get(code="kota-sorong")
    if StudyAssignment.objects.filter(instansi=instansi).exists():
        return 0
    hr = _actor("hr.sorong")
    today = timezone.localdate()
    # Waiting for kapus.sorong: the nurse's tugas belajar S-1.
    _study(_employee("pegawai.dinkes.sorong"), state="diajukan", start=today + timedelta(days=60), years=2,
           level="S-1", study_programme="Ilmu Keperawatan", institution="Universitas Papua")  # fmt: skip
    # Waiting for HR: the Dishub employee's izin belajar, recommended by kabid.llaj.sorong.
    _study(_employee("pegawai.dishub.sorong"), state="direkomendasikan", start=today + timedelta(days=45),
           years=2, kind="izin_belajar", study_programme="Magister Teknik Sipil (Transportasi)",
           institution="Universitas Muhammadiyah Sorong", funding="mandiri", recommended=True,
           recommendation_reason="Mendukung kajian lalu lintas", recommended_at=timezone.now())  # fmt: skip
    others = list(
        Employee.objects.filter(unit__instansi=instansi, is_active=True, user__isnull=True, is_unit_head=False,
                                working_state="aktif", kind="PNS")
        .select_related("unit")
        .order_by("-nip")[:5]
    )  # fmt: skip
    if len(others) < 5:
        return 2
    # Under way, reports sent.
    started = add_months(today, -14)
    on_time = _approve(
        hr, _study(others[0], state="direkomendasikan", start=started, years=2), "800/041/BKPSDM"
    )
    _report(on_time, 1, "3.62")
    _report(on_time, 2, "3.70")
    # Under way, the second semester's report overdue.
    late = _approve(
        hr,
        _study(others[1], state="direkomendasikan", start=add_months(today, -20), years=2, level="S-3",
               study_programme="Doktor Ilmu Kesehatan Masyarakat", institution="Universitas Hasanuddin",
               funding="beasiswa", funding_note="Beasiswa LPDP"),
        "800/017/BKPSDM",
    )  # fmt: skip
    _report(late, 1, "3.45")
    # Izin belajar under way (the working state stays aktif).
    _approve(
        hr,
        _study(others[2], state="direkomendasikan", start=add_months(today, -8), years=4, kind="izin_belajar",
               level="S-1", study_programme="Ilmu Hukum", institution="Universitas Terbuka", funding="mandiri"),
        "800/052/BKPSDM",
    )  # fmt: skip
    # Finished: graduated last month, with the service obligation.
    done = _approve(
        hr,
        _study(others[3], state="direkomendasikan", start=add_months(today, -26), years=2, country="luar_negeri",
               country_name="Australia", study_programme="Master of Public Health",
               institution="The University of Queensland", funding="beasiswa", funding_note="Australia Awards"),
        "800/009/BKPSDM",
    )  # fmt: skip
    services.study_complete(
        actor=hr, study=done, graduation_date=add_months(today, -1),
        diploma=SimpleUploadedFile("ijazah.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    # Rejected by HR.
    _study(others[4], state="ditolak", start=add_months(today, 2), years=2, recommended=True,
           decision_reason="Formasi jabatan belum membutuhkan jenjang S-2", decided_at=timezone.now())  # fmt: skip
    return 7


def seed() -> int:
    """Study assignments of the demo; returns how many were created."""
    return seed_sorong()
