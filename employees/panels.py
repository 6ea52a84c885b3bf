"""What the personnel record contributes to core's pages (core.panels): the home page and a unit's page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import panels
from core.http import ActorRequest
from core.models import UnitKerja
from core.paging import paginate
from core.sorting import SortSpec

from . import access, selectors
from .choices import CorrectionStatus

# A unit's page lists its employees by unit (the tree order) unless the reader sorts by a header.
UNIT_EMPLOYEE_SORT = SortSpec(selectors.records.EMPLOYEE_SORT.columns, default="unit")

# Where this app's lines of work stand among the other apps' on the home page (core.panels.WorkItem).
ORDER_CORRECTIONS = 10
ORDER_OWN_CORRECTIONS = 40
ORDER_NEXT_KGB = 50
ORDER_NEXT_PROMOTION = 51


def _days_since(moment: datetime | None) -> int | None:
    return (timezone.now() - moment).days if moment is not None else None


@panels.register(panels.DASHBOARD)
def dashboard(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    data = selectors.records.dashboard(actor=actor)
    if access.can_review_corrections(actor):
        waiting, oldest = selectors.corrections.pending_for_review(actor=actor)
        age = _days_since(oldest)
        data[panels.WORK_HR] = [
            panels.WorkItem(
                key="corrections",
                order=ORDER_CORRECTIONS,
                label=_("Usulan perubahan data menunggu keputusan"),
                url=f"{reverse('employees:correction_queue')}?status={CorrectionStatus.DIAJUKAN}",
                count=waiting,
                hint=_("terlama %(days)s hari") % {"days": age} if waiting and age else "",
            )
        ]
    me = data.get("me")
    if me is not None:
        today = timezone.localdate()
        profile = reverse("employees:profile")
        kgb = selectors.profile.next_kgb(me, today)
        promotion = selectors.career.next_promotion_date(me, today) if me.working_state == "aktif" else None
        not_applicable = _("tidak berlaku") if me.kind != "PNS" else _("belum dapat dihitung")
        data[panels.WORK_EMPLOYEE] = [
            panels.WorkItem(
                key="own_corrections",
                order=ORDER_OWN_CORRECTIONS,
                label=_("Usulan perubahan data saya yang masih diproses"),
                url=reverse("employees:correction_mine"),
                count=selectors.corrections.own_pending(actor=actor),
            ),
            panels.WorkItem(
                key="next_kgb",
                order=ORDER_NEXT_KGB,
                label=_("Kenaikan gaji berkala (KGB) berikutnya"),
                url=profile,
                value=date_format(kgb, "DATE_FORMAT") if kgb else not_applicable,
            ),
            panels.WorkItem(
                key="next_promotion",
                order=ORDER_NEXT_PROMOTION,
                label=_("Kenaikan pangkat reguler paling cepat"),
                url=profile,
                value=date_format(promotion, "DATE_FORMAT") if promotion else not_applicable,
                hint=_("syarat masa kerja; syarat kinerja diperiksa BKPSDM") if promotion else "",
            ),
        ]
    return data


@panels.register(panels.UNIT_DETAIL)
def unit_employees(request: ActorRequest, *, unit: UnitKerja) -> dict[str, Any]:
    """The unit's employees, as the employee list shows them (scoped to what the actor may see)."""
    sorting = UNIT_EMPLOYEE_SORT.from_request(request)
    employees = selectors.records.employee_list(actor=request.actor, unit=unit, sort=sorting.value)
    return {"page": paginate(request, employees), "sorting": sorting}
