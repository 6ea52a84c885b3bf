"""Who may run which HR report, on which agency and units. Built only from core.access.

HR officers report on their whole agency. Heads of unit see the reports that help them run their own
subtree (who ranks where, how the unit is staffed, who retires soon); the HR work lists (KGB,
promotions, Satyalancana, which reveal performance and discipline) are for HR only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    deny,
    get_unit,
    has_hr_or_head_role,
    has_hr_role,
    head_start_unit_id,
    heads_over,
    is_hr_of,
    people_in_scope,
    require,
    units_in_scope,
)
from core.models import Instansi, UnitKerja

__all__ = ["Actor", "get_unit", "head_start_unit_id", "require"]

REPORTS_FOR_HEADS = frozenset({"duk", "rekap", "pensiun"})


def can_view_reports(actor: Actor) -> bool:
    """The reports menu: superusers, HR officers and heads of unit; employees get 403."""
    return has_hr_or_head_role(actor)


def can_view_report(actor: Actor, report: str) -> bool:
    if has_hr_role(actor):
        return True
    return actor.is_head and report in REPORTS_FOR_HEADS


def reports_on_whole_agency(actor: Actor, instansi_id: int) -> bool:
    """HR officers (and superusers) report on the whole agency; heads only on their subtree."""
    return is_hr_of(actor, instansi_id)


def report_instansi(actor: Actor, report: str) -> QuerySet[Instansi]:
    """Agencies the actor may run `report` on (HR: theirs; head: the agency of their unit)."""
    return agencies(actor, heads=report in REPORTS_FOR_HEADS)


def get_report_instansi(actor: Actor, report: str, pk: int) -> Instansi:
    """An agency the actor may report on, or 404 (an agency they cannot see) / 403 (their own)."""
    try:
        return report_instansi(actor, report).get(pk=pk)
    except Instansi.DoesNotExist:
        deny(actor, pk)


def report_employee_scope(actor: Actor, report: str, instansi: Instansi) -> Q:
    """A filter on Employee: who `report` on `instansi` covers for this actor."""
    return people_in_scope(actor, instansi_id=instansi.pk, own=False, heads=report in REPORTS_FOR_HEADS)


def report_units(actor: Actor, report: str, instansi: Instansi) -> QuerySet[UnitKerja]:
    """Units a report on `instansi` may be narrowed to (a head: their own subtree)."""
    return UnitKerja.objects.filter(instansi_id=instansi.pk).filter(
        units_in_scope(actor, instansi_id=instansi.pk, heads=report in REPORTS_FOR_HEADS)
    )


def can_report_on_unit(actor: Actor, report: str, unit: UnitKerja) -> bool:
    if not can_view_report(actor, report):
        return False
    if reports_on_whole_agency(actor, unit.instansi_id):
        return True
    return report in REPORTS_FOR_HEADS and heads_over(actor, unit.path, unit.instansi_id)


# --- Letters (the KGB notice, the promotion proposal list) -----------------------------------------
# A letter is generated from the HR report it belongs to: by HR officers of the employees' agency and
# superusers. Heads and employees get 403 (as on the report); another agency's HR 404.
LETTER_REPORTS = {"kgb": "kgb", "usul_kp": "kenaikan_pangkat"}


def can_issue_letters(actor: Actor, report: str) -> bool:
    """May generate the letters of `report` at all (403 otherwise)."""
    return has_hr_role(actor) and can_view_report(actor, report)


def can_issue_letter_for(actor: Actor, instansi_id: int) -> bool:
    """May sign off a letter for an agency: its HR officers and superusers."""
    return is_hr_of(actor, instansi_id)
