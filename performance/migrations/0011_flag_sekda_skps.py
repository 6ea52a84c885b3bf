"""Data: SKPs of a Sekda with no appraiser, submitted or decided before the flag existed, are the
kepala daerah's to decide (HR records it) where the agency has recorded its kepala daerah."""

from django.db import migrations

OPEN = ("submitted", "approved", "returned")


def flag(apps, schema_editor):
    Skp = apps.get_model("performance", "Skp")
    InstansiOfficial = apps.get_model("employees", "InstansiOfficial")
    with_head = InstansiOfficial.objects.filter(kind="kepala_daerah").values("instansi_id")
    sekdas = InstansiOfficial.objects.filter(
        kind="sekda", employee__isnull=False, instansi_id__in=with_head
    ).values("employee_id")
    Skp.objects.filter(
        appraiser__isnull=True, appraiser_named=False, state__in=OPEN, employee_id__in=sekdas
    ).update(kepala_daerah_appraises=True)


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0010_skp_kepala_daerah_appraises"),
        ("employees", "0019_instansi_officials_acting_appraisers"),
    ]

    operations = [migrations.RunPython(flag, migrations.RunPython.noop)]
