"""The leave app's choices (Indonesian labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, npgettext


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


# The names of the reference leave types (migration 0002), known to the catalogues so that
# LeaveType.display_name shows them in English (found by the trial: Indonesian names in the English UI).
LEAVE_TYPE_NAMES = (
    gettext_noop("Cuti tahunan"),
    gettext_noop("Cuti besar"),
    gettext_noop("Cuti sakit"),
    gettext_noop("Cuti melahirkan"),
    gettext_noop("Cuti karena alasan penting"),
    gettext_noop("Cuti di luar tanggungan negara"),
    gettext_noop("Cuti tahunan (PPPK)"),
    gettext_noop("Cuti sakit (PPPK)"),
    gettext_noop("Cuti melahirkan (PPPK)"),
    gettext_noop("Cuti karena alasan penting (PPPK, masa kerja di bawah 1 tahun)"),
)

# The notes of the reference leave types (migration 0002), known to the catalogues so that
# LeaveType.note_display shows them in English (found by the trial: Indonesian rule text in the English UI).
LEAVE_TYPE_NOTES = (
    gettext_noop(
        "12 hari kerja setahun; sisa paling banyak 6 hari ditangguhkan (18, atau 24 bila 2 tahun tidak diambil)."
    ),
    gettext_noop("Paling lama 3 bulan; menghapus hak cuti tahunan pada tahun yang bersangkutan."),
    gettext_noop(
        "Paling lama 1 tahun (ditambah 6 bulan setelah tim penguji kesehatan); gugur kandungan paling lama 1,5 bulan."
    ),
    gettext_noop("Anak pertama sampai ketiga; untuk anak keempat dan seterusnya diberikan cuti besar."),
    gettext_noop(
        "Keluarga inti sakit keras atau meninggal, perkawinan, istri melahirkan dengan operasi caesar, kebakaran atau bencana alam."
    ),
    gettext_noop(
        "Paling lama 3 tahun (dapat diperpanjang 1 tahun); memerlukan persetujuan BKN; tidak dapat didelegasikan oleh PPK."
    ),
    gettext_noop("12 hari kerja setahun setelah bekerja 1 tahun."),
    gettext_noop("Paling lama 1 bulan."),
    gettext_noop("Anak pertama sampai ketiga."),
    gettext_noop(
        "Sebelum bekerja 1 tahun: paling lama 6 hari kerja karena keluarga sakit atau meninggal, atau perkawinan pertama."
    ),
)


def length_text(n: int, unit: str) -> str:
    """ "1 working day", "3 working days": a length with its unit, plural as the language wants
    (found by the trial: "1 working days" in English)."""
    if unit == LengthUnit.HARI_KALENDER:
        text = npgettext("leave length", "%(n)s hari kalender", "%(n)s hari kalender", n)
    elif unit == LengthUnit.BULAN:
        text = npgettext("leave length", "%(n)s bulan", "%(n)s bulan", n)
    else:
        text = npgettext("leave length", "%(n)s hari kerja", "%(n)s hari kerja", n)
    return text % {"n": n}
