"""Data: store where the KGB cycle of every employee's current rank starts (0016's fields)."""

from django.db import migrations
from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.lookups import Exact

from core.functions import DayOfMonth
from employees.querysets import kgb_first_month


def store_the_kgb_cycles(apps, schema_editor):
    """Employee.kgb_first_month and kgb_day of every employee, as services.refresh_current stores
    them (set-based: one UPDATE)."""
    Employee = apps.get_model("employees", "Employee")
    RankHistory = apps.get_model("employees", "RankHistory")
    current = RankHistory.objects.filter(pk=OuterRef("current_rank_id"))
    first_golongan = (
        RankHistory.objects.filter(employee=OuterRef("pk")).order_by("tmt", "pk").values("golongan")[:1]
    )
    cycle = {parity: current.annotate(m=kgb_first_month(parity)).values("m")[:1] for parity in (0, 1)}
    Employee.objects.update(
        kgb_first_month=Case(
            When(Exact(Subquery(first_golongan), "II/a"), then=Subquery(cycle[1])),
            default=Subquery(cycle[0]),
        ),
        kgb_day=Subquery(current.annotate(d=DayOfMonth("tmt")).values("d")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0016_employee_kgb_cycle"),
    ]

    operations = [
        migrations.RunPython(store_the_kgb_cycles, migrations.RunPython.noop),
    ]
