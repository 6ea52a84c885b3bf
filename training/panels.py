"""What the training app contributes to core's pages (core.panels): the home page."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest
from employees.models import Employee

from . import access
from .models import JpSummary
from .rules.compliance import trimmed
from .selectors import evaluation

# --- JP compliance ---------------------------------------------------------------------------------------
# Where the employee's JP stands among the other apps' lines on the home page (core.panels.WorkItem).
ORDER_OWN_JP = 60


@panels.register(panels.DASHBOARD)
def own_jp(request: ActorRequest) -> dict[str, Any]:
    """The employee's JP of this year as the last nightly recompute found it: one query."""
    actor = request.actor
    if not access.can_view_own_jp(actor) or actor.employee_id is None:
        return {}
    today = timezone.localdate()
    # One query for the JP of the year and the evaluations waiting (selectors.evaluation).
    summary = JpSummary.objects.filter(employee_id=OuterRef("pk"), jp_year__year=today.year)
    found = (
        Employee.objects.filter(pk=actor.employee_id)  # type: ignore[misc]  # annotated names
        .annotate(
            jp=Subquery(summary.values("jp")[:1]),
            target=Subquery(summary.values("target")[:1]),
            met=Subquery(summary.values("met")[:1]),
            **evaluation.pending_annotations(today),
        )
        .values("jp", "target", "met", "pending_feedback", "pending_applied")
        .first()
    )
    row = found if found is not None and found["target"] is not None else None
    if row is None:
        value, hint = _("belum dihitung"), ""
    else:
        value = _("%(jp)s dari %(target)s JP") % {
            "jp": number_format(trimmed(row["jp"])),
            "target": row["target"],
        }
        hint = _("target tercapai") if row["met"] else _("dihitung ulang setiap malam")
    items: dict[str, Any] = {
        panels.WORK_EMPLOYEE: [
            panels.WorkItem(
                key="own_jp",
                order=ORDER_OWN_JP,
                label=_("JP pengembangan kompetensi tahun ini"),
                url=reverse("training:jp_mine"),
                value=value,
                hint=hint,
            )
        ]
    }
    if found is not None:
        _evaluation_items(items, found)
    return items


# --- Evaluation ------------------------------------------------------------------------------------------
# The reactions a participant may still give and the applied-learning evaluations open to an atasan,
# read by own_jp's query (selectors.evaluation.pending_annotations); a line only when something waits.
ORDER_FEEDBACK = 61
ORDER_APPLIED = 61


def _evaluation_items(items: dict[str, Any], found: dict[str, Any]) -> None:
    """The lines of the evaluations waiting, read by own_jp's query."""
    url = reverse("training:evaluation_mine")
    if found["pending_feedback"]:
        items[panels.WORK_EMPLOYEE].append(
            panels.WorkItem(
                key="training_feedback",
                order=ORDER_FEEDBACK,
                label=_("Umpan balik pelatihan yang belum diisi"),
                url=f"{url}?peran=peserta&status=belum",
                count=found["pending_feedback"],
            )
        )
    if found["pending_applied"]:
        items[panels.WORK_HEAD] = [
            panels.WorkItem(
                key="training_applied",
                order=ORDER_APPLIED,
                label=_("Evaluasi penerapan pelatihan bawahan"),
                url=f"{url}?peran=atasan&status=belum",
                count=found["pending_applied"],
            )
        ]
