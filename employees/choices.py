"""The choices of the personnel record, with their Indonesian labels: what a field may hold.

The PNS ranks and PPPK grades are here too (they are the golongan choices); the rules that order
and check them are in employees.rules.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Rank (domain.md §3) ------------------------------------------------------------------------
PNS_RANKS: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
PPPK_GRADES: tuple[str, ...] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)


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
    BUKTI_KINERJA = "bukti_kinerja", _("Bukti kinerja")
    LAINNYA = "lainnya", _("Lainnya")


class TrainingCategory(models.TextChoices):
    STRUKTURAL = "struktural", _("Diklat kepemimpinan/struktural")
    FUNGSIONAL = "fungsional", _("Diklat fungsional")
    TEKNIS = "teknis", _("Diklat teknis")
    SEMINAR = "seminar", _("Seminar/lokakarya")
    LAINNYA = "lainnya", _("Lainnya")


class AwardKind(models.TextChoices):
    SATYALANCANA_X = "slks_x", _("Satyalancana Karya Satya X tahun")
    SATYALANCANA_XX = "slks_xx", _("Satyalancana Karya Satya XX tahun")
    SATYALANCANA_XXX = "slks_xxx", _("Satyalancana Karya Satya XXX tahun")
    LAINNYA = "lainnya", _("Penghargaan lain")


class DisciplineType(models.TextChoices):
    """Hukuman disiplin, PP 94/2021 Pasal 8."""

    TEGURAN_LISAN = "teguran_lisan", _("Teguran lisan")
    TEGURAN_TERTULIS = "teguran_tertulis", _("Teguran tertulis")
    TIDAK_PUAS = "tidak_puas", _("Pernyataan tidak puas secara tertulis")
    # xgettext:no-python-format
    POTONG_TUKIN_6 = "potong_6", _("Pemotongan tunjangan kinerja 25% selama 6 bulan")
    # xgettext:no-python-format
    POTONG_TUKIN_9 = "potong_9", _("Pemotongan tunjangan kinerja 25% selama 9 bulan")
    # xgettext:no-python-format
    POTONG_TUKIN_12 = "potong_12", _("Pemotongan tunjangan kinerja 25% selama 12 bulan")
    PENURUNAN_JABATAN = "turun_jabatan", _("Penurunan jabatan setingkat lebih rendah selama 12 bulan")
    PEMBEBASAN_JABATAN = "bebas_jabatan", _("Pembebasan dari jabatan menjadi pelaksana selama 12 bulan")
    PEMBERHENTIAN = "pdhtaps", _("Pemberhentian dengan hormat tidak atas permintaan sendiri")


class DisciplineLevel(models.TextChoices):
    RINGAN = "ringan", _("Ringan")
    SEDANG = "sedang", _("Sedang")
    BERAT = "berat", _("Berat")


class FamilyRelation(models.TextChoices):
    SUAMI = "suami", _("Suami")
    ISTRI = "istri", _("Istri")
    ANAK_KANDUNG = "anak_kandung", _("Anak kandung")
    ANAK_TIRI = "anak_tiri", _("Anak tiri")
    ANAK_ANGKAT = "anak_angkat", _("Anak angkat")


class CorrectionStatus(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI = "disetujui", _("Disetujui")
    DITOLAK = "ditolak", _("Ditolak")
    DIBATALKAN = "dibatalkan", _("Dibatalkan")


# Working states of someone who has left the agency's service: their account is switched off with
# the change (accounts listens: employees.services.records.on_service_state_changed) and no report
# lists them.
LEFT_SERVICE = (
    WorkingState.PINDAH,
    WorkingState.PENSIUN,
    WorkingState.MENINGGAL,
    WorkingState.DIBERHENTIKAN,
)


class OfficialKind(models.TextChoices):
    """The posts at the top of an agency, above its unit tree (domain.md §1 and §7)."""

    SEKDA = "sekda", _("Sekretaris Daerah")
    KEPALA_DAERAH = "kepala_daerah", _("Kepala daerah (PPK)")
