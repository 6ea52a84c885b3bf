"""Who may see or change survey objects (service units, periods, questionnaires, results, follow-ups).
Built only from core.access.

HR officers of an instansi keep its service units, services, questionnaires and tokens, open and
close periods and read every result; the head of a unit sees the service units of their subtree,
opens and closes their periods, reads their results and handles their follow-ups. Employees have no
survey pages. Citizens use the public pages (views/public.py), which take no actor: they reach a
service unit by its code, a follow-up by its ticket, and see nothing personal.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    get_instansi,
    get_or_404,
    has_hr_or_head_role,
    has_hr_role,
    headed_units,
    heads_over,
    instansi_managed_by,
    is_hr_of,
    is_self,
    people_in_scope,
    require,
    require_in_agency,
    units_in_scope,
)
from core.models import Instansi, UnitKerja
from employees.models import Employee

from .models import ExtraQuestion, FollowUp, IkmRun, Questionnaire, Service, ServiceUnit, SurveyPeriod

__all__ = ["Actor", "get_instansi", "instansi_managed_by", "is_self", "require", "require_in_agency"]


# --- Service units ---------------------------------------------------------------------------------------
def can_view_surveys(actor: Actor) -> bool:
    """The survey pages are for HR officers and heads."""
    return has_hr_or_head_role(actor)


def units_for_surveys(actor: Actor) -> QuerySet[UnitKerja]:
    """The units whose service units the actor sees: the HR agencies, the subtrees they head."""
    return UnitKerja.objects.filter(units_in_scope(actor))


def service_units_visible_to(actor: Actor) -> QuerySet[ServiceUnit]:
    return ServiceUnit.objects.filter(unit__in=units_for_surveys(actor))


def get_service_unit(actor: Actor, pk: int) -> ServiceUnit:
    return get_or_404(service_units_visible_to(actor).select_related("unit", "unit__instansi"), pk=pk)


def get_service(actor: Actor, pk: int) -> Service:
    """A service (jenis layanan) of a service unit the actor sees."""
    return get_or_404(
        Service.objects.filter(service_unit__in=service_units_visible_to(actor)).select_related(
            "service_unit__unit"
        ),
        pk=pk,
    )


def instansi_of(service_unit: ServiceUnit) -> int:
    return service_unit.unit.instansi_id


def can_create_service_units(actor: Actor, instansi_id: int) -> bool:
    """HR keeps the list of service units of its instansi."""
    return is_hr_of(actor, instansi_id)


def can_create_any_service_unit(actor: Actor) -> bool:
    return has_hr_role(actor)


def can_manage_service_unit(actor: Actor, service_unit: ServiceUnit) -> bool:
    """Edit the unit, its services and its tokens: HR of its instansi."""
    return is_hr_of(actor, instansi_of(service_unit))


def can_manage_tokens(actor: Actor, service_unit: ServiceUnit) -> bool:
    """Make and print one-time tokens for the unit's counter: HR of its instansi."""
    return can_manage_service_unit(actor, service_unit)


def can_print_poster(actor: Actor, service_unit: ServiceUnit) -> bool:
    """Print the QR poster of the unit's form: HR of its instansi or the head of its unit (or above)."""
    return can_run_periods(actor, service_unit)


def can_run_periods(actor: Actor, service_unit: ServiceUnit) -> bool:
    """Open and close periods: HR of its instansi or the head of its unit (or above)."""
    return is_hr_of(actor, instansi_of(service_unit)) or heads_over(
        actor, service_unit.unit.path, instansi_of(service_unit)
    )


def units_for_new_service_units(actor: Actor, instansi_id: int) -> QuerySet[UnitKerja]:
    """The units a new service unit may belong to."""
    return (
        UnitKerja.objects.filter(instansi_id=instansi_id, is_active=True)
        if is_hr_of(actor, instansi_id)
        else UnitKerja.objects.none()
    )


def agencies_for_surveys(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose survey results the actor reads (HR, or heads in them)."""
    return agencies(actor, hr=True, heads=True)


# --- Periods ------------------------------------------------------------------------------------------------
def periods_visible_to(actor: Actor) -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.filter(service_unit__in=service_units_visible_to(actor))


def get_period(actor: Actor, pk: int) -> SurveyPeriod:
    return get_or_404(
        periods_visible_to(actor).select_related("service_unit__unit", "questionnaire", "band_table"), pk=pk
    )


# --- Questionnaires --------------------------------------------------------------------------------------
def questionnaires_visible_to(actor: Actor) -> QuerySet[Questionnaire]:
    """The national standard for everyone with survey pages; an instansi's own for its HR and heads."""
    if not can_view_surveys(actor):
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(
        Q(instansi__isnull=True) | Q(instansi__in=agencies_for_surveys(actor))
    )


def get_questionnaire(actor: Actor, pk: int) -> Questionnaire:
    return get_or_404(questionnaires_visible_to(actor), pk=pk)


def get_question(actor: Actor, pk: int) -> ExtraQuestion:
    """An extra question of a questionnaire the actor sees."""
    return get_or_404(
        ExtraQuestion.objects.filter(questionnaire__in=questionnaires_visible_to(actor)).select_related(
            "questionnaire"
        ),
        pk=pk,
    )


def can_create_questionnaire(actor: Actor, instansi_id: int) -> bool:
    """An instansi's own questionnaire (based on the standard) is made by its HR."""
    return is_hr_of(actor, instansi_id)


def can_create_any_questionnaire(actor: Actor) -> bool:
    return has_hr_role(actor)


def can_edit_questionnaire(actor: Actor, questionnaire: Questionnaire) -> bool:
    """An instansi's own questionnaire, by its HR; the national standard is read-only."""
    return questionnaire.instansi_id is not None and is_hr_of(actor, questionnaire.instansi_id)


# --- Follow-ups --------------------------------------------------------------------------------------------
def follow_ups_visible_to(actor: Actor) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(service_unit__in=service_units_visible_to(actor))


def get_follow_up(actor: Actor, pk: int) -> FollowUp:
    """A follow-up of a service unit the actor sees (HR, heads), or one assigned to the actor; else 403
    for a user without a survey role (as every staff survey page), 404 for the others."""
    related = ("service_unit__unit", "response", "assigned_to")
    if can_view_surveys(actor):
        return get_or_404(follow_ups_visible_to(actor).select_related(*related), pk=pk)
    assigned = FollowUp.objects.select_related(*related).filter(pk=pk, assigned_to_id=actor.employee_id)
    require(actor.employee_id is not None and assigned.exists())
    return assigned.get()


def can_handle_follow_up(actor: Actor, follow_up: FollowUp) -> bool:
    """Assign, answer and close: the head of the service unit's unit (or above), or HR."""
    return can_run_periods(actor, follow_up.service_unit)


def can_answer_follow_up(actor: Actor, follow_up: FollowUp) -> bool:
    """Answer the citizen: who handles it, and the employee it is assigned to."""
    return can_handle_follow_up(actor, follow_up) or is_self(actor, follow_up.assigned_to_id)


# --- Results (IKM, exports, the computation) -------------------------------------------------------------
def can_view_results(actor: Actor) -> bool:
    """The results pages are for HR officers and heads (each within their own scope)."""
    return can_view_surveys(actor)


def can_recompute_ikm(actor: Actor, period: SurveyPeriod) -> bool:
    """ "Hitung ulang" of a period's IKM: whoever runs its periods (HR of the instansi, the head)."""
    return can_run_periods(actor, period.service_unit)


def ikm_runs_visible_to(actor: Actor) -> QuerySet[IkmRun]:
    return IkmRun.objects.filter(period__in=periods_visible_to(actor))


def get_ikm_run(actor: Actor, pk: int) -> IkmRun:
    return get_or_404(ikm_runs_visible_to(actor), pk=pk)


def get_results_unit(actor: Actor, pk: int) -> UnitKerja:
    """A Unit Kerja whose pooled results the actor reads: a unit of their HR agency or of a subtree
    they head; another unit of an agency they work in is a 403, anything else a 404."""
    unit: UnitKerja = get_or_404(
        UnitKerja.objects.filter(instansi__in=agencies(actor, hr=True, heads=True, own=True)).select_related(
            "instansi"
        ),
        pk=pk,
    )
    require_in_agency(actor, units_for_surveys(actor).filter(pk=unit.pk).exists(), unit.instansi_id)
    return unit


def get_results_instansi(actor: Actor, pk: int) -> Instansi:
    """An instansi whose pooled results the actor reads: its HR officers (a head reads the units of
    their subtree, not the whole instansi: 403); another agency is a 404."""
    instansi = get_or_404(agencies(actor, hr=True, heads=True, own=True), pk=pk)
    require_in_agency(actor, is_hr_of(actor, instansi.pk), instansi.pk)
    return instansi


def headed_result_units(actor: Actor) -> list[UnitKerja]:
    """The units the actor heads: where a head's pooled results start."""
    ids = [head.unit_id for head in headed_units(actor)]
    return list(UnitKerja.objects.filter(pk__in=ids).order_by("path")) if ids else []


def results_instansi(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose pooled results the actor reads as a whole (HR)."""
    return agencies(actor, hr=True)


def employees_for_follow_up(actor: Actor, follow_up: FollowUp) -> QuerySet[Employee]:
    """Whom a follow-up may be assigned to: active employees of the service unit's unit and its
    sub-units, within the people the actor sees."""
    return Employee.objects.filter(
        people_in_scope(actor, own=False),
        unit__path__startswith=follow_up.service_unit.unit.path,
        unit__instansi_id=instansi_of(follow_up.service_unit),
        is_active=True,
    )


# --- The menu -------------------------------------------------------------------------------------------
def surveys_in_menu(actor: Actor) -> bool:
    """The "Survei (SKM)" entry of the navbar: HR officers and heads."""
    return can_view_surveys(actor)


def check(actor: Actor, allowed: bool, service_unit: ServiceUnit) -> None:
    """Refuse with the agency convention (403 inside the actor's agency, else 404)."""
    require_in_agency(actor, allowed, instansi_of(service_unit))
