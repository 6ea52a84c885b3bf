"""The leave app's choices (Indonesian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeaveKind(models.TextChoices):
    """The kinds of leave of PP 11/2017 (PNS) and PP 49/2018 (PPPK), domain.md §6."""

    TAHUNAN = "tahunan", _("Cuti tahunan")
    BESAR = "besar", _("Cuti besar")
    SAKIT = "sakit", _("Cuti sakit")
    MELAHIRKAN = "melahirkan", _("Cuti melahirkan")
    ALASAN_PENTING = "alasan_penting", _("Cuti karena alasan penting")
    CLTN = "cltn", _("Cuti di luar tanggungan negara")


class DayOffKind(models.TextChoices):
    LIBUR_NASIONAL = "libur", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LIBUR_DAERAH = "daerah", _("Libur daerah")


class LengthUnit(models.TextChoices):
    """How a leave type's length is counted (domain.md §6 and §10)."""

    HARI_KERJA = "hari_kerja", _("hari kerja")
    HARI_KALENDER = "hari_kalender", _("hari kalender")
    BULAN = "bulan", _("bulan")


class EntryKind(models.TextChoices):
    """The kinds of row of the cuti tahunan ledger: the balance is their sum."""

    HAK = "hak", _("Hak cuti tahunan")
    HANGUS = "hangus", _("Sisa yang hangus (batas penangguhan)")
    PAKAI = "pakai", _("Cuti diambil")
    KEMBALI = "kembali", _("Dikembalikan (dibatalkan/tidak diberikan)")
    CUTI_BESAR = "cuti_besar", _("Hapus karena cuti besar")
    PENYESUAIAN = "penyesuaian", _("Penyesuaian oleh BKPSDM")
    CUTI_BERSAMA = "cuti_bersama", _("Tambahan: bekerja pada hari cuti bersama")


class RequestState(models.TextChoices):
    ATASAN = "atasan", _("Menunggu pertimbangan atasan")
    PYB = "pyb", _("Menunggu keputusan pejabat")
    DISETUJUI = "disetujui", _("Disetujui")
    PERUBAHAN = "perubahan", _("Perubahan")
    DITANGGUHKAN = "ditangguhkan", _("Ditangguhkan")
    TIDAK_DISETUJUI = "tidak_disetujui", _("Tidak disetujui")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


class Decision(models.TextChoices):
    """The four options of sections VII and VIII of the form (domain.md §6)."""

    DISETUJUI = "disetujui", _("Disetujui")
    PERUBAHAN = "perubahan", _("Perubahan")
    DITANGGUHKAN = "ditangguhkan", _("Ditangguhkan")
    TIDAK_DISETUJUI = "tidak_disetujui", _("Tidak disetujui")


class DeciderKind(models.TextChoices):
    """Who a PyB rule names as the official who decides (pejabat yang berwenang memberikan cuti)."""

    KEPALA_OPD = "kepala_opd", _("Kepala OPD pegawai")
    SEKDA = "sekda", _("Sekretaris Daerah")
    PPK = "ppk", _("PPK (keputusan dicatat oleh BKPSDM)")
    PEGAWAI = "pegawai", _("Pejabat yang ditunjuk")


class WorkWeek(models.IntegerChoices):
    LIMA = 5, _("5 hari kerja (Senin–Jumat)")
    ENAM = 6, _("6 hari kerja (Senin–Sabtu)")
