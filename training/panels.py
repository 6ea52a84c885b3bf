"""What the training app contributes to core's pages (core.panels): the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest

from . import access
from .models import JpSummary
from .rules.compliance import trimmed

# --- JP compliance ---------------------------------------------------------------------------------------
# Where the employee's JP stands among the other apps' lines on the home page (core.panels.WorkItem).
ORDER_OWN_JP = 60


@panels.register(panels.DASHBOARD)
def own_jp(request: ActorRequest) -> dict[str, Any]:
    """The employee's JP of this year as the last nightly recompute found it: one query."""
    actor = request.actor
    if not access.can_view_own_jp(actor) or actor.employee_id is None:
        return {}
    row = (
        JpSummary.objects.filter(employee_id=actor.employee_id, jp_year__year=timezone.localdate().year)
        .values("jp", "target", "met")
        .first()
    )
    if row is None:
        value, hint = _("belum dihitung"), ""
    else:
        value = _("%(jp)s dari %(target)s JP") % {
            "jp": number_format(trimmed(row["jp"])),
            "target": row["target"],
        }
        hint = _("target tercapai") if row["met"] else _("dihitung ulang setiap malam")
    return {
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
