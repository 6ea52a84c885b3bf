"""The attendance app's choices (Indonesian labels), domain.md §10."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScheduleKind(models.TextChoices):
    NORMAL = "normal", _("Normal (5 hari kerja)")
    RAMADAN = "ramadan", _("Ramadan")
    SIX_DAY = "enam_hari", _("6 hari kerja")
    SHIFT = "shift", _("Shift")


class PresenceKind(models.TextChoices):
    IN = "in", pgettext_lazy("presensi", "Masuk")
    OUT = "out", pgettext_lazy("presensi", "Pulang")


class PresenceSource(models.TextChoices):
    BROWSER = "browser", _("Peramban")
    DEVICE = "device", _("Mesin presensi")
    IMPORT = "import", _("Impor berkas")
    # Written when the atasan approves a correction of the day (attendance.models.Correction).
    KOREKSI = "koreksi", _("Koreksi presensi")


class DayStatus(models.TextChoices):
    HADIR = "hadir", _("Hadir")
    TERLAMBAT = "terlambat", pgettext_lazy("presensi", "Terlambat")
    PULANG_CEPAT = "pulang_cepat", _("Pulang cepat")
    TANPA_KETERANGAN = "tk", _("Tanpa keterangan")
    CUTI = "cuti", _("Cuti")
    DINAS_LUAR = "dinas_luar", _("Dinas luar")
    PELATIHAN = "pelatihan", _("Pelatihan")
    SAKIT = "sakit", _("Sakit")
    LIBUR = "libur", _("Libur")
    # A working day under a flexible-work arrangement (PermenPANRB 4/2025) with presensi recorded.
    WFA = "wfa", _("WFA/fleksibel")


class BandKind(models.TextChoices):
    TL = "tl", _("Terlambat (TL)")
    PSW = "psw", _("Pulang sebelum waktunya (PSW)")


class Sanction(models.TextChoices):
    """The PP 94/2021 sanction a cumulative count of unexcused absence points at (never imposed by
    the system: it flags the threshold for HR, domain.md §10)."""

    TEGURAN_LISAN = "teguran_lisan", _("Teguran lisan")
    TEGURAN_TERTULIS = "teguran_tertulis", _("Teguran tertulis")
    TIDAK_PUAS = "tidak_puas", _("Pernyataan tidak puas secara tertulis")
    POTONG_TUKIN_6 = "potong_6", _("Pemotongan tunjangan kinerja 25% selama 6 bulan")
    POTONG_TUKIN_9 = "potong_9", _("Pemotongan tunjangan kinerja 25% selama 9 bulan")
    POTONG_TUKIN_12 = "potong_12", _("Pemotongan tunjangan kinerja 25% selama 12 bulan")
    PENURUNAN_JABATAN = "penurunan_jabatan", _("Penurunan jabatan setingkat lebih rendah selama 12 bulan")
    PEMBEBASAN_JABATAN = "pembebasan_jabatan", _("Pembebasan dari jabatannya menjadi jabatan pelaksana")
    PEMBERHENTIAN = "pemberhentian", _("Pemberhentian dengan hormat tidak atas permintaan sendiri")


class DisciplineKind(models.TextChoices):
    """How a PP 94/2021 threshold of unexcused absence was reached (domain.md §10)."""

    CUMULATIVE = "kumulatif", _("Kumulatif dalam setahun")
    CONSECUTIVE = "berturut", _("Berturut-turut")


class CorrectionKind(models.TextChoices):
    LUPA_MASUK = "lupa_masuk", _("Lupa presensi masuk")
    LUPA_PULANG = "lupa_pulang", _("Lupa presensi pulang")
    MESIN_RUSAK = "mesin_rusak", _("Mesin presensi rusak")
    DINAS_LUAR = "dinas_luar", _("Dinas luar")
    LAINNYA = "lainnya", _("Lainnya")


class CorrectionState(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


class FlexibleMode(models.TextChoices):
    """What a flexible-work arrangement frees (PermenPANRB 4/2025; docs/domain-notes.md)."""

    LOKASI = "lokasi", _("Fleksibel lokasi (WFA)")
    WAKTU = "waktu", _("Fleksibel waktu")
    LOKASI_WAKTU = "lokasi_waktu", _("Fleksibel lokasi dan waktu")


# The modes that free the check-in's location, and those that free the day's start and end.
FLEXIBLE_LOCATION = (FlexibleMode.LOKASI.value, FlexibleMode.LOKASI_WAKTU.value)
FLEXIBLE_HOURS = (FlexibleMode.WAKTU.value, FlexibleMode.LOKASI_WAKTU.value)
