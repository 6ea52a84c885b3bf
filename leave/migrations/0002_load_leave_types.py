"""The leave types of PNS (PP 11/2017 as amended by PP 17/2020, Peraturan BKN 24/2017 as amended by
7/2021) and PPPK (PP 49/2018, Peraturan BKN 7/2022) of domain.md §6, valid from 1 January 2018.

Reference data: a regulation that changes a type gets a new row with a later valid_from (and the old
row a valid_to), never an edit of this migration."""

from datetime import date

from django.db import migrations

PNS_SOURCE = "PP 11/2017 jo. PP 17/2020; Peraturan BKN 24/2017 jo. 7/2021"
PPPK_SOURCE = "PP 49/2018; Peraturan BKN 7/2022"
VALID_FROM = date(2018, 1, 1)
DOCTOR = "Surat keterangan dokter"
GOV_DOCTOR = "Surat keterangan dokter pemerintah"

TYPES = [
    # PNS: the six types of section II of the form, in its order.
    dict(kind="tahunan", employee_kind="PNS", name="Cuti tahunan", order=1, service_years_min=1,
         max_length=24, length_unit="hari_kerja", uses_balance=True,
         note="12 hari kerja setahun; sisa paling banyak 6 hari ditangguhkan (18, atau 24 bila 2 tahun tidak diambil)."),
    dict(kind="besar", employee_kind="PNS", name="Cuti besar", order=2, service_years_min=5,
         max_length=3, length_unit="bulan", cancels_tahunan=True,
         note="Paling lama 3 bulan; menghapus hak cuti tahunan pada tahun yang bersangkutan."),
    dict(kind="sakit", employee_kind="PNS", name="Cuti sakit", order=3, max_length=12, length_unit="bulan",
         attachment_over_days=1, attachment_label=DOCTOR,
         strict_attachment_over_days=14, strict_attachment_label=GOV_DOCTOR,
         note="Paling lama 1 tahun (ditambah 6 bulan setelah tim penguji kesehatan); gugur kandungan paling lama 1,5 bulan."),
    dict(kind="melahirkan", employee_kind="PNS", name="Cuti melahirkan", order=4, max_length=3,
         length_unit="bulan", gender="P", attachment_over_days=0, attachment_label="Surat keterangan dokter/bidan",
         note="Anak pertama sampai ketiga; untuk anak keempat dan seterusnya diberikan cuti besar."),
    dict(kind="alasan_penting", employee_kind="PNS", name="Cuti karena alasan penting", order=5,
         max_length=1, length_unit="bulan", attachment_over_days=0,
         attachment_label="Surat keterangan (keluarga sakit/meninggal, perkawinan, bencana)",
         note="Keluarga inti sakit keras atau meninggal, perkawinan, istri melahirkan dengan operasi caesar, kebakaran atau bencana alam."),
    dict(kind="cltn", employee_kind="PNS", name="Cuti di luar tanggungan negara", order=6, service_years_min=5,
         max_length=36, length_unit="bulan", attachment_over_days=0, attachment_label="Surat permohonan dengan alasan",
         note="Paling lama 3 tahun (dapat diperpanjang 1 tahun); memerlukan persetujuan BKN; tidak dapat didelegasikan oleh PPK."),
    # PPPK: tahunan, sakit, melahirkan (cuti bersama is in the calendar); before 1 year of service up
    # to 6 days for a family illness or death or a first marriage (Unsure, domain.md §6).
    dict(kind="tahunan", employee_kind="PPPK", name="Cuti tahunan (PPPK)", order=1, service_years_min=1,
         max_length=24, length_unit="hari_kerja", uses_balance=True,
         note="12 hari kerja setahun setelah bekerja 1 tahun."),
    dict(kind="sakit", employee_kind="PPPK", name="Cuti sakit (PPPK)", order=3, max_length=1, length_unit="bulan",
         attachment_over_days=1, attachment_label=DOCTOR,
         strict_attachment_over_days=14, strict_attachment_label=GOV_DOCTOR,
         note="Paling lama 1 bulan."),
    dict(kind="melahirkan", employee_kind="PPPK", name="Cuti melahirkan (PPPK)", order=4, max_length=3,
         length_unit="bulan", gender="P", attachment_over_days=0, attachment_label="Surat keterangan dokter/bidan",
         note="Anak pertama sampai ketiga."),
    dict(kind="alasan_penting", employee_kind="PPPK", name="Cuti karena alasan penting (PPPK, masa kerja di bawah 1 tahun)",
         order=5, service_years_below=1, max_length=6, length_unit="hari_kerja", attachment_over_days=0,
         attachment_label="Surat keterangan (keluarga sakit/meninggal, perkawinan pertama)",
         note="Sebelum bekerja 1 tahun: paling lama 6 hari kerja karena keluarga sakit atau meninggal, atau perkawinan pertama."),
]  # fmt: skip


def load(apps, schema_editor):
    LeaveType = apps.get_model("leave", "LeaveType")
    for spec in TYPES:
        source = PNS_SOURCE if spec["employee_kind"] == "PNS" else PPPK_SOURCE
        LeaveType.objects.update_or_create(
            kind=spec["kind"],
            employee_kind=spec["employee_kind"],
            valid_from=VALID_FROM,
            defaults={**spec, "source": source},
        )


def unload(apps, schema_editor):
    LeaveType = apps.get_model("leave", "LeaveType")
    for spec in TYPES:
        LeaveType.objects.filter(
            kind=spec["kind"], employee_kind=spec["employee_kind"], valid_from=VALID_FROM
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_leave_types_calendar_ledger_requests")]

    operations = [migrations.RunPython(load, unload)]
