"""Demo training data (competency development), part of `seed_demo`: for Kota Sorong a partner
university with its agreement, a few competencies and programmes in every state (a draft, two open
for enrolment, one under way, one finished), enrolments at each step for the demo logins, and a
finished programme the nurse (pegawai.dinkes.sorong) passed, with its certificate and its row in her
riwayat diklat; for Kota Palembang an open programme. Then (seed_evaluation, seed_external) two
finished programmes with their participants' reactions and heads' applied evaluations (the Dishub
employee's reaction and kabid.llaj.sorong's evaluation of them left to give), and external learning
in every state.

Everything goes through the training services (requests, the atasan's approval, HR's confirmation,
attendance, completion), as the people of the demo would; dates are relative to today so that the
programmes keep their states whenever the demo is loaded. The services take nobody new once a
programme has started, so a programme already under way or over is scheduled LEAD days ahead while
its enrolments are made, then moved back to its dates with its enrolments' times (`_as_scheduled`):
as if they had been made a week before it began. Keyed by the programme's title in its
agency: a second run finds what the first made and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import access
from core.models import Instansi
from employees.models import Employee
from training.choices import CompletionResult, ProgrammeState
from training.models import (
    AppliedEvaluation,
    Competency,
    Enrolment,
    EnrolmentStep,
    ExternalLearning,
    PartnerAgreement,
    PartnerInstitution,
    Programme,
    ReactionFeedback,
    Session,
)
from training.selectors import catalogue as catalogue_selectors
from training.services import catalogue, completion, compliance, enrolment, external

from . import study as demo_study


def _actor(username: str) -> access.Actor:
    return access.actor_for(get_user_model().objects.get(username=username))


def _employee(username: str) -> Employee:
    return Employee.objects.select_related("unit").get(user__username=username)


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str
    form: str
    jp: int
    quota: int
    start: int  # days from today
    days: int
    state: str
    organiser_kind: str = "bpsdm"
    organiser_name: str = ""
    description: str = ""
    golongan_min: str = ""


SORONG = [
    Spec("Literasi Digital ASN", "teknis", "e_learning", 20, 30, -45, 3, ProgrammeState.OPEN,
         organiser_name="BPSDM Provinsi Papua Barat Daya",
         description="Keamanan data, tanda tangan elektronik dan layanan publik digital."),
    Spec("Pelayanan Prima di Fasilitas Kesehatan", "teknis", "pelatihan", 24, 2, -1, 3, ProgrammeState.OPEN,
         organiser_name="Dinas Kesehatan Kota Sorong",
         description="Standar pelayanan, penanganan pengaduan dan komunikasi dengan pasien."),
    Spec("Manajemen Proyek Pemerintah", "manajerial", "kursus", 32, 2, 30, 4, ProgrammeState.OPEN,
         organiser_kind="mitra", golongan_min="II/a",
         description="Perencanaan, pengendalian dan pelaporan proyek yang dibiayai APBD."),
    Spec("Wawasan Kebangsaan dan Moderasi Beragama", "sosial_kultural", "seminar", 8, 100, 45, 1,
         ProgrammeState.OPEN, organiser_name="Badan Kesbangpol Kota Sorong"),
    Spec("Kepemimpinan Pengawas", "manajerial", "pelatihan", 40, 25, 90, 5, ProgrammeState.DRAFT,
         organiser_name="BPSDM Provinsi Papua Barat Daya"),
]  # fmt: skip
PALEMBANG = [
    Spec("Penyusunan SOP Pelayanan Perizinan", "teknis", "workshop", 16, 20, 21, 2, ProgrammeState.OPEN,
         organiser_name="BPSDM Provinsi Sumatera Selatan"),
]  # fmt: skip


LEAD = 7  # days before its first day the enrolments of a started programme were made


def _shift(spec: Spec) -> int:
    """Days a programme that has started (or is over) is first scheduled ahead, so that its
    enrolments go through the services before its first day."""
    return max(0, LEAD - spec.start) if spec.start <= 0 else 0


def _as_scheduled(programme: Programme, days: int) -> None:
    """Move a programme scheduled `days` ahead back to its dates, with its sessions and the times of
    its enrolments and their steps (direct writes: demo setup, not a user's change)."""
    if not days:
        return
    back = timedelta(days=days)
    Programme.objects.filter(pk=programme.pk).update(
        start_date=F("start_date") - back, end_date=F("end_date") - back
    )
    Session.objects.filter(programme=programme).update(date=F("date") - back)
    Enrolment.objects.filter(programme=programme).update(requested_at=F("requested_at") - back)
    Enrolment.objects.filter(programme=programme, waitlisted_at__isnull=False).update(
        waitlisted_at=F("waitlisted_at") - back
    )
    EnrolmentStep.objects.filter(enrolment__programme=programme).update(at=F("at") - back)
    programme.refresh_from_db()


def _admitted(people, programmes: list[Programme], n: int, *, newest_first: bool = False) -> list[Employee]:
    """The first `n` of `people` (by NIP) whom every programme's eligibility admits: at any demo size
    (seed_demo --employees N) the nominations go through the service's eligibility check."""
    chosen: list[Employee] = []
    ordered = people.select_related("unit", "current_rank", "current_position").order_by(
        "-nip" if newest_first else "nip"
    )
    for employee in ordered[: 40 * n].iterator():
        who = catalogue_selectors.candidate(employee)
        ids = [p.pk for p in programmes]
        if catalogue_selectors.eligible_to(Programme.objects.filter(pk__in=ids), who).count() == len(ids):
            chosen.append(employee)
            if len(chosen) == n:
                break
    return chosen


def _programme(
    instansi: Instansi, spec: Spec, hr: access.Actor, partner: PartnerInstitution | None
) -> Programme:
    today = timezone.localdate()
    start = today + timedelta(days=spec.start + _shift(spec))
    programme = Programme(
        title=spec.title, description=spec.description, kind=spec.kind, form=spec.form,
        organiser_kind=spec.organiser_kind, organiser_name=spec.organiser_name,
        partner=partner if spec.organiser_kind == "mitra" else None, jp=spec.jp, quota=spec.quota,
        start_date=start, end_date=start + timedelta(days=spec.days - 1), cancel_days_before=3,
        golongan_min=spec.golongan_min, cost=spec.jp * 75_000, budget_line="5.1.02.02.01.0015",
    )  # fmt: skip
    competencies = Competency.objects.filter(instansi=instansi, kind=spec.kind)
    catalogue.programme_save(actor=hr, programme=programme, instansi=instansi, competencies=competencies)
    for day in range(spec.days):
        catalogue.session_save(
            actor=hr,
            session=Session(
                date=start + timedelta(days=day), start_time=time(8), end_time=time(15, 30),
                topic=f"Hari {day + 1}", place="" if spec.form == "e_learning" else "Aula BKPSDM",
                online_url="https://elearning.example.go.id/kelas" if spec.form == "e_learning" else "",
            ),
            programme=programme,
        )  # fmt: skip
    if spec.state != ProgrammeState.DRAFT:
        catalogue.programme_set_state(actor=hr, programme=programme, state=spec.state)
    return programme


def _reference_data(instansi: Instansi, hr: access.Actor) -> PartnerInstitution:
    partner = PartnerInstitution.objects.filter(instansi=instansi, name="Universitas Papua").first()
    if partner is None:
        partner = catalogue.partner_save(
            actor=hr,
            partner=PartnerInstitution(name="Universitas Papua", kind="universitas", address="Manokwari"),
            instansi=instansi,
        )
        catalogue.agreement_save(
            actor=hr,
            agreement=PartnerAgreement(
                number="PKS/045/BKPSDM/2026", start_date=date(2026, 1, 2), end_date=date(2028, 12, 31),
                scope="Pelatihan manajerial dan teknis bagi ASN Pemerintah Kota Sorong.",
            ),
            partner=partner,
        )  # fmt: skip
    for code, name, kind in (
        ("M.01", "Integritas", "manajerial"),
        ("M.04", "Orientasi pada hasil", "manajerial"),
        ("M.05", "Pelayanan publik", "manajerial"),
        ("T.01", "Pelayanan kesehatan dasar", "teknis"),
        ("T.02", "Pengelolaan data digital", "teknis"),
        ("S.01", "Perekat bangsa", "sosial_kultural"),
    ):
        if not Competency.objects.filter(instansi=instansi, code=code).exists():
            catalogue.competency_create(actor=hr, instansi=instansi, code=code, name=name, kind=kind)
    return partner


@transaction.atomic
def seed_sorong() -> int:
    instansi = Instansi.objects.get(code="kota-sorong")
    if Programme.objects.filter(instansi=instansi).exists():
        return 0
    hr = _actor("hr.sorong")
    partner = _reference_data(instansi, hr)
    made = {spec.title: _programme(instansi, spec, hr, partner) for spec in SORONG}
    shifts = {spec.title: _shift(spec) for spec in SORONG}
    nurse, kapus = _actor("pegawai.dinkes.sorong"), _actor("kapus.sorong")

    # Finished: the nurse passed Literasi Digital ASN (certificate, riwayat diklat, 20 JP).
    digital = made["Literasi Digital ASN"]
    e = enrolment.enrolment_request(actor=nurse, programme=digital, reason="Layanan rekam medis elektronik")
    e = enrolment.enrolment_approve(actor=kapus, enrolment=e, comment="Sesuai kebutuhan puskesmas")
    e = enrolment.enrolment_confirm(actor=hr, enrolment=e)
    others = _admitted(
        Employee.objects.filter(
            unit__instansi=instansi, is_active=True, user__isnull=True, is_unit_head=False
        ),
        [digital, made["Pelayanan Prima di Fasilitas Kesehatan"]],
        8,
    )
    participants = [e]
    for employee in others[:5]:
        n = enrolment.enrolment_nominate(actor=hr, programme=digital, employee=employee)
        if n.state == "diajukan":
            n.state = "disetujui"  # their atasan has no demo login: approved as the head would
            n.save(update_fields=["state"])
        participants.append(enrolment.enrolment_confirm(actor=hr, enrolment=n))
    _as_scheduled(digital, shifts[digital.title])
    for session in digital.sessions.all():
        completion.attendance_save(
            actor=hr, session=session, marks={p.pk: completion.Mark(present=True) for p in participants}
        )
    completion.completion_save(
        actor=hr,
        programme=digital,
        outcomes={
            p.pk: completion.Outcome(CompletionResult.PASSED if i != 5 else CompletionResult.FAILED)
            for i, p in enumerate(participants)
        },
    )
    catalogue.programme_set_state(actor=hr, programme=digital, state=ProgrammeState.FINISHED)

    # Under way since yesterday, full (2 places), with a waitlist: attendance to mark, results to record.
    prima = made["Pelayanan Prima di Fasilitas Kesehatan"]
    for employee in others[5:8]:
        n = enrolment.enrolment_nominate(actor=hr, programme=prima, employee=employee)
        if n.state == "diajukan":
            n.state = "disetujui"
            n.save(update_fields=["state"])
        enrolment.enrolment_confirm(actor=hr, enrolment=n)
    _as_scheduled(prima, shifts[prima.title])

    # Open: the nurse's request waits for kapus.sorong; the Dishub employee's for HR's confirmation.
    enrolment.enrolment_request(
        actor=nurse, programme=made["Manajemen Proyek Pemerintah"], reason="Proyek puskesmas"
    )
    dishub = enrolment.enrolment_request(
        actor=_actor("pegawai.dishub.sorong"), programme=made["Wawasan Kebangsaan dan Moderasi Beragama"]
    )
    enrolment.enrolment_approve(actor=_actor("kabid.llaj.sorong"), enrolment=dishub)
    return len(made)


@transaction.atomic
def seed_palembang() -> int:
    instansi = Instansi.objects.get(code="kota-palembang")
    if Programme.objects.filter(instansi=instansi).exists():
        return 0
    hr = _actor("hr.palembang")
    for spec in PALEMBANG:
        _programme(instansi, spec, hr, None)
    return len(PALEMBANG)


# --- External learning and evaluation (issue 14 items 4 and 8) ------------------------------------------------
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EVALUATED = [
    # Ended four months ago: the atasan's evaluation of applied learning is open (kabid.llaj.sorong for
    # the Dishub employee).
    Spec("Penanganan Kegawatdaruratan Dasar", "teknis", "pelatihan", 24, 20, -124, 3, ProgrammeState.OPEN,
         organiser_kind="mitra", description="Bantuan hidup dasar dan rujukan gawat darurat di puskesmas."),
    # Ended ten days ago: the participants' reaction is open (the Dishub employee has not given theirs).
    Spec("Komunikasi Efektif dengan Pasien", "sosial_kultural", "workshop", 12, 20, -12, 2, ProgrammeState.OPEN,
         organiser_name="Dinas Kesehatan Kota Sorong"),
]  # fmt: skip
COMMENTS = [
    "Materi sangat relevan dengan pekerjaan di puskesmas.",
    "Waktu praktik perlu ditambah.",
    "Fasilitator menguasai materi dan memberi banyak contoh.",
    "",
    "Ruang pelatihan terlalu sempit untuk praktik.",
]


def _completed_programme(
    instansi: Instansi, spec: Spec, hr: access.Actor, partner: PartnerInstitution, staff: access.Actor
) -> Programme:
    """A programme taken to completion through the services: the Dishub employee (approved by
    kabid.llaj.sorong) and five colleagues without a demo login (approved as their head would), all
    passed."""
    programme = _programme(instansi, spec, hr, partner)
    mine = enrolment.enrolment_request(actor=staff, programme=programme, reason="Kebutuhan layanan")
    mine = enrolment.enrolment_approve(actor=_actor("kabid.llaj.sorong"), enrolment=mine)
    participants = [enrolment.enrolment_confirm(actor=hr, enrolment=mine)]
    others = _admitted(
        Employee.objects.filter(
            unit__instansi=instansi, is_active=True, user__isnull=True, is_unit_head=False
        ),
        [programme],
        5,
        newest_first=True,
    )
    for employee in others:
        n = enrolment.enrolment_nominate(actor=hr, programme=programme, employee=employee)
        if n.state == "diajukan":
            n.state = "disetujui"
            n.save(update_fields=["state"])
        participants.append(enrolment.enrolment_confirm(actor=hr, enrolment=n))
    _as_scheduled(programme, _shift(spec))  # enrolled before its first day, then moved to its dates
    for session in programme.sessions.all():
        completion.attendance_save(
            actor=hr, session=session, marks={p.pk: completion.Mark(present=True) for p in participants}
        )
    completion.completion_save(
        actor=hr,
        programme=programme,
        outcomes={p.pk: completion.Outcome(CompletionResult.PASSED) for p in participants},
    )
    catalogue.programme_set_state(actor=hr, programme=programme, state=ProgrammeState.FINISHED)
    return programme


def _reactions(programme: Programme, skip_employee_id: int, offset: int) -> None:
    """The colleagues' reactions, written as they were given in the programme's feedback window (the
    colleagues have no demo login; the demo login's own is left for them to give)."""
    given = timezone.make_aware(datetime.combine(programme.end_date + timedelta(days=2), time(10)))
    for i, e in enumerate(programme.enrolments.exclude(employee_id=skip_employee_id).order_by("pk")):
        ReactionFeedback.objects.create(
            enrolment=e,
            content=4 + (i + offset) % 2,
            trainer=3 + (i + offset) % 3,
            organisation=3 + i % 2,
            usefulness=5 - (i + offset) % 3,
            comment=COMMENTS[(i + offset) % len(COMMENTS)],
            submitted_at=given,
            updated_at=given,
        )


@transaction.atomic
def seed_evaluation() -> int:
    """Two finished programmes with evaluations: one whose applied evaluations are open (two given by
    the participants' heads, the Dishub employee's waiting for kabid.llaj.sorong) and one whose
    reactions are open (the Dishub employee's to give)."""
    instansi = Instansi.objects.get(code="kota-sorong")
    if Programme.objects.filter(instansi=instansi, title=EVALUATED[0].title).exists():
        return 0
    hr, staff = _actor("hr.sorong"), _actor("pegawai.dishub.sorong")
    partner = _reference_data(instansi, hr)
    old, recent = (_completed_programme(instansi, spec, hr, partner, staff) for spec in EVALUATED)
    _reactions(old, skip_employee_id=-1, offset=0)
    _reactions(recent, skip_employee_id=staff.employee_id or 0, offset=1)
    evaluated = timezone.make_aware(datetime.combine(old.end_date + timedelta(days=100), time(9)))
    heads_of_others = old.enrolments.exclude(employee_id=staff.employee_id or 0).filter(
        approver__isnull=False
    )
    for i, e in enumerate(heads_of_others.select_related("approver")[:2]):
        assert e.approver is not None
        AppliedEvaluation.objects.create(
            enrolment=e,
            evaluator=e.approver,
            rating=4 - i,
            comment="Menerapkan prosedur bantuan hidup dasar dan melatih rekan di unitnya.",
            submitted_at=evaluated,
        )
    return 2


@transaction.atomic
def seed_external() -> int:
    """External learning in every state: the nurse's verified seminar (in her riwayat diklat), her
    pending online course and a rejected one; a pending record of the Dishub employee for HR's queue."""
    instansi = Instansi.objects.get(code="kota-sorong")
    if ExternalLearning.objects.filter(employee__unit__instansi=instansi).exists():
        return 0
    hr, today = _actor("hr.sorong"), timezone.localdate()

    def record(username: str, title: str, kind: str, form: str, organiser: str, ago: int, days: int, jp: int):
        return external.external_record(
            actor=_actor(username),
            details=external.Details(
                title=title, kind=kind, form=form, organiser=organiser,
                start_date=today - timedelta(days=ago), end_date=today - timedelta(days=ago - days + 1), jp=jp,
            ),
            certificate=SimpleUploadedFile("sertifikat.pdf", DEMO_PDF, "application/pdf"),
        )  # fmt: skip

    seminar = record("pegawai.dinkes.sorong", "Seminar Nasional Keperawatan Komunitas", "teknis", "seminar",
                     "Persatuan Perawat Nasional Indonesia", 60, 2, 12)  # fmt: skip
    external.external_verify(actor=hr, record=seminar)
    rejected = record("pegawai.dinkes.sorong", "Webinar Gaya Hidup Sehat", "teknis", "seminar",
                      "Komunitas Sehat Bersama", 40, 1, 8)  # fmt: skip
    external.external_reject(
        actor=hr,
        record=rejected,
        reason="Sertifikat tidak mencantumkan jumlah jam; unggah ulang yang lengkap.",
    )
    record("pegawai.dinkes.sorong", "Kursus Daring Analisis Data Kesehatan", "teknis", "e_learning",
           "Universitas Terbuka", 20, 10, 20)  # fmt: skip
    record("pegawai.dishub.sorong", "Pelatihan Manajemen Lalu Lintas", "teknis", "kursus",
           "Politeknik Transportasi Darat", 30, 3, 24)  # fmt: skip
    return 4


def seed() -> int:
    """Training data of the demo; returns how many programmes were created."""
    created = seed_sorong() + seed_palembang()
    seed_evaluation()
    seed_external()
    demo_study.seed()  # tugas belajar and izin belajar (demo/study.py)
    seed_needs_sorong()
    seed_budget_sorong()
    seed_compliance()
    return created


def seed_compliance() -> None:
    """This year's 20 JP figures of every demo agency, as the nightly job would have left them (no
    reminders: those are the job's), so the compliance dashboard has content after `make demo`."""
    for instansi in Instansi.objects.filter(code__in=["kota-sorong", "kota-palembang"]):
        year = compliance.agency_today(instansi).year
        compliance.recompute(jp_year_id=compliance.jp_year_of(instansi.pk, year).pk)


# --- Training needs and budget (issue 14 items 7 and 9) -------------------------------------------------
NEEDS = [
    # (competency code, priority, reason)
    ("T.01", "tinggi", "Antrean pasien di puskesmas panjang; triase perlu diperbaiki."),
    ("T.02", "sedang", "Pelaporan masih manual di spreadsheet."),
    ("M.05", "tinggi", "Keluhan layanan di loket meningkat."),
    ("M.01", "rendah", "Penguatan budaya antikorupsi."),
    ("S.01", "sedang", "Pelayanan kepada masyarakat yang beragam."),
    ("T.01", "sedang", "Penyegaran standar pelayanan kesehatan dasar."),
]


@transaction.atomic
def seed_needs_sorong() -> int:
    """Needs proposed by the nurse, her head and HR for employees of several units, the coaching plans'
    needs taken in, one answered with a nomination and one met by the programme the nurse completed."""
    from training.models import TrainingNeed
    from training.services import needs

    instansi = Instansi.objects.get(code="kota-sorong")
    if TrainingNeed.objects.filter(instansi=instansi).exists():
        return 0
    hr, nurse, kapus = _actor("hr.sorong"), _actor("pegawai.dinkes.sorong"), _actor("kapus.sorong")
    nurse_record = _employee("pegawai.dinkes.sorong")
    codes = {c.code: c for c in Competency.objects.filter(instansi=instansi)}
    next_year = timezone.localdate().year + 1
    needs.need_propose(actor=nurse, employee=nurse_record, competency=codes["T.01"], priority="tinggi",
                       reason="Triase pasien di puskesmas", year=next_year)  # fmt: skip
    needs.need_propose(actor=kapus, employee=nurse_record, competency=codes["M.05"],
                       reason="Komunikasi dengan keluarga pasien", year=next_year)  # fmt: skip
    people = (
        Employee.objects.filter(unit__instansi=instansi, is_active=True)
        .exclude(pk=nurse_record.pk)  # her own needs are above: a need is proposed once
        .order_by("unit__path", "nip")
    )
    for i, employee in enumerate(people[:40:3]):
        code, priority, reason = NEEDS[i % len(NEEDS)]
        needs.need_propose(actor=hr, employee=employee, competency=codes[code], priority=priority,
                           reason=reason, year=next_year)  # fmt: skip
    needs.needs_import_coaching(actor=hr, instansi=instansi)
    # Met: the digital literacy the nurse completed answered her need of this year.
    done = nurse_record.training_enrolments.filter(state="selesai").first()
    if done is not None:
        TrainingNeed.objects.create(
            instansi=instansi, employee=nurse_record, competency=codes["T.02"], year=timezone.localdate().year,
            reason="Rekam medis elektronik", source="pegawai", enrolment=done,
        )  # fmt: skip
    # Answered: HR nominates one employee's socio-cultural need for the open seminar.
    seminar = Programme.objects.get(instansi=instansi, title="Wawasan Kebangsaan dan Moderasi Beragama")
    for need in TrainingNeed.objects.filter(instansi=instansi, competency=codes["S.01"]).order_by("pk"):
        if need.employee.user_id is None and not seminar.enrolments.filter(employee=need.employee).exists():
            needs.need_nominate(actor=hr, need=need, programme=seminar)
            break
    return TrainingNeed.objects.filter(instansi=instansi).count()


@transaction.atomic
def seed_budget_sorong() -> int:
    """This year's and next year's allocations (this year's line over-allocated by the digital literacy
    class) and the spending of the programmes under way or finished."""
    from training.models import BudgetLine
    from training.services import budget

    instansi = Instansi.objects.get(code="kota-sorong")
    if BudgetLine.objects.filter(instansi=instansi).exists():
        return 0
    hr = _actor("hr.sorong")
    year = timezone.localdate().year
    for y, code, name, allocated in (
        (year, "5.1.02.02.01.0015", "Belanja diklat teknis dan fungsional", 8_000_000),
        (year, "5.1.02.02.01.0024", "Belanja kursus singkat", 25_000_000),
        (year + 1, "5.1.02.02.01.0015", "Belanja diklat teknis dan fungsional", 150_000_000),
    ):
        budget.budget_line_save(
            actor=hr, instansi=instansi, year=y, code=code, name=name, allocated=allocated
        )
    today = timezone.localdate()
    for title, rows in (
        ("Literasi Digital ASN", [(4_500_000, "Honor narasumber"), (2_750_000, "Konsumsi dan ATK")]),
        ("Pelayanan Prima di Fasilitas Kesehatan", [(1_200_000, "Sewa aula dan konsumsi hari pertama")]),
    ):
        programme = Programme.objects.get(instansi=instansi, title=title)
        for amount, note in rows:
            budget.spending_record(actor=hr, programme=programme, on=min(today, programme.end_date),
                                   amount=amount, note=note)  # fmt: skip
    return 3
