"""The allowed distribution of employee predikat per organisation predikat (domain.md §7) as
versioned reference data: the values the code held until now, as one version.

domain.md marks the exact instrument Unsure (MenPANRB guidance); the start date is ours too: the
year of PermenPANRB 6/2022. A newer version is a new DistributionRuleSet row (Django admin), with
the old one's valid_to closed the day before.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

VERSION = "MenPANRB 2022"
SOURCE = (
    "Pedoman MenPANRB atas PermenPANRB 6/2022 (distribusi predikat kinerja pegawai menurut predikat "
    "kinerja organisasi); instrumen pasti belum dipastikan"
)
VALID_FROM = date(2022, 1, 1)
# (organisation predikat, kind, employee predikat, limit), in the order the warnings are shown.
LIMITS = [
    ("istimewa", "at_most_percent", "sangat_baik", Decimal(70)),
    ("baik", "at_most_percent", "baik", Decimal(70)),
    ("baik", "at_least_count", "butuh_perbaikan,kurang", Decimal(1)),
    ("butuh_perbaikan", "at_least_percent", "butuh_perbaikan", Decimal(60)),
    ("butuh_perbaikan", "at_most_percent", "sangat_baik", Decimal(10)),
    ("kurang", "at_least_percent", "kurang", Decimal(60)),
    ("kurang", "at_least_percent", "butuh_perbaikan", Decimal(10)),
    ("kurang", "at_most_percent", "sangat_baik", Decimal(10)),
    ("sangat_kurang", "at_least_percent", "sangat_kurang", Decimal(60)),
    ("sangat_kurang", "at_least_percent", "kurang,butuh_perbaikan", Decimal(10)),
    ("sangat_kurang", "at_most_percent", "sangat_baik", Decimal(0)),
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("performance", "DistributionRuleSet")
    Limit = apps.get_model("performance", "DistributionLimit")
    rule_set, created = RuleSet.objects.get_or_create(
        version=VERSION, defaults={"source": SOURCE, "valid_from": VALID_FROM}
    )
    if created:
        Limit.objects.bulk_create(
            Limit(rule_set=rule_set, org_predikat=org, kind=kind, predikat=predikat, limit=limit, position=i)
            for i, (org, kind, predikat, limit) in enumerate(LIMITS)
        )


def backwards(apps, schema_editor):
    apps.get_model("performance", "DistributionRuleSet").objects.filter(version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("performance", "0006_distribution_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
