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
