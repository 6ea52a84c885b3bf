"""Data: existing employees get the employment status their NIP kind implies (PNS or PPPK)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Employee = apps.get_model("employees", "Employee")
    for kind in ("PNS", "PPPK"):
        Employee.objects.filter(kind=kind, employment_status="").update(employment_status=kind)


class Migration(migrations.Migration):
    dependencies = [("employees", "0003_full_personnel_record")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
