"""Competency development: partner institutions and their agreements, the competency list, the
programme catalogue with its sessions, enrolments (with their steps), attendance and completion.

A programme belongs to one instansi, whose HR keeps it. Completion writes the employee's riwayat
diklat through employees.services.histories.training_record_save (one source of JP); the JP
compliance work reads those rows: the JP rules per instansi, the yearly summaries per employee and
per unit written by the nightly recompute, and its runs (the "JP compliance" section at the end).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.files import private_storage
from core.models import Instansi, JobRun, UnitKerja, one_running
from employees.choices import PNS_RANKS, EmployeeKind, PositionKind, PositionLevel, TrainingCategory
from employees.models import Employee

from .choices import (
    CompletionResult,
    EnrolmentAction,
    EnrolmentOrigin,
    EnrolmentState,
    ExternalState,
    NeedPriority,
    NeedSource,
    OrganiserKind,
    PartnerKind,
    ProgrammeForm,
    ProgrammeKind,
    ProgrammeState,
    StudyCountry,
    StudyFunding,
    StudyKind,
    StudyLevel,
    StudyState,
)
from .querysets import ProgrammeQuerySet
from .rules import ACTIVE_STATES, is_classical
from .rules.study import ACTIVE_STUDY_STATES

GOLONGAN_CHOICES = [(code, f"{code} – {name}") for code, name in PNS_RANKS]
JP_MAX = 1000
QUOTA_MAX = 10_000
COST_MAX = 10_000_000_000  # ten billion rupiah: more is a typing error
CANCEL_DAYS_MAX = 90


class PartnerInstitution(models.Model):
    """An institution the agency trains with (a university, a BPSDM, a training company)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="training_partners")
    name = models.CharField(_("nama lembaga"), max_length=200)
    kind = models.CharField(_("jenis lembaga"), max_length=12, choices=PartnerKind.choices)
    address = models.CharField(_("alamat"), max_length=500, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("lembaga mitra")
        verbose_name_plural = _("lembaga mitra")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "name"],
                name="training_partner_name_unique",
                violation_error_message=_("Lembaga dengan nama ini sudah tercatat."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:partner_detail", args=[self.pk])


class PartnerAgreement(models.Model):
    """A cooperation agreement (perjanjian kerja sama / MoU) with a partner: its number, dates, scope."""

    partner = models.ForeignKey(PartnerInstitution, on_delete=models.CASCADE, related_name="agreements")
    number = models.CharField(_("nomor perjanjian"), max_length=100)
    start_date = models.DateField(_("berlaku mulai"))
    end_date = models.DateField(_("berlaku sampai"))
    scope = models.TextField(_("ruang lingkup"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="training_agreement_dates_in_order",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: object) -> bool:
        return self.start_date <= day <= self.end_date  # type: ignore[operator]


class Competency(models.Model):
    """A competency of the agency's reference list (code and name) that programmes address."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="competencies")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama kompetensi"), max_length=200)
    kind = models.CharField(_("jenis kompetensi"), max_length=16, choices=ProgrammeKind.choices)

    class Meta:
        ordering = ["code", "pk"]
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"],
                name="training_competency_code_unique",
                violation_error_message=_("Kode kompetensi ini sudah dipakai."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Programme(models.Model):
    """A programme of the catalogue (a training, workshop, course, coaching...): what it develops,
    who organises it, its JP, places, eligibility and cost."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="training_programmes")
    title = models.CharField(_("nama program"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    kind = models.CharField(_("jenis kompetensi"), max_length=16, choices=ProgrammeKind.choices)
    form = models.CharField(_("bentuk"), max_length=12, choices=ProgrammeForm.choices)
    organiser_kind = models.CharField(_("penyelenggara"), max_length=16, choices=OrganiserKind.choices)
    partner = models.ForeignKey(
        PartnerInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("lembaga mitra"),
    )
    organiser_unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_programmes",
        verbose_name=_("unit penyelenggara"),
    )
    organiser_name = models.CharField(
        _("nama penyelenggara"),
        max_length=200,
        blank=True,
        help_text=_("Untuk BPSDM atau perguruan tinggi yang belum tercatat sebagai mitra."),
    )
    competencies = models.ManyToManyField(
        Competency, blank=True, related_name="programmes", verbose_name=_("kompetensi yang dikembangkan")
    )
    competency_notes = models.CharField(_("kompetensi lain"), max_length=500, blank=True)
    jp = models.PositiveSmallIntegerField(
        _("jumlah JP"),
        validators=[MinValueValidator(1), MaxValueValidator(JP_MAX)],
        help_text=_("1 JP = 45 menit pembelajaran klasikal."),
    )
    quota = models.PositiveIntegerField(
        _("kuota peserta"), validators=[MinValueValidator(1), MaxValueValidator(QUOTA_MAX)]
    )
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    cancel_days_before = models.PositiveSmallIntegerField(
        _("batas pembatalan (hari sebelum mulai)"),
        default=3,
        validators=[MaxValueValidator(CANCEL_DAYS_MAX)],
    )
    # Eligibility: an empty value is open to all.
    golongan_min = models.CharField(
        _("golongan terendah"), max_length=5, choices=GOLONGAN_CHOICES, blank=True
    )
    golongan_max = models.CharField(
        _("golongan tertinggi"), max_length=5, choices=GOLONGAN_CHOICES, blank=True
    )
    position_kind = models.CharField(
        _("jenis jabatan"), max_length=16, choices=PositionKind.choices, blank=True
    )
    position_level = models.CharField(
        _("jenjang jabatan"), max_length=16, choices=PositionLevel.choices, blank=True
    )
    units = models.ManyToManyField(
        UnitKerja,
        blank=True,
        related_name="eligible_programmes",
        verbose_name=_("unit kerja sasaran"),
        help_text=_("Kosongkan bila terbuka untuk seluruh instansi; unit di bawahnya ikut."),
    )
    cost = models.PositiveBigIntegerField(
        _("biaya per peserta (Rp)"), default=0, validators=[MaxValueValidator(COST_MAX)]
    )
    budget_line = models.CharField(_("mata anggaran"), max_length=100, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=ProgrammeState.choices, default=ProgrammeState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("program pengembangan kompetensi")
        verbose_name_plural = _("program pengembangan kompetensi")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="training_programme_dates_in_order",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(condition=Q(jp__gte=1), name="training_programme_jp_positive"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="training_programme_quota_positive"),
        ]
        indexes = [
            # The catalogue: an agency's programmes by state, the soonest first.
            models.Index(fields=["instansi", "state", "start_date"], name="training_prog_catalogue_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:programme_detail", args=[self.pk])

    @property
    def is_classical(self) -> bool:
        return is_classical(self.form)

    @property
    def organiser_label(self) -> str:
        if self.partner_id is not None:
            return str(self.partner)
        if self.organiser_unit_id is not None:
            return str(self.organiser_unit)
        return self.organiser_name or str(self.get_organiser_kind_display())


class Session(models.Model):
    """One meeting of a programme: its date and hours, and where (a place or an online link)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("materi"), max_length=200, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), max_length=500, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="training_session_times_in_order",
                violation_error_message=_("Jam selesai harus sesudah jam mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.date}"


class Enrolment(models.Model):
    """An employee's place in a programme, from the request (or nomination) to completion."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_enrolments")
    state = models.CharField(
        _("status"), max_length=16, choices=EnrolmentState.choices, default=EnrolmentState.REQUESTED
    )
    origin = models.CharField(_("asal"), max_length=12, choices=EnrolmentOrigin.choices)
    # The atasan langsung who approves, found when the enrolment is requested (None: nobody above).
    approver = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="training_approvals"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("alasan"), blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    # Waitlist order: who waited first is promoted first.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(_("hasil"), max_length=12, choices=CompletionResult.choices, blank=True)
    score = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    certificate_code = models.CharField(max_length=14, null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("pendaftaran pelatihan")
        verbose_name_plural = _("pendaftaran pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "employee"],
                condition=Q(state__in=sorted(ACTIVE_STATES)),
                name="training_one_active_enrolment",
                violation_error_message=_("Pegawai ini sudah terdaftar pada program ini."),
            ),
        ]
        indexes = [
            # The atasan's queue: requests waiting for this approver.
            models.Index(fields=["approver", "state"], name="training_enrol_approver_idx"),
            # Places taken and the waitlist of a programme.
            models.Index(fields=["programme", "state"], name="training_enrol_prog_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("training:enrolment_detail", args=[self.pk])

    @property
    def source_ref(self) -> str:
        """The key of the riwayat diklat row this enrolment writes (employees.TrainingHistory.source_ref)."""
        return f"training:enrolment:{self.pk}"


class EnrolmentStep(models.Model):
    """One step of an enrolment: who took it, when, from which state to which, and why."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=12, choices=EnrolmentAction.choices)
    from_state = models.CharField(max_length=16, choices=EnrolmentState.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=EnrolmentState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("catatan"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah pendaftaran")
        verbose_name_plural = _("langkah pendaftaran")

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_state} → {self.to_state}"


class Attendance(models.Model):
    """Whether a participant attended a session (marked by HR)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("hadir"), default=False)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "enrolment"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="training_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}: {self.present}"


# --- JP compliance ---------------------------------------------------------------------------------------
# The 20 JP duty (issue 14 items 6 and 10): the rules in force per instansi (targets and conversion
# factors, versioned with validity dates), the yearly summary per employee and per unit written by the
# nightly recompute (training.services.compliance), and the runs of that job (core.runs).


class JpRuleSet(models.Model):
    """The JP rules of an instansi from a date: the yearly targets and, in JpFactor rows, how the
    hours of each category of riwayat diklat convert to JP. Without one the built-in defaults apply
    (training.rules.compliance.DEFAULT_RULES: 20 JP, factor 1.00)."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="jp_rule_sets", verbose_name=_("instansi")
    )
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    pns_target = models.PositiveSmallIntegerField(_("target JP PNS per tahun"), default=20)
    pppk_target = models.PositiveSmallIntegerField(
        _("target JP PPPK per tahun"),
        default=20,
        help_text=_(
            "Aturan hanya menyebut batas paling banyak 24 JP per tahun kontrak bagi PPPK; targetnya ditetapkan instansi."
        ),
    )
    pppk_cap = models.PositiveSmallIntegerField(
        _("batas JP PPPK per tahun kontrak"), null=True, blank=True, default=24
    )
    source = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        ordering = ["instansi", "-valid_from"]
        verbose_name = _("aturan JP")
        verbose_name_plural = _("aturan JP")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "valid_from"],
                name="jp_rule_set_one_per_start",
                violation_error_message=_("Sudah ada aturan JP instansi ini yang berlaku mulai tanggal itu."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="jp_rule_set_dates_in_order",
                violation_error_message=_("Tanggal berakhir tidak boleh sebelum tanggal mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.valid_from:%d-%m-%Y}"

    def clean(self) -> None:
        """A PPPK target above the PPPK ceiling ("at most 24 JP per contract year", domain.md §8)
        could never be met within the rule: refused."""
        super().clean()
        if self.pppk_cap is not None and self.pppk_target > self.pppk_cap:
            raise ValidationError(
                {"pppk_target": _("Target JP PPPK tidak boleh melebihi batas JP PPPK per tahun kontrak.")}
            )


class JpFactor(models.Model):
    """How many JP one hour of a category of riwayat diklat counts for (Unsure: configuration of the
    instansi; a category without a row counts 1.00)."""

    rule_set = models.ForeignKey(JpRuleSet, on_delete=models.CASCADE, related_name="factors")
    category = models.CharField(_("jenis diklat"), max_length=12, choices=TrainingCategory.choices)
    factor = models.DecimalField(_("faktor konversi"), max_digits=4, decimal_places=2)

    class Meta:
        ordering = ["rule_set", "category"]
        verbose_name = _("faktor konversi JP")
        verbose_name_plural = _("faktor konversi JP")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "category"], name="jp_factor_one_per_category"),
            models.CheckConstraint(
                condition=Q(factor__gte=0) & Q(factor__lte=10),
                name="jp_factor_in_range",
                violation_error_message=_("Faktor konversi harus antara 0 dan 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} × {self.factor}"


class JpYear(models.Model):
    """The JP compliance of one instansi in one year: what its recompute runs work on, and when the
    last one finished."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="jp_years")
    year = models.PositiveSmallIntegerField(_("tahun"))
    computed_at = models.DateTimeField(_("dihitung pada"), null=True, blank=True)

    class Meta:
        ordering = ["instansi", "-year"]
        verbose_name = _("kepatuhan JP tahunan")
        verbose_name_plural = _("kepatuhan JP tahunan")
        constraints = [models.UniqueConstraint(fields=["instansi", "year"], name="jp_year_unique")]

    def __str__(self) -> str:
        return f"{self.instansi_id}: {self.year}"

    def get_absolute_url(self) -> str:
        return f"{reverse('training:compliance')}?instansi={self.instansi_id}&year={self.year}"


class ComplianceRun(JobRun):
    """One run of the JP recompute of an agency's year: the lock, the progress and the cursor (the
    last employee id written)."""

    jp_year = models.ForeignKey(JpYear, on_delete=models.CASCADE, related_name="runs")

    class Meta(JobRun.Meta):
        verbose_name = _("proses penghitungan JP")
        verbose_name_plural = _("proses penghitungan JP")
        constraints = [one_running("jp_year", name="jp_compliance_one_running")]

    def __str__(self) -> str:
        return f"{self.jp_year_id}: {self.state} {self.processed}/{self.total}"


class JpSummary(models.Model):
    """An employee's JP of a year, as the last recompute found it (derived data: the job rewrites it)."""

    jp_year = models.ForeignKey(JpYear, on_delete=models.CASCADE, related_name="summaries")
    # No index of its own: the unique (jp_year, employee) serves every read by employee and year.
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices)
    jp = models.DecimalField(_("JP"), max_digits=7, decimal_places=2)
    target = models.PositiveSmallIntegerField(_("target JP"))
    met = models.BooleanField(_("memenuhi target"))

    class Meta:
        ordering = ["jp_year", "employee"]
        verbose_name = _("ringkasan JP pegawai")
        verbose_name_plural = _("ringkasan JP pegawai")
        constraints = [
            models.UniqueConstraint(fields=["jp_year", "employee"], name="jp_summary_one_per_employee"),
        ]
        indexes = [
            # The list of those below target, lowest JP first (selectors.compliance.below_target).
            models.Index(fields=["jp_year", "jp", "id"], condition=Q(met=False), name="jp_summary_below_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.jp_year_id}: {self.jp}/{self.target}"


class JpUnitSummary(models.Model):
    """A unit's JP compliance of a year over its whole subtree, per kind (written by the recompute)."""

    jp_year = models.ForeignKey(JpYear, on_delete=models.CASCADE, related_name="unit_summaries")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    pns = models.PositiveIntegerField(default=0)
    pns_met = models.PositiveIntegerField(default=0)
    pppk = models.PositiveIntegerField(default=0)
    pppk_met = models.PositiveIntegerField(default=0)
    jp_total = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["jp_year", "unit"]
        verbose_name = _("ringkasan JP unit")
        verbose_name_plural = _("ringkasan JP unit")
        constraints = [
            models.UniqueConstraint(fields=["jp_year", "unit"], name="jp_unit_summary_one_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.jp_year_id}"


# --- Study assignments -------------------------------------------------------------------------------------
# Tugas belajar and izin belajar (issue 14 item 5): the employee's request, the atasan's
# recommendation, HR's decision (with its decree), the semester reports, the completion and the
# service obligation (ikatan dinas) afterwards. The working state is the employees app's: written
# through employees.services.records.employee_update, never here.
STUDY_TEXT_MAX = 2000
GPA_MAX = 4
CREDITS_MAX = 60
SEMESTER_MAX = 20


def study_file_path(instance: models.Model, filename: str) -> str:
    # Our own name: the uploader's file name is kept as metadata only.
    return f"training/study/{uuid.uuid4().hex}"


class StudyAssignment(models.Model):
    """An employee's tugas belajar or izin belajar, from the request to the end of the study."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="study_assignments")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="study_assignments")
    kind = models.CharField(_("jenis"), max_length=16, choices=StudyKind.choices)
    level = models.CharField(_("jenjang"), max_length=12, choices=StudyLevel.choices)
    study_programme = models.CharField(_("program studi"), max_length=200)
    institution = models.CharField(_("perguruan tinggi"), max_length=200)
    country = models.CharField(_("dalam/luar negeri"), max_length=16, choices=StudyCountry.choices)
    country_name = models.CharField(_("negara"), max_length=100, blank=True)
    funding = models.CharField(_("sumber biaya"), max_length=12, choices=StudyFunding.choices)
    funding_note = models.CharField(_("keterangan biaya"), max_length=200, blank=True)
    start_date = models.DateField(_("rencana mulai"))
    end_date = models.DateField(_("rencana selesai"))
    acceptance_letter = models.FileField(storage=private_storage, upload_to=study_file_path, max_length=200)
    acceptance_letter_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(
        _("status"), max_length=16, choices=StudyState.choices, default=StudyState.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    # The atasan langsung named when the request is sent (None: nobody above, HR decides directly).
    approver = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="study_recommendations"
    )
    recommended = models.BooleanField(_("direkomendasikan"), null=True, blank=True)
    recommendation_reason = models.TextField(_("alasan rekomendasi"), blank=True)
    recommended_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decree_number = models.CharField(_("nomor keputusan"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    # Set with each semester report; the overdue filter of HR's list reads it.
    next_report_due = models.DateField(_("laporan berikutnya paling lambat"), null=True, blank=True)
    graduation_date = models.DateField(_("tanggal lulus"), null=True, blank=True)
    diploma = models.FileField(storage=private_storage, upload_to=study_file_path, max_length=200, blank=True)
    diploma_name = models.CharField(max_length=255, blank=True)
    obligation_end = models.DateField(_("ikatan dinas sampai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "pk"]
        verbose_name = _("tugas/izin belajar")
        verbose_name_plural = _("tugas/izin belajar")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(state__in=sorted(ACTIVE_STUDY_STATES)),
                name="training_one_active_study",
                violation_error_message=_("Pegawai ini sedang mengajukan atau menjalani tugas/izin belajar."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="training_study_dates_in_order",
                violation_error_message=_("Rencana selesai harus sesudah rencana mulai."),
            ),
        ]
        indexes = [
            # The atasan's queue: requests waiting for this approver.
            models.Index(fields=["approver", "state"], name="training_study_approver_idx"),
            # HR's list of an agency by state, newest first.
            models.Index(fields=["instansi", "state", "requested_at"], name="training_study_hr_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.get_kind_display()} {self.level} {self.institution}"

    def get_absolute_url(self) -> str:
        return reverse("training:study_detail", args=[self.pk])

    @property
    def is_tugas_belajar(self) -> bool:
        return self.kind == StudyKind.TUGAS_BELAJAR


class StudyReport(models.Model):
    """A semester's progress report of a study assignment: its GPA, credits and transcript."""

    assignment = models.ForeignKey(StudyAssignment, on_delete=models.CASCADE, related_name="reports")
    semester = models.PositiveSmallIntegerField(
        _("semester ke"), validators=[MinValueValidator(1), MaxValueValidator(SEMESTER_MAX)]
    )
    gpa = models.DecimalField(
        _("IPK"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(GPA_MAX)],
    )
    credits = models.PositiveSmallIntegerField(
        _("SKS semester ini"), validators=[MaxValueValidator(CREDITS_MAX)]
    )
    transcript = models.FileField(storage=private_storage, upload_to=study_file_path, max_length=200)
    transcript_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assignment", "semester"]
        verbose_name = _("laporan kemajuan studi")
        verbose_name_plural = _("laporan kemajuan studi")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "semester"],
                name="training_study_report_once",
                violation_error_message=_("Laporan semester ini sudah dikirim."),
            ),
            models.CheckConstraint(
                condition=Q(gpa__gte=0) & Q(gpa__lte=GPA_MAX),
                name="training_study_gpa_in_range",
                violation_error_message=_("IPK harus antara 0 dan 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: semester {self.semester}"


# --- External learning -----------------------------------------------------------------------------------
# A course, seminar or e-learning an employee took elsewhere (issue 14 item 4): recorded by the
# employee with its certificate, verified by HR of the employee's agency; only a verified one is
# written to the riwayat diklat (employees.services.histories.training_record_save), so its JP counts.


def external_certificate_path(instance: ExternalLearning, filename: str) -> str:
    return f"training/external/{instance.employee_id}/{uuid.uuid4().hex}"


class ExternalLearning(models.Model):
    """Learning taken outside the catalogue, with its certificate, waiting for or past HR's check."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="external_learning")
    title = models.CharField(_("nama kegiatan"), max_length=200)
    kind = models.CharField(_("jenis kompetensi"), max_length=16, choices=ProgrammeKind.choices)
    form = models.CharField(_("bentuk"), max_length=12, choices=ProgrammeForm.choices)
    organiser = models.CharField(_("penyelenggara"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(
        _("jumlah JP"), validators=[MinValueValidator(1), MaxValueValidator(JP_MAX)]
    )
    certificate = models.FileField(
        storage=private_storage, upload_to=external_certificate_path, max_length=200
    )
    certificate_name = models.CharField(max_length=255, blank=True)
    certificate_type = models.CharField(max_length=100, blank=True)
    certificate_extension = models.CharField(max_length=10, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=ExternalState.choices, default=ExternalState.PENDING
    )
    submitted_at = models.DateTimeField(_("dicatat pada"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_note = models.TextField(_("alasan penolakan"), blank=True)
    history = HistoricalRecords(excluded_fields=["certificate"])

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("pembelajaran mandiri")
        verbose_name_plural = _("pembelajaran mandiri")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="training_external_dates_in_order",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(condition=Q(jp__gte=1), name="training_external_jp_positive"),
        ]
        indexes = [
            # HR's queue: what waits in an agency, oldest first (joined through the employee's unit).
            models.Index(fields=["state", "submitted_at"], name="training_ext_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:external_detail", args=[self.pk])

    @property
    def source_ref(self) -> str:
        """The key of the riwayat diklat row a verified record writes (TrainingHistory.source_ref)."""
        return f"training:external:{self.pk}"


# --- Evaluation ------------------------------------------------------------------------------------------
# After a programme (issue 14 item 8): each completed participant's reaction (four 1–5 ratings and a
# comment, editable until rules.evaluation.feedback_closes) and, from rules.evaluation.APPLIED_DELAY_MONTHS
# after the end, the atasan's evaluation of applied learning (a 1–5 rating and a comment, once).

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


def _rating_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5}),
        name=f"training_rating_{field}_1_5",
        violation_error_message=_("Nilai harus antara 1 dan 5."),
    )


class ReactionFeedback(models.Model):
    """A participant's reaction to a programme they completed: one per enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    content = models.PositiveSmallIntegerField(_("materi"), validators=RATING_VALIDATORS)
    trainer = models.PositiveSmallIntegerField(_("pengajar/fasilitator"), validators=RATING_VALIDATORS)
    organisation = models.PositiveSmallIntegerField(_("penyelenggaraan"), validators=RATING_VALIDATORS)
    usefulness = models.PositiveSmallIntegerField(_("manfaat bagi pekerjaan"), validators=RATING_VALIDATORS)
    comment = models.TextField(_("komentar"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("umpan balik peserta")
        verbose_name_plural = _("umpan balik peserta")
        constraints = [
            _rating_check("content"),
            _rating_check("trainer"),
            _rating_check("organisation"),
            _rating_check("usefulness"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.content}/{self.trainer}/{self.organisation}/{self.usefulness}"


class AppliedEvaluation(models.Model):
    """The atasan's evaluation of how the participant applies what they learnt: one per enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="applied_evaluation")
    evaluator = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("penerapan hasil pembelajaran"), validators=RATING_VALIDATORS)
    comment = models.TextField(_("komentar"))
    submitted_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("evaluasi penerapan")
        verbose_name_plural = _("evaluasi penerapan")
        constraints = [_rating_check("rating")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.rating}"


# --- Training needs ----------------------------------------------------------------------------------------
# Issue 14 item 7: needs proposed by employees and heads, and those taken from the performance app's
# coaching plans (their training need; services.needs.needs_import_coaching). HR aggregates them per
# competency and unit and turns one into a nomination; the need is "terpenuhi" once that enrolment is
# completed (read from the enrolment, never stored twice).

NEED_YEAR_MIN, NEED_YEAR_MAX = 2000, 2100


class TrainingNeed(models.Model):
    """A competency an employee needs to develop in a year: proposed by them, their head, or taken
    from a coaching plan; HR may answer it with a nomination."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="training_needs")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="training_needs")
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("kompetensi"),
    )
    description = models.CharField(_("kebutuhan pelatihan"), max_length=300, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    priority = models.CharField(
        _("prioritas"), max_length=8, choices=NeedPriority.choices, default=NeedPriority.MEDIUM
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(NEED_YEAR_MIN), MaxValueValidator(NEED_YEAR_MAX)]
    )
    source = models.CharField(_("sumber"), max_length=10, choices=NeedSource.choices)
    # The coaching plan this need was taken from (performance app); one need per plan.
    coaching_plan = models.OneToOneField(
        "performance.CoachingPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The nomination HR made for it (the need is met when this enrolment is completed).
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="needs"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kebutuhan pelatihan")
        verbose_name_plural = _("kebutuhan pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(competency__isnull=False) | ~Q(description=""),
                name="training_need_says_what",
                violation_error_message=_("Pilih kompetensi atau tuliskan kebutuhan pelatihannya."),
            ),
        ]
        indexes = [
            # HR's aggregation: an agency's needs of a year, per competency.
            models.Index(fields=["instansi", "year", "competency"], name="training_need_agg_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} – {self.competency or self.description}"

    def get_absolute_url(self) -> str:
        return reverse("training:need_detail", args=[self.pk])


# --- Budget --------------------------------------------------------------------------------------------------
# Issue 14 item 9: the allocation per budget line (mata anggaran) per agency and year, and the actual
# spending per programme. Committed and planned amounts are computed (selectors.budget), never stored.

AMOUNT_MAX = 10_000_000_000_000  # 10^13 rupiah: more is a typing error


class BudgetLine(models.Model):
    """The allocation (pagu) of a budget line (mata anggaran) of an agency in a year."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="training_budget_lines")
    year = models.PositiveSmallIntegerField(
        _("tahun anggaran"), validators=[MinValueValidator(NEED_YEAR_MIN), MaxValueValidator(NEED_YEAR_MAX)]
    )
    code = models.CharField(_("mata anggaran"), max_length=100)
    name = models.CharField(_("uraian"), max_length=200, blank=True)
    allocated = models.PositiveBigIntegerField(_("pagu (Rp)"), validators=[MaxValueValidator(AMOUNT_MAX)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "year", "code"]
        verbose_name = _("mata anggaran pelatihan")
        verbose_name_plural = _("mata anggaran pelatihan")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "year", "code"],
                name="training_budget_line_unique",
                violation_error_message=_("Mata anggaran ini sudah tercatat untuk tahun itu."),
            ),
            models.CheckConstraint(
                condition=Q(allocated__lte=AMOUNT_MAX), name="training_budget_line_allocated_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.year})"


class Spending(models.Model):
    """An actual expense of a programme (realisasi): date, amount in rupiah and a note."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="spendings")
    date = models.DateField(_("tanggal"))
    amount = models.PositiveBigIntegerField(
        _("jumlah (Rp)"), validators=[MinValueValidator(1), MaxValueValidator(AMOUNT_MAX)]
    )
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("realisasi belanja pelatihan")
        verbose_name_plural = _("realisasi belanja pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1) & Q(amount__lte=AMOUNT_MAX),
                name="training_spending_amount_bounded",
                violation_error_message=_("Jumlah belanja harus antara Rp1 dan Rp10.000.000.000.000."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.date}: {self.amount}"
