"""A trigram index for the name search on PostgreSQL (issue 11, item 2).

The search is `name ILIKE '%term%'` (Django's icontains: UPPER(name) LIKE UPPER(...)); a B-tree cannot
serve a leading wildcard, so at 100,000 employees every search read the whole table. A GIN index of
pg_trgm trigrams over UPPER(name) answers it from the index. SQLite (the embedded default) has neither
the extension nor the index type: the migration does nothing there.
"""

from django.db import migrations

INDEX = "employee_name_trgm_idx"
TABLE = "employees_employee"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((UPPER("name"::text)) gin_trgm_ops)'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("employees", "0014_nip_lama_digits_only")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
