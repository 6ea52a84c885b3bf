"""The demo's training needs and budget: needs from every source (one nominated, one met), allocations
with one line over its allocation, spending; both pages have content; idempotent."""

from django.urls import reverse
from django.utils import timezone

from demo import seed as demo_seed
from training.models import BudgetLine, Spending, TrainingNeed


def test_the_demo_has_needs_and_a_budget_and_runs_twice(db, client):
    demo_seed.seed(employees=120)
    sources = set(TrainingNeed.objects.values_list("source", flat=True))
    assert {"pegawai", "atasan"} <= sources
    assert TrainingNeed.objects.filter(enrolment__state="selesai").exists()
    assert TrainingNeed.objects.filter(enrolment__isnull=False).exclude(enrolment__state="selesai").exists()
    assert BudgetLine.objects.count() == 3 and Spending.objects.count() == 3

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="hr.sorong"))
    year = timezone.localdate().year
    html = client.get(reverse("training:budget") + f"?year={year}").content.decode()
    assert 'data-over="1"' in html
    summary = client.get(reverse("training:need_summary") + f"?year={year + 1}")
    assert len(summary.context["bars"]) >= 4

    counts = (TrainingNeed.objects.count(), BudgetLine.objects.count(), Spending.objects.count())
    demo_seed.seed(employees=120)
    assert (TrainingNeed.objects.count(), BudgetLine.objects.count(), Spending.objects.count()) == counts
