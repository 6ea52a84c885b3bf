"""Move each employee's rank and position fields into the first rows of their histories."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    Employee = apps.get_model("employees", "Employee")
    RankHistory = apps.get_model("employees", "RankHistory")
    PositionHistory = apps.get_model("employees", "PositionHistory")
    ranks, positions = [], []
    for e in Employee.objects.order_by("pk").iterator(chunk_size=2000):
        start = e.tmt_golongan or e.tmt_cpns or e.tmt_pppk or e.birth_date.replace(year=e.birth_date.year + 18)
        if e.golongan:
            ranks.append(RankHistory(employee_id=e.pk, golongan=e.golongan, tmt=e.tmt_golongan or start))
        if e.position_name:
            positions.append(
                PositionHistory(
                    employee_id=e.pk,
                    name=e.position_name,
                    kind=e.position_kind,
                    level=e.position_level,
                    eselon=e.eselon,
                    tmt=e.tmt_jabatan or start,
                )
            )
        if len(ranks) >= 2000:
            RankHistory.objects.bulk_create(ranks)
            PositionHistory.objects.bulk_create(positions)
            ranks, positions = [], []
    RankHistory.objects.bulk_create(ranks)
    PositionHistory.objects.bulk_create(positions)
    Employee.objects.update(
        current_rank=Subquery(RankHistory.objects.filter(employee=OuterRef("pk")).order_by("-tmt", "-pk").values("pk")[:1]),
        current_position=Subquery(
            PositionHistory.objects.filter(employee=OuterRef("pk")).order_by("-tmt", "-pk").values("pk")[:1]
        ),
    )


def backwards(apps, schema_editor):
    Employee = apps.get_model("employees", "Employee")
    for e in Employee.objects.select_related("current_rank", "current_position").iterator(chunk_size=2000):
        r, p = e.current_rank, e.current_position
        Employee.objects.filter(pk=e.pk).update(
            golongan=r.golongan if r else "",
            tmt_golongan=r.tmt if r else None,
            position_name=p.name if p else "",
            position_kind=p.kind if p else "",
            position_level=p.level if p else "",
            eselon=p.eselon if p else "",
            tmt_jabatan=p.tmt if p else None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0005_histories"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
