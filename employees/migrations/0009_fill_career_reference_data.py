"""The BUP table and the promotion period calendar as versioned reference data (domain.md §4, §5)."""

from datetime import date

from django.db import migrations

BUP_SOURCE = "UU 20/2023 Pasal 55; PP 11/2017 Pasal 239"
BUP = [
    ("jpt_utama", "", 60),
    ("jpt_madya", "", 60),
    ("jpt_pratama", "", 60),
    ("administrator", "", 58),
    ("pengawas", "", 58),
    ("pelaksana", "", 58),
    ("fungsional", "ahli_pertama", 58),
    ("fungsional", "ahli_muda", 58),
    ("fungsional", "ahli_madya", 60),
    ("fungsional", "ahli_utama", 65),
    ("fungsional", "pemula", 58),
    ("fungsional", "terampil", 58),
    ("fungsional", "mahir", 58),
    ("fungsional", "penyelia", 58),
    ("fungsional", "", 58),  # a functional position recorded without its jenjang
]
CALENDAR = [
    ("4,10", date(2000, 1, 1), date(2023, 12, 31), "PP 99/2000 jo. PP 12/2002: 1 April dan 1 Oktober"),
    ("2,4,6,8,10,12", date(2024, 1, 1), date(2025, 9, 30), "Peraturan BKN 4/2023: enam periode"),
    ("1,2,3,4,5,6,7,8,9,10,11,12", date(2025, 10, 1), None, "Peraturan BKN 4/2025: setiap bulan"),
]


def forwards(apps, schema_editor):
    RetirementAge = apps.get_model("employees", "RetirementAge")
    PromotionCalendar = apps.get_model("employees", "PromotionCalendar")
    for kind, level, age in BUP:
        RetirementAge.objects.get_or_create(
            kind=kind, level=level, valid_from=date(2017, 4, 7), defaults={"age": age, "source": BUP_SOURCE}
        )
    for months, valid_from, valid_to, source in CALENDAR:
        PromotionCalendar.objects.get_or_create(
            valid_from=valid_from, defaults={"months": months, "valid_to": valid_to, "source": source}
        )


def backwards(apps, schema_editor):
    apps.get_model("employees", "RetirementAge").objects.all().delete()
    apps.get_model("employees", "PromotionCalendar").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("employees", "0008_career_reference_data")]

    operations = [migrations.RunPython(forwards, backwards)]
