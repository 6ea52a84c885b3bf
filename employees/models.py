"""The personnel record. This is the minimal record of the foundation; the histories extend it."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import UnitKerja

from .querysets import EmployeeQuerySet
from .rules import PNS_RANKS, PPPK_GRADES, format_nip


class EmployeeKind(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


# PNS golongan/ruang with the pangkat name, then PPPK golongan I-XVII (stored as "PPPK-IX").
GOLONGAN_CHOICES: list[tuple[str, str]] = [(code, f"{code} – {name}") for code, name in PNS_RANKS] + [
    (f"PPPK-{g}", f"PPPK {g}") for g in PPPK_GRADES
]


class EmploymentStatus(models.TextChoices):
    CPNS = "CPNS", _("CPNS")
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    KRISTEN = "kristen", _("Kristen")
    KATOLIK = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHA = "buddha", _("Buddha")
    KHONGHUCU = "khonghucu", _("Khonghucu")
    KEPERCAYAAN = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")


class MaritalStatus(models.TextChoices):
    BELUM_KAWIN = "belum_kawin", _("Belum kawin")
    KAWIN = "kawin", _("Kawin")
    CERAI_HIDUP = "cerai_hidup", _("Cerai hidup")
    CERAI_MATI = "cerai_mati", _("Cerai mati")


class Education(models.TextChoices):
    """Highest education, in order (PermenPANRB 72/2020 uses these levels for PPPK minima)."""

    SD = "SD", _("SD")
    SMP = "SMP", _("SMP")
    SLTA = "SLTA", _("SLTA/sederajat")
    D1 = "D-I", _("D-I")
    D2 = "D-II", _("D-II")
    D3 = "D-III", _("D-III")
    D4 = "D-IV", _("D-IV")
    S1 = "S-1", _("S-1")
    S2 = "S-2", _("S-2")
    S3 = "S-3", _("S-3")


class WorkingState(models.TextChoices):
    AKTIF = "aktif", _("Aktif")
    CLTN = "cltn", _("Cuti di luar tanggungan negara")
    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
    PINDAH = "pindah", _("Pindah instansi")
    PENSIUN = "pensiun", _("Pensiun")
    MENINGGAL = "meninggal", _("Meninggal dunia")
    DIBERHENTIKAN = "diberhentikan", _("Diberhentikan")


class PositionLevel(models.TextChoices):
    """Jenjang of a functional position, or the Pelaksana group (PermenPANRB 45/2022)."""

    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
    PEMULA = "pemula", _("Pemula")
    TERAMPIL = "terampil", _("Terampil")
    MAHIR = "mahir", _("Mahir")
    PENYELIA = "penyelia", _("Penyelia")
    KLEREK = "klerek", _("Klerek")
    OPERATOR = "operator", _("Operator")
    TEKNISI = "teknisi", _("Teknisi")


class Eselon(models.TextChoices):
    """Legacy eselon (domain.md §4: the mapping to JPT/administrator/pengawas is Unsure)."""

    I = "I", _("Eselon I")  # noqa: E741
    II = "II", _("Eselon II")
    III = "III", _("Eselon III")
    IV = "IV", _("Eselon IV")
    V = "V", _("Eselon V")


class PositionKind(models.TextChoices):
    """Kinds of jabatan per UU 20/2023 (domain.md §4)."""

    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


class Employee(models.Model):
    """A civil servant (PNS or PPPK) of one agency, placed in one work unit."""

    nip = models.CharField(_("NIP/NI PPPK"), max_length=18, unique=True)
    nip_lama = models.CharField(_("NIP lama"), max_length=9, blank=True)
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
    position_name = models.CharField(_("nama jabatan"), max_length=200)
    position_kind = models.CharField(_("jenis jabatan"), max_length=16, choices=PositionKind.choices)
    golongan = models.CharField(_("golongan"), max_length=10, choices=GOLONGAN_CHOICES)
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
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    position_level = models.CharField(
        _("jenjang jabatan"), max_length=16, choices=PositionLevel.choices, blank=True
    )
    eselon = models.CharField(_("eselon (lama)"), max_length=3, choices=Eselon.choices, blank=True)
    education = models.CharField(
        _("pendidikan terakhir"), max_length=5, choices=Education.choices, blank=True
    )
    working_state = models.CharField(
        _("keadaan kepegawaian"), max_length=16, choices=WorkingState.choices, default=WorkingState.AKTIF
    )
    history = HistoricalRecords()

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


class PrivateStorage(FileSystemStorage):
    """Files with no public URL: they are served only through a view that checks access."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("private files have no URL; link to the document view")


def private_storage() -> FileSystemStorage:
    return PrivateStorage(location=settings.MEDIA_ROOT / "private")


def document_path(instance: "Document", filename: str) -> str:
    # Our own name: the uploader's file name is kept as metadata only.
    return f"documents/{instance.employee_id}/{uuid.uuid4().hex}.{instance.extension}"


class DocumentKind(models.TextChoices):
    SK_CPNS = "sk_cpns", _("SK CPNS")
    SK_PNS = "sk_pns", _("SK PNS")
    SK_PPPK = "sk_pppk", _("Perjanjian kerja PPPK")
    SK_PANGKAT = "sk_pangkat", _("SK kenaikan pangkat")
    SK_JABATAN = "sk_jabatan", _("SK jabatan")
    IJAZAH = "ijazah", _("Ijazah dan transkrip")
    SERTIFIKAT = "sertifikat", _("Sertifikat diklat")
    KTP = "ktp", _("KTP")
    KK = "kk", _("Kartu keluarga")
    LAINNYA = "lainnya", _("Lainnya")


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
