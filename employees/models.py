"""The personnel record. This is the minimal record of the foundation; the histories extend it."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import files as core_files
from core.models import Instansi, UnitKerja

from .choices import (
    GOLONGAN_CHOICES,
    AwardKind,
    CorrectionStatus,
    DisciplineLevel,
    DisciplineType,
    DocumentKind,
    Education,
    EmployeeKind,
    EmploymentStatus,
    Eselon,
    FamilyRelation,
    Gender,
    MaritalStatus,
    OfficialKind,
    PositionKind,
    PositionLevel,
    Religion,
    TrainingCategory,
    WorkingState,
)
from .querysets import EmployeeQuerySet, golongan_seniority
from .rules.career import DISCIPLINE_LEVEL
from .rules.nip import NIP_LAMA_PATTERN, format_nip

# The sensitive fields of the record under UU 27/2022 (with the family and discipline histories):
# shown on their own logged page, to the employee and HR only.
SENSITIVE_FIELDS = ("nik", "religion", "marital_status")


class Employee(models.Model):
    """A civil servant (PNS or PPPK) of one agency, placed in one work unit."""

    nip = models.CharField(_("NIP/NI PPPK"), max_length=18, unique=True)
    nip_lama = models.CharField(
        _("NIP lama"),
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(
                NIP_LAMA_PATTERN, _("NIP lama harus terdiri atas tepat 9 angka, tanpa huruf atau tanda lain.")
            )
        ],
    )
    kind = models.CharField(_("jenis ASN"), max_length=4, choices=EmployeeKind.choices, editable=False)
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=30, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    nip_mismatch_confirmed = models.BooleanField(
        _("perbedaan dengan NIP sudah diperiksa"),
        default=False,
        help_text=_("Centang bila tanggal lahir atau jenis kelamin memang berbeda dengan NIP (koreksi BKN)."),
    )
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit kerja")
    )
    is_unit_head = models.BooleanField(
        _("kepala unit"), default=False, help_text=_("Pemegang jabatan kepala unit kerja ini.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("akun pengguna"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    # The full record (domain.md §2-§4). Sensitive under UU 27/2022: nik, religion (and family).
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{16}$", _("NIK harus terdiri atas tepat 16 angka."))],
    )
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    religion = models.CharField(_("agama"), max_length=12, choices=Religion.choices, blank=True)
    marital_status = models.CharField(
        _("status perkawinan"), max_length=12, choices=MaritalStatus.choices, blank=True
    )
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(
        _("nomor telepon"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9]{8,15}$", _("Nomor telepon 8–15 angka, boleh diawali +."))],
    )
    email = models.EmailField(_("surel"), blank=True)
    employment_status = models.CharField(
        _("status kepegawaian"), max_length=4, choices=EmploymentStatus.choices, blank=True
    )
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    tmt_pppk = models.DateField(_("TMT PPPK"), null=True, blank=True)
    education = models.CharField(
        _("pendidikan terakhir"), max_length=5, choices=Education.choices, blank=True
    )
    working_state = models.CharField(
        _("keadaan kepegawaian"), max_length=16, choices=WorkingState.choices, default=WorkingState.AKTIF
    )
    # The current rank and position ARE the latest rows of their histories (by TMT): these point at
    # them and are set only by services.refresh_current(); no value is stored twice.
    current_rank = models.ForeignKey(
        "RankHistory", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    current_position = models.ForeignKey(
        "PositionHistory", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    # Where the KGB cycle of the current rank starts (rules.career.kgb_dates): the month index
    # (core.functions) of its first KGB after the rank's TMT, for the parity of the first rank, and
    # the day of the TMT. Derived from the rank history by services.refresh_current() alone, like the
    # pointers above, so that the KGB report finds its rows without reading every rank row
    # (employees.selectors.career.kgb_due). Empty without a rank row.
    kgb_first_month = models.IntegerField(null=True, blank=True, editable=False)
    kgb_day = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["current_rank", "current_position", "kgb_first_month", "kgb_day"]
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            # One head per unit: the atasan langsung of everyone in it.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(is_unit_head=True),
                name="one_head_per_unit",
                violation_error_message=_("Unit ini sudah memiliki kepala unit."),
            ),
        ]
        indexes = [
            # The employee list sorts by name within a scope.
            models.Index(fields=["name"], name="employee_name_idx"),
            # Who is in service in these units, from the index alone: the count of every list page of
            # an agency (its units, active employees) without reading the table (docs/benchmarks.md,
            # "Mixed HR workload").
            models.Index(
                fields=["unit"], condition=models.Q(is_active=True), name="employee_active_unit_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip})"

    def get_absolute_url(self) -> str:
        return reverse("employees:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        """Name with academic titles: `dr. Siti Aminah, M.Kes.`"""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    # Read-only views of the current rank and position (select_related them: with_current()).
    @property
    def golongan(self) -> str:
        return self.current_rank.golongan if self.current_rank else ""

    @property
    def golongan_display(self) -> str:
        return self.current_rank.get_golongan_display() if self.current_rank else ""

    @property
    def tmt_golongan(self):
        return self.current_rank.tmt if self.current_rank else None

    @property
    def position_name(self) -> str:
        return self.current_position.name if self.current_position else ""

    @property
    def position_kind(self) -> str:
        return self.current_position.kind if self.current_position else ""

    @property
    def position_kind_display(self) -> str:
        return self.current_position.get_kind_display() if self.current_position else ""

    @property
    def position_level(self) -> str:
        return self.current_position.level if self.current_position else ""

    @property
    def tmt_jabatan(self):
        return self.current_position.tmt if self.current_position else None


# The private storage is core's (exports use it too); migrations name employees.models.private_storage.
private_storage = core_files.private_storage


def document_path(instance: "Document", filename: str) -> str:
    # Our own name: the uploader's file name is kept as metadata only.
    return f"documents/{instance.employee_id}/{uuid.uuid4().hex}.{instance.extension}"


class SensitiveDataView(models.Model):
    """A log line: an HR officer opened the sensitive data of an employee (UU 27/2022)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="sensitive_views")
    fields = models.CharField(max_length=200)
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")
        # The log per employee, newest first.
        indexes = [models.Index(fields=["employee", "-viewed_at"], name="sensitive_view_employee_idx")]

    def __str__(self) -> str:
        return f"{self.viewer} → {self.employee_id} @ {self.viewed_at:%Y-%m-%d %H:%M}"


class Document(models.Model):
    """A scanned document of an employee (PDF, JPEG or PNG), stored privately."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("keterangan"), max_length=200, blank=True)
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        indexes = [
            # The employee page lists an employee's documents, newest first.
            models.Index(fields=["employee", "-uploaded_at"], name="document_employee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("employees:document_download", args=[self.pk])


# --- Histories (riwayat) ---------------------------------------------------------------------------
class DecreeRecord(models.Model):
    """A history row with its decree (SK) and an optional scan among the employee's documents."""

    sk_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    sk_signer = models.CharField(_("pejabat penanda tangan"), max_length=150, blank=True)
    scan = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pindaian"),
    )

    class Meta:
        abstract = True


class RankHistory(DecreeRecord):
    """Riwayat pangkat/golongan. The row with the latest TMT is the current rank."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="rank_history")
    golongan = models.CharField(_("golongan"), max_length=10, choices=GOLONGAN_CHOICES)
    tmt = models.DateField(_("TMT golongan"))
    mk_years = models.PositiveSmallIntegerField(_("masa kerja golongan (tahun)"), default=0)
    mk_months = models.PositiveSmallIntegerField(_("masa kerja golongan (bulan)"), default=0)
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["-tmt", "-pk"]
        verbose_name = _("riwayat pangkat")
        verbose_name_plural = _("riwayat pangkat")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tmt"],
                name="rank_history_one_per_tmt",
                violation_error_message=_("Sudah ada riwayat pangkat dengan TMT ini."),
            ),
            models.CheckConstraint(
                condition=models.Q(mk_months__lt=12),
                name="rank_history_mk_months_lt_12",
                violation_error_message=_("Masa kerja bulan harus antara 0 dan 11."),
            ),
        ]
        indexes = [
            # The DUK (reports.selectors.duk) orders by seniority then TMT: walking this index
            # yields its first page without sorting every employee of the agency (bench/duk.py).
            models.Index(golongan_seniority(), "tmt", name="rank_seniority_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.golongan} TMT {self.tmt:%d-%m-%Y}"


class PositionHistory(DecreeRecord):
    """Riwayat jabatan. The row with the latest TMT is the current position."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="position_history")
    name = models.CharField(_("nama jabatan"), max_length=200)
    kind = models.CharField(_("jenis jabatan"), max_length=16, choices=PositionKind.choices)
    level = models.CharField(_("jenjang jabatan"), max_length=16, choices=PositionLevel.choices, blank=True)
    eselon = models.CharField(_("eselon (lama)"), max_length=3, choices=Eselon.choices, blank=True)
    tmt = models.DateField(_("TMT jabatan"))
    unit_name = models.CharField(_("unit kerja (sesuai SK)"), max_length=200, blank=True)
    retirement_age = models.PositiveSmallIntegerField(
        _("BUP khusus jabatan"),
        null=True,
        blank=True,
        help_text=_("Isi hanya bila jabatan fungsional ini punya batas usia pensiun sendiri (mis. guru)."),
    )
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["-tmt", "-pk"]
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "tmt"],
                name="position_history_one_per_tmt",
                violation_error_message=_("Sudah ada riwayat jabatan dengan TMT ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} TMT {self.tmt:%d-%m-%Y}"


class EducationHistory(DecreeRecord):
    """Riwayat pendidikan: the SK fields hold the ijazah number, date and signer."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="education_history")
    level = models.CharField(_("jenjang"), max_length=5, choices=Education.choices)
    institution = models.CharField(_("nama sekolah/perguruan tinggi"), max_length=200)
    major = models.CharField(_("jurusan/program studi"), max_length=200, blank=True)
    graduation_date = models.DateField(_("tanggal lulus"))
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["-graduation_date", "-pk"]
        verbose_name = _("riwayat pendidikan")
        verbose_name_plural = _("riwayat pendidikan")

    def __str__(self) -> str:
        return f"{self.level} {self.institution}"


class TrainingHistory(DecreeRecord):
    """Riwayat diklat. Rows fed by the training app carry its key in `source_ref` (idempotent)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="training_history")
    name = models.CharField(_("nama diklat"), max_length=200)
    category = models.CharField(_("jenis diklat"), max_length=12, choices=TrainingCategory.choices)
    organiser = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    hours = models.PositiveSmallIntegerField(_("jumlah JP"), default=0)
    source_ref = models.CharField(max_length=60, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("riwayat diklat")
        verbose_name_plural = _("riwayat diklat")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="training_history_dates_in_order",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.UniqueConstraint(
                fields=["source_ref"], condition=~models.Q(source_ref=""), name="training_history_source_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AwardHistory(DecreeRecord):
    """Riwayat penghargaan (tanda jasa)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="award_history")
    kind = models.CharField(_("jenis penghargaan"), max_length=10, choices=AwardKind.choices)
    name = models.CharField(_("nama penghargaan"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("riwayat penghargaan")
        verbose_name_plural = _("riwayat penghargaan")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind"],
                condition=~models.Q(kind="lainnya"),
                name="award_satyalancana_once",
                violation_error_message=_("Satyalancana ini sudah tercatat untuk pegawai ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class DisciplineHistory(DecreeRecord):
    """Riwayat hukuman disiplin (sensitive: the employee and HR only)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="discipline_history")
    type = models.CharField(_("jenis hukuman"), max_length=16, choices=DisciplineType.choices)
    level = models.CharField(_("tingkat"), max_length=6, choices=DisciplineLevel.choices, editable=False)
    start_date = models.DateField(_("berlaku mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)
    reason = models.TextField(_("pelanggaran"), blank=True)
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("riwayat hukuman disiplin")
        verbose_name_plural = _("riwayat hukuman disiplin")

    def __str__(self) -> str:
        return self.get_type_display()

    def save(self, *args, **kwargs):
        self.level = DISCIPLINE_LEVEL[DisciplineType(self.type)]
        super().save(*args, **kwargs)


class FamilyMember(DecreeRecord):
    """Keluarga (sensitive). The SK fields hold the marriage or birth certificate."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("hubungan"), max_length=12, choices=FamilyRelation.choices)
    name = models.CharField(_("nama"), max_length=150)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{16}$", _("NIK harus terdiri atas tepat 16 angka."))],
    )
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    event_date = models.DateField(
        _("tanggal menikah/lahir"), null=True, blank=True, help_text=_("Untuk pasangan: tanggal menikah.")
    )
    receives_allowance = models.BooleanField(_("mendapat tunjangan"), default=False)
    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        ordering = ["relation", "birth_date", "pk"]
        verbose_name = _("anggota keluarga")
        verbose_name_plural = _("keluarga")

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.name}"


# --- Career reference data (versioned: domain.md says these rules have changed before) -------------
class RetirementAge(models.Model):
    """Batas usia pensiun (BUP) by position kind and level, valid for a period (domain.md §4).

    A blank level matches every level of the kind; a row with a level wins over a blank one.
    PositionHistory.retirement_age overrides this for one functional position (e.g. guru).
    """

    kind = models.CharField(_("jenis jabatan"), max_length=16, choices=PositionKind.choices)
    level = models.CharField(_("jenjang jabatan"), max_length=16, choices=PositionLevel.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("BUP (tahun)"))
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("dasar hukum"), max_length=200)

    class Meta:
        ordering = ["kind", "level", "-valid_from"]
        verbose_name = _("batas usia pensiun")
        verbose_name_plural = _("batas usia pensiun")
        constraints = [
            models.UniqueConstraint(fields=["kind", "level", "valid_from"], name="retirement_age_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.level} → {self.age}"


class PromotionCalendar(models.Model):
    """The months in which regular promotions (kenaikan pangkat) take effect, for a period."""

    months = models.CharField(
        _("bulan periode"), max_length=40, help_text=_("Nomor bulan dipisah koma, mis. 4,10.")
    )
    valid_from = models.DateField(_("berlaku mulai"), unique=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    source = models.CharField(_("dasar hukum"), max_length=200)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("kalender periode kenaikan pangkat")
        verbose_name_plural = _("kalender periode kenaikan pangkat")

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.months}"

    @property
    def month_numbers(self) -> list[int]:
        return sorted({int(m) for m in self.months.split(",") if m.strip()})


# --- Correction proposals (usulan perubahan data) ----------------------------------------------------
class CorrectionProposal(models.Model):
    """An employee's proposed correction of their own record; HR of the agency decides.

    `changes` holds only the changed fields: {"field": {"old": ..., "new": ...}}, dates as ISO
    strings. The row is kept for good (with its history) as the record of who decided what.
    """

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="correction_proposals", verbose_name=_("pegawai")
    )
    changes = models.JSONField(_("perubahan"))
    reason = models.TextField(_("alasan perubahan"))
    attachment = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lampiran"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.DIAJUKAN
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diajukan oleh")
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    conflict_confirmed = models.BooleanField(
        _("perbedaan dengan data terkini dikonfirmasi"), default=False, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("usulan perubahan data")
        verbose_name_plural = _("usulan perubahan data")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status="diajukan"),
                name="correction_one_pending_per_employee",
                violation_error_message=_("Masih ada usulan perubahan data yang menunggu keputusan."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ditolak") | ~models.Q(decision_note=""),
                name="correction_rejection_has_reason",
                violation_error_message=_("Alasan penolakan wajib diisi."),
            ),
        ]
        indexes = [
            # The HR queue: pending first, newest first; the employee's own list.
            models.Index(fields=["status", "-submitted_at"], name="correction_queue_idx"),
            models.Index(fields=["employee", "-submitted_at"], name="correction_employee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.get_status_display()} {self.submitted_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("employees:correction_detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == CorrectionStatus.DIAJUKAN


# --- The top of an agency and acting appraisers (who appraises whom, beside the unit heads) ----------


class InstansiOfficial(models.Model):
    """A post at the top of an agency, above its unit tree: the Sekretaris Daerah (pejabat penilai of
    the heads of the OPD) and the kepala daerah (PPK, pejabat penilai of the Sekda). The holder may
    have no employee record (a kepala daerah is elected, not an ASN): then only the name is kept."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.CASCADE, related_name="officials", verbose_name=_("instansi")
    )
    kind = models.CharField(_("jabatan"), max_length=16, choices=OfficialKind.choices)
    title = models.CharField(_("sebutan jabatan"), max_length=200, help_text=_("Mis. Wali Kota Sorong"))
    employee = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official_posts",
        verbose_name=_("pegawai pemegang jabatan"),
    )
    holder_name = models.CharField(
        _("nama pemegang jabatan"),
        max_length=150,
        blank=True,
        help_text=_("Untuk pejabat tanpa data pegawai (mis. kepala daerah)."),
    )
    is_acting = models.BooleanField(_("Plt/Pj"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instansi", "kind"]
        verbose_name = _("pejabat pimpinan instansi")
        verbose_name_plural = _("pejabat pimpinan instansi")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kind"], name="instansi_official_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.employee_id is not None:
            return self.employee.full_name  # type: ignore[union-attr]
        return self.holder_name or "–"


class ActingAppraiser(models.Model):
    """An employee HR names to appraise a unit's staff in the head's place: a Plt/Plh, a head who
    moved and left the post open, or a tree without a head. The unit's staff answer to them as they
    would to its head (employees.selectors.superiors)."""

    unit = models.OneToOneField(
        UnitKerja, on_delete=models.CASCADE, related_name="acting_appraiser", verbose_name=_("unit kerja")
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="acting_for_units", verbose_name=_("pejabat penilai")
    )
    reason = models.CharField(_("alasan"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("pejabat penilai pengganti")
        verbose_name_plural = _("pejabat penilai pengganti")

    def __str__(self) -> str:
        return f"{self.unit}: {self.employee}"
