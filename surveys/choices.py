"""The fixed vocabularies of the citizens' satisfaction survey (SKM, PermenPANRB 14/2017)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unsur(models.TextChoices):
    """The 9 unsur of PermenPANRB 14/2017 with explicit codes (portals differ in the order of U8/U9)."""

    U1 = "U1", _("Persyaratan")
    U2 = "U2", _("Sistem, Mekanisme, dan Prosedur")
    U3 = "U3", _("Waktu Penyelesaian")
    U4 = "U4", _("Biaya/Tarif")
    U5 = "U5", _("Produk Spesifikasi Jenis Pelayanan")
    U6 = "U6", _("Kompetensi Pelaksana")
    U7 = "U7", _("Perilaku Pelaksana")
    U8 = "U8", _("Penanganan Pengaduan, Saran dan Masukan")
    U9 = "U9", _("Sarana dan Prasarana")


class ServiceUnitKind(models.TextChoices):
    DINAS = "dinas", _("Loket dinas")
    PUSKESMAS = "puskesmas", _("Puskesmas / rumah sakit")
    KECAMATAN = "kecamatan", _("Kantor kecamatan / kelurahan")
    MPP = "mpp", _("Mal Pelayanan Publik")
    LAINNYA = "lainnya", _("Lainnya")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Tahunan")
    SEMESTER = "semester", _("Semester")
    QUARTER = "quarter", _("Triwulan")
    RANGE = "range", _("Rentang tanggal")


class PeriodState(models.TextChoices):
    DRAFT = "draft", _("Belum dibuka")
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class Weighting(models.TextChoices):
    """The weight of each unsur in the IKM: exact 1/9 (domain §9), or a rounded weight old reports used."""

    EXACT = "exact", _("1/9 (tepat)")
    W0111 = "0.111", _("0,111 (laporan lama)")
    W011 = "0.11", _("0,11 (laporan lama)")


class QuestionKind(models.TextChoices):
    """Extra questions an instansi adds; they never enter the IKM."""

    SCALE = "scale", _("Skala 1–4")
    CHOICE = "choice", _("Pilihan")
    TEXT = "text", _("Isian bebas")


class Sex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class FollowUpState(models.TextChoices):
    NEW = "new", _("Baru")
    ASSIGNED = "assigned", _("Ditugaskan")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Selesai")


class Mutu(models.TextChoices):
    A = "A", _("Sangat Baik")
    B = "B", _("Baik")
    C = "C", _("Kurang Baik")
    D = "D", _("Tidak Baik")
