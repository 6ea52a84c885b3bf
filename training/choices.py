"""The choices of the training app (domain.md §8), with their Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    """The competency a programme develops (PP 11/2017 as amended by PP 17/2020, Pasal 203)."""

    TEKNIS = "teknis", _("Teknis")
    MANAJERIAL = "manajerial", _("Manajerial")
    SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")


class ProgrammeForm(models.TextChoices):
    """How the learning happens: classical (in a class) or non-classical (rules.CLASSICAL_FORMS)."""

    PELATIHAN = "pelatihan", _("Pelatihan")
    WORKSHOP = "workshop", _("Lokakarya (workshop)")
    SEMINAR = "seminar", _("Seminar")
    KURSUS = "kursus", _("Kursus")
    E_LEARNING = "e_learning", _("E-learning")
    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")
    MAGANG = "magang", _("Magang")


class OrganiserKind(models.TextChoices):
    BPSDM = "bpsdm", _("BPSDM")
    UNIVERSITAS = "universitas", _("Perguruan tinggi")
    UNIT_INTERNAL = "unit_internal", _("Unit internal")
    MITRA = "mitra", _("Lembaga mitra")


class PartnerKind(models.TextChoices):
    UNIVERSITAS = "universitas", _("Perguruan tinggi")
    BPSDM = "bpsdm", _("BPSDM / lembaga diklat pemerintah")
    LEMBAGA = "lembaga", _("Lembaga pelatihan swasta")
    LAINNYA = "lainnya", _("Lainnya")


class ProgrammeState(models.TextChoices):
    DRAFT = "draf", _("Draf")
    OPEN = "dibuka", _("Pendaftaran dibuka")
    CLOSED = "ditutup", _("Pendaftaran ditutup")
    FINISHED = "selesai", _("Selesai")
    CANCELLED = "dibatalkan", _("Dibatalkan")


class EnrolmentState(models.TextChoices):
    REQUESTED = "diajukan", _("Menunggu persetujuan atasan")
    APPROVED = "disetujui", _("Menunggu konfirmasi kepegawaian")
    CONFIRMED = "dikonfirmasi", _("Terdaftar")
    WAITLISTED = "daftar_tunggu", _("Daftar tunggu")
    REJECTED = "ditolak", _("Ditolak")
    CANCELLED = "dibatalkan", _("Dibatalkan")
    COMPLETED = "selesai", _("Selesai")


class EnrolmentAction(models.TextChoices):
    REQUEST = "ajukan", _("Mengajukan")
    NOMINATE = "usulkan", _("Mengusulkan")
    APPROVE = "setujui", _("Menyetujui")
    REJECT = "tolak", _("Menolak")
    CONFIRM = "konfirmasi", _("Mengonfirmasi")
    WAITLIST = "tunggu", _("Memasukkan ke daftar tunggu")
    PROMOTE = "naikkan", _("Menaikkan dari daftar tunggu")
    CANCEL = "batalkan", _("Membatalkan")
    COMPLETE = "selesaikan", _("Menyelesaikan")


class EnrolmentOrigin(models.TextChoices):
    SELF = "mandiri", _("Permintaan sendiri")
    HEAD = "atasan", _("Usulan atasan")
    HR = "kepegawaian", _("Usulan kepegawaian")


class CompletionResult(models.TextChoices):
    PASSED = "lulus", _("Lulus")
    FAILED = "tidak_lulus", _("Tidak lulus")


# --- Study assignments (tugas belajar and izin belajar) -----------------------------------------------------
class StudyKind(models.TextChoices):
    """Tugas belajar: the agency sends the employee to study (their working state becomes tugas
    belajar); izin belajar: they study beside their duties (the working state stays aktif)."""

    TUGAS_BELAJAR = "tugas_belajar", _("Tugas belajar")
    IZIN_BELAJAR = "izin_belajar", _("Izin belajar")


class StudyLevel(models.TextChoices):
    D3 = "D-III", _("D-III")
    D4 = "D-IV", _("D-IV")
    S1 = "S-1", _("S-1")
    PROFESI = "profesi", _("Pendidikan profesi")
    SPESIALIS = "spesialis", _("Spesialis")
    S2 = "S-2", _("S-2")
    S3 = "S-3", _("S-3")


class StudyCountry(models.TextChoices):
    DALAM_NEGERI = "dalam_negeri", _("Dalam negeri")
    LUAR_NEGERI = "luar_negeri", _("Luar negeri")


class StudyFunding(models.TextChoices):
    APBD = "apbd", _("APBD (instansi)")
    APBN = "apbn", _("APBN / kementerian")
    BEASISWA = "beasiswa", _("Beasiswa pihak lain")
    MANDIRI = "mandiri", _("Biaya sendiri")


class StudyState(models.TextChoices):
    REQUESTED = "diajukan", _("Menunggu rekomendasi atasan")
    RECOMMENDED = "direkomendasikan", _("Menunggu keputusan kepegawaian")
    REJECTED = "ditolak", _("Ditolak")
    WITHDRAWN = "ditarik", _("Ditarik pegawai")
    ONGOING = "berjalan", _("Sedang belajar")
    COMPLETED = "selesai", _("Selesai")


# --- External learning (issue 14 item 4) -----------------------------------------------------------------
class ExternalState(models.TextChoices):
    """A course or learning taken elsewhere, recorded by the employee and verified by HR."""

    PENDING = "menunggu", _("Menunggu verifikasi")
    VERIFIED = "diverifikasi", _("Diverifikasi")
    REJECTED = "ditolak", _("Ditolak")
    WITHDRAWN = "ditarik", _("Ditarik")


# --- Training needs ---
class NeedSource(models.TextChoices):
    """Where a training need comes from."""

    EMPLOYEE = "pegawai", _("Usulan pegawai")
    HEAD = "atasan", _("Usulan atasan")
    COACHING = "pembinaan", _("Rencana pembinaan")


class NeedPriority(models.TextChoices):
    HIGH = "tinggi", _("Tinggi")
    MEDIUM = "sedang", _("Sedang")
    LOW = "rendah", _("Rendah")


class NeedStatus(models.TextChoices):
    """Derived from the need's nomination (training.rules.needs.need_status), never stored."""

    OPEN = "terbuka", _("Belum ditindaklanjuti")
    NOMINATED = "diusulkan", _("Sudah diusulkan")
    MET = "terpenuhi", _("Terpenuhi")
