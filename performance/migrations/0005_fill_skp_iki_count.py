"""Fill Skp.iki_count for the SKPs that exist (the schema change is in 0004)."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Skp = apps.get_model("performance", "Skp")
    Iki = apps.get_model("performance", "Iki")
    count = Iki.objects.filter(rhk__skp=OuterRef("pk")).order_by().values("rhk__skp").annotate(n=Count("pk")).values("n")
    Skp.objects.update(iki_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))


def clear(apps, schema_editor):
    apps.get_model("performance", "Skp").objects.update(iki_count=0)


class Migration(migrations.Migration):
    dependencies = [("performance", "0004_skp_iki_count")]

    operations = [migrations.RunPython(fill, clear)]
