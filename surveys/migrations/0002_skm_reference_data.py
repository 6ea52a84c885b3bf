"""Data: the reference tables of the SKM and the standard questionnaire (PermenPANRB 14/2017).

- Mutu bands of PermenPANRB 14/2017 (domain.md §9). Its date of effect is taken as 1 January 2017
  (docs/domain-notes.md); older band tables are added as reference data when old surveys are entered.
- The Krejcie–Morgan minimum sample (domain.md §9).
- The standard questionnaire, version 1: the 9 unsur with the wording of the example questionnaire
  in the annex of PermenPANRB 14/2017 (as the SKM portals use it), a label per answer 1–4.
"""

import datetime
from decimal import Decimal

from django.db import migrations

BANDS = [
    ("A", "Sangat Baik", Decimal("88.31")),
    ("B", "Baik", Decimal("76.61")),
    ("C", "Kurang Baik", Decimal("65.00")),
    ("D", "Tidak Baik", Decimal("25.00")),
]

SAMPLE = [
    (10, 10), (15, 14), (20, 19), (30, 28), (50, 44), (75, 63), (100, 80), (150, 108), (200, 132),
    (250, 152), (300, 169), (400, 196), (500, 217), (750, 254), (1000, 278), (1500, 306), (2000, 322),
    (3000, 341), (5000, 357), (10000, 370), (20000, 377), (50000, 381), (100000, 384),
]  # fmt: skip

UNSUR = [
    ("U1", "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    ("U2", "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"]),
    ("U3", "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"]),
    ("U4", "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]),
    ("U5", "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam "
           "standar pelayanan dengan hasil yang diberikan?",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"]),
    ("U6", "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"]),
    ("U7", "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
     ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"]),
    ("U8", "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
     ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"]),
    ("U9", "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
     ["Buruk", "Cukup", "Baik", "Sangat baik"]),
]  # fmt: skip

STANDARD_NAME = "Kuesioner SKM standar (PermenPANRB 14/2017)"


def load(apps, schema_editor):
    BandTable = apps.get_model("surveys", "BandTable")
    MutuBand = apps.get_model("surveys", "MutuBand")
    SampleSize = apps.get_model("surveys", "SampleSize")
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    UnsurWording = apps.get_model("surveys", "UnsurWording")
    table, _created = BandTable.objects.get_or_create(
        name="PermenPANRB 14/2017", defaults={"valid_from": datetime.date(2017, 1, 1)}
    )
    for grade, label, minimum in BANDS:
        MutuBand.objects.update_or_create(
            table=table, grade=grade, defaults={"label": label, "minimum": minimum}
        )
    for population, sample in SAMPLE:
        SampleSize.objects.update_or_create(population=population, defaults={"sample": sample})
    standard, _created = Questionnaire.objects.get_or_create(instansi=None, name=STANDARD_NAME, version=1)
    for code, question, labels in UNSUR:
        UnsurWording.objects.update_or_create(
            questionnaire=standard,
            code=code,
            defaults={"question": question, **{f"label_{i}": text for i, text in enumerate(labels, 1)}},
        )


def unload(apps, schema_editor):
    apps.get_model("surveys", "UnsurWording").objects.filter(questionnaire__name=STANDARD_NAME).delete()
    apps.get_model("surveys", "Questionnaire").objects.filter(name=STANDARD_NAME, instansi=None).delete()
    apps.get_model("surveys", "SampleSize").objects.all().delete()
    apps.get_model("surveys", "BandTable").objects.filter(name="PermenPANRB 14/2017").delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_skm_schema")]

    operations = [migrations.RunPython(load, unload)]
