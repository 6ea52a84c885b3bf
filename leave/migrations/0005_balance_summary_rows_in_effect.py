"""The summary counts the ledger rows in effect in its year only (an opening of next year run ahead
writes rows that take effect on 1 January): rebuild it with the new statement."""

import importlib

from django.db import migrations


def rebuild(apps, schema_editor):
    importlib.import_module("leave.migrations.0004_balance_summary").fill_balances(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("leave", "0004_balance_summary")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
