"""Who may see or change training objects (partners, competencies, programmes, sessions, enrolments,
attendance, certificates). Built only from core.access.

HR officers of an instansi keep its catalogue (partners, competencies, programmes and sessions),
confirm places, mark attendance and record completion. Everyone who works in the agency browses its
published programmes and requests a place; the atasan langsung recorded on an enrolment approves it;
heads and HR nominate people in their scope. Nobody approves or confirms their own enrolment. The
public certificate check (views/public.py) takes no actor and shows nothing beyond the certificate.
The 20 JP dashboard (compliance) is for HR of the agency and heads of their subtree; "JP saya" for
everyone with an employee record.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.access import (
    Actor,
    agencies,
    deny,
    get_instansi,
    get_or_404,
    has_employee_record,
    has_hr_or_head_role,
    has_hr_role,
    head_start_unit_id,
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
from core.access import get_unit as core_get_unit
from core.models import Instansi, UnitKerja
from employees.models import Employee

from .choices import EnrolmentState, ProgrammeState
from .models import (
    Competency,
    Enrolment,
    ExternalLearning,
    PartnerAgreement,
    PartnerInstitution,
    Programme,
    Session,
    StudyAssignment,
    StudyReport,
    TrainingNeed,
)
from .rules.external import is_decidable, is_editable

__all__ = ["Actor", "get_instansi", "instansi_managed_by", "require", "require_in_agency"]


# --- The catalogue's reference data (partners, competencies): HR of the agency ----------------------------
def can_manage_catalogue(actor: Actor, instansi_id: int) -> bool:
    """Partners, agreements, competencies, programmes and sessions: HR of the agency."""
    return is_hr_of(actor, instansi_id)


def can_manage_any_catalogue(actor: Actor) -> bool:
    return has_hr_role(actor)


def catalogue_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose catalogue the actor keeps."""
    return agencies(actor)


def partners_visible_to(actor: Actor) -> QuerySet[PartnerInstitution]:
    return PartnerInstitution.objects.filter(instansi__in=catalogue_agencies(actor))


def get_partner(actor: Actor, pk: int) -> PartnerInstitution:
    """A partner of an agency the actor keeps; of another agency they work in: 403; else 404."""
    partner = get_or_404(
        PartnerInstitution.objects.filter(instansi__in=agencies(actor, own=True)).select_related("instansi"),
        pk=pk,
    )
    require_in_agency(actor, can_manage_catalogue(actor, partner.instansi_id), partner.instansi_id)
    return partner


def get_agreement(actor: Actor, pk: int) -> PartnerAgreement:
    agreement = get_or_404(
        PartnerAgreement.objects.filter(partner__instansi__in=agencies(actor, own=True)).select_related(
            "partner__instansi"
        ),
        pk=pk,
    )
    instansi_id = agreement.partner.instansi_id
    require_in_agency(actor, can_manage_catalogue(actor, instansi_id), instansi_id)
    return agreement


def competencies_visible_to(actor: Actor) -> QuerySet[Competency]:
    return Competency.objects.filter(instansi__in=catalogue_agencies(actor))


# --- Programmes ------------------------------------------------------------------------------------------
def programme_scope(actor: Actor) -> Q:
    """A filter on Programme: every programme of the agencies the actor keeps as HR; the published
    programmes of the agency they work in."""
    managed = agencies(actor)
    q = Q(instansi__in=managed)
    if actor.employee_instansi_id is not None:
        q |= Q(instansi_id=actor.employee_instansi_id) & ~Q(state=ProgrammeState.DRAFT)
    return q


def programmes_visible_to(actor: Actor) -> QuerySet[Programme]:
    return Programme.objects.filter(programme_scope(actor))


def get_programme(actor: Actor, pk: int) -> Programme:
    return get_or_404(
        programmes_visible_to(actor).select_related("instansi", "partner", "organiser_unit"), pk=pk
    )


def can_manage_programme(actor: Actor, programme: Programme) -> bool:
    return can_manage_catalogue(actor, programme.instansi_id)


def check(actor: Actor, allowed: bool, programme: Programme) -> None:
    """Refuse with the agency convention (403 inside the actor's agency, else 404)."""
    require_in_agency(actor, allowed, programme.instansi_id)


def can_browse_catalogue(actor: Actor) -> bool:
    """The catalogue of programmes open to one: everyone with an employee record."""
    return has_employee_record(actor)


def get_session(actor: Actor, pk: int) -> Session:
    """A session of a programme the actor keeps (HR), else 403 in their agency or 404."""
    session = get_or_404(
        Session.objects.filter(programme__in=programmes_visible_to(actor)).select_related(
            "programme__instansi"
        ),
        pk=pk,
    )
    check(actor, can_manage_programme(actor, session.programme), session.programme)
    return session


# --- Enrolments -------------------------------------------------------------------------------------------
def enrolment_scope(actor: Actor) -> Q:
    """A filter on Enrolment: HR sees its agencies', heads their subtree's, everyone their own and
    those they approve."""
    return people_in_scope(actor, via="employee__", also=("approver_id",))


def enrolments_visible_to(actor: Actor) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(enrolment_scope(actor))


def get_enrolment(actor: Actor, pk: int) -> Enrolment:
    return get_or_404(
        enrolments_visible_to(actor).select_related(
            "programme__instansi", "employee__unit", "employee__current_rank", "approver"
        ),
        pk=pk,
    )


def can_request_place(actor: Actor, programme: Programme) -> bool:
    """An employee of the programme's agency asks for a place while enrolment is open."""
    return (
        has_employee_record(actor)
        and actor.employee_instansi_id == programme.instansi_id
        and programme.state == ProgrammeState.OPEN
    )


def can_nominate(actor: Actor, programme: Programme) -> bool:
    """Heads (for their subtree) and HR (for the agency) nominate people while enrolment is open."""
    if programme.state != ProgrammeState.OPEN:
        return False
    if is_hr_of(actor, programme.instansi_id):
        return True
    return bool(headed_units(actor, programme.instansi_id))


def nominees_for(actor: Actor, programme: Programme) -> QuerySet[Employee]:
    """Whom the actor may nominate: active employees of the programme's agency in their scope, never
    themself (a request of their own goes through their own atasan)."""
    return Employee.objects.filter(
        people_in_scope(actor, instansi_id=programme.instansi_id, own=False, not_self=True),
        is_active=True,
    )


def is_enrolee(actor: Actor, enrolment: Enrolment) -> bool:
    return is_self(actor, enrolment.employee_id)


def can_approve(actor: Actor, enrolment: Enrolment) -> bool:
    """The atasan langsung recorded on the enrolment, never the employee themself."""
    return (
        enrolment.state == EnrolmentState.REQUESTED
        and is_self(actor, enrolment.approver_id)
        and not is_enrolee(actor, enrolment)
    )


def can_confirm(actor: Actor, enrolment: Enrolment) -> bool:
    """HR of the programme's agency confirms an approved enrolment (a place or the waitlist), never
    their own."""
    return (
        enrolment.state == EnrolmentState.APPROVED
        and is_hr_of(actor, enrolment.programme.instansi_id)
        and not is_enrolee(actor, enrolment)
    )


def can_reject(actor: Actor, enrolment: Enrolment) -> bool:
    """The atasan while it waits for them; HR of the agency until a place is given (never their own)."""
    if is_enrolee(actor, enrolment):
        return False
    if enrolment.state == EnrolmentState.REQUESTED and is_self(actor, enrolment.approver_id):
        return True
    return enrolment.state in (
        EnrolmentState.REQUESTED,
        EnrolmentState.APPROVED,
        EnrolmentState.WAITLISTED,
    ) and is_hr_of(actor, enrolment.programme.instansi_id)


CANCELLABLE = (
    EnrolmentState.REQUESTED,
    EnrolmentState.APPROVED,
    EnrolmentState.WAITLISTED,
    EnrolmentState.CONFIRMED,
)


def can_cancel(actor: Actor, enrolment: Enrolment) -> bool:
    """The participant (until the programme's deadline, services.enrolment_cancel checks) or HR of the
    agency (at any time before completion)."""
    return enrolment.state in CANCELLABLE and (
        is_enrolee(actor, enrolment) or is_hr_of(actor, enrolment.programme.instansi_id)
    )


def cancel_ignores_deadline(actor: Actor, enrolment: Enrolment) -> bool:
    """HR may withdraw a participant after the deadline (illness, transfer); the participant may not."""
    return is_hr_of(actor, enrolment.programme.instansi_id) and not is_enrolee(actor, enrolment)


def can_view_participants(actor: Actor, programme: Programme) -> bool:
    return can_manage_programme(actor, programme)


def can_mark_attendance(actor: Actor, programme: Programme) -> bool:
    return can_manage_programme(actor, programme)


def can_record_completion(actor: Actor, programme: Programme) -> bool:
    return can_manage_programme(actor, programme)


def can_download_certificate(actor: Actor, enrolment: Enrolment) -> bool:
    """The participant and HR of the agency, once the certificate exists."""
    return bool(enrolment.certificate_code) and (
        is_enrolee(actor, enrolment) or is_hr_of(actor, enrolment.programme.instansi_id)
    )


def units_for_programmes(actor: Actor, instansi_id: int) -> QuerySet[UnitKerja]:
    """The units a programme may target or be organised by: those of the agency, for its HR."""
    if not can_manage_catalogue(actor, instansi_id):
        return UnitKerja.objects.none()
    return UnitKerja.objects.filter(instansi_id=instansi_id, is_active=True)


# --- Queues and the menu --------------------------------------------------------------------------------------
def approval_queue(actor: Actor) -> QuerySet[Enrolment]:
    """What waits for the actor: requests they approve as atasan, and (HR) approved enrolments to
    confirm and the waitlists of their agencies. Never their own."""
    q = (
        Q(approver_id=actor.employee_id, state=EnrolmentState.REQUESTED)
        if actor.employee_id
        else Q(pk__in=[])
    )
    managed = agencies(actor)
    if has_hr_role(actor):
        q |= Q(
            programme__instansi__in=managed,
            state__in=[EnrolmentState.APPROVED, EnrolmentState.WAITLISTED],
        )
    queue = Enrolment.objects.filter(q)
    if actor.employee_id is not None:
        queue = queue.exclude(employee_id=actor.employee_id)
    return queue


def approvals_in_menu(actor: Actor) -> bool:
    """The "Persetujuan pelatihan" entry: heads and HR (an acting appraiser opens the page from the
    notification of a request)."""
    return has_hr_or_head_role(actor)


def training_in_menu(actor: Actor) -> bool:
    """The "Pelatihan" entry: everyone with an employee record or an HR post."""
    return has_employee_record(actor) or has_hr_role(actor)


# --- JP compliance ---------------------------------------------------------------------------------------
# The dashboard of the 20 JP duty: HR of an instansi sees every unit and employee of it; a head sees
# their unit's subtree (themself included, as in the unit totals);
# an employee sees their own JP ("JP saya"). Only HR starts a recompute.


def can_view_compliance(actor: Actor) -> bool:
    """The dashboard is for HR and heads; employees see their own JP on "JP saya"."""
    return has_hr_or_head_role(actor)


def compliance_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies whose dashboard the actor sees: HR's agencies and those of the units they head."""
    return agencies(actor, heads=True)


def get_compliance_instansi(actor: Actor, pk: int) -> Instansi:
    """An agency the actor works in (else 404) whose dashboard they see (else 403)."""
    instansi = get_instansi(actor, pk)
    require_in_agency(actor, compliance_agencies(actor).filter(pk=pk).exists(), instansi.pk)
    return instansi


def sees_whole_agency(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def compliance_unit_scope(actor: Actor, instansi_id: int) -> Q:
    """A filter on UnitKerja: the units of the agency the actor's dashboard covers."""
    return units_in_scope(actor, instansi_id=instansi_id)


def compliance_people_scope(actor: Actor, instansi_id: int, *, via: str = "employee__") -> Q:
    """A filter on anything with a path to an employee: the people of the agency in the actor's
    dashboard (HR: all; a head: their subtree, themself included, as in the unit totals)."""
    return people_in_scope(actor, via=via, own=False, instansi_id=instansi_id)


def get_compliance_unit(actor: Actor, pk: int) -> UnitKerja:
    """A unit of an agency the actor works in (else 404) that their dashboard covers (else 403)."""
    unit = core_get_unit(actor, pk)
    allowed = is_hr_of(actor, unit.instansi_id) or heads_over(actor, unit.path, unit.instansi_id)
    if not allowed:
        deny(actor, unit.instansi_id)
    return unit


def compliance_start_unit_id(actor: Actor, instansi_id: int) -> int | None:
    """Where a head's dashboard starts: the unit they head (None for HR: the whole agency)."""
    if sees_whole_agency(actor, instansi_id):
        return None
    start = head_start_unit_id(actor, instansi_id)
    require(start is not None)
    return start


def can_recompute_compliance(actor: Actor, instansi_id: int) -> bool:
    """Starting a recompute on demand: HR of the agency."""
    return is_hr_of(actor, instansi_id)


def can_view_own_jp(actor: Actor) -> bool:
    return has_employee_record(actor)


def compliance_in_menu(actor: Actor) -> bool:
    return can_view_compliance(actor)


# --- Study assignments (tugas belajar, izin belajar) -----------------------------------------------------
# The employee asks and reports each semester; their atasan langsung (named on the request)
# recommends; HR of the agency decides and records the completion (both change the personnel
# record's working state). HR sees the agency's list, heads their subtree's, everyone their own and
# those they recommend. Nobody recommends or decides their own request.
STUDY_REQUESTED = "diajukan"
STUDY_RECOMMENDED = "direkomendasikan"
STUDY_ONGOING = "berjalan"


def study_scope(actor: Actor) -> Q:
    return people_in_scope(actor, via="employee__", also=("approver_id",))


def studies_visible_to(actor: Actor) -> QuerySet[StudyAssignment]:
    return StudyAssignment.objects.filter(study_scope(actor))


def get_study(actor: Actor, pk: int) -> StudyAssignment:
    return get_or_404(
        studies_visible_to(actor).select_related("instansi", "employee__unit", "approver"), pk=pk
    )


def get_study_report(actor: Actor, pk: int) -> StudyReport:
    return get_or_404(
        StudyReport.objects.filter(assignment__in=studies_visible_to(actor)).select_related(
            "assignment__employee"
        ),
        pk=pk,
    )


def can_request_study(actor: Actor) -> bool:
    """Everyone with an employee record (eligibility is the service's, shown on the form)."""
    return has_employee_record(actor)


def is_study_employee(actor: Actor, study: StudyAssignment) -> bool:
    return is_self(actor, study.employee_id)


def can_recommend_study(actor: Actor, study: StudyAssignment) -> bool:
    """The atasan langsung named on the request, never the employee themself."""
    return (
        study.state == STUDY_REQUESTED
        and is_self(actor, study.approver_id)
        and not is_study_employee(actor, study)
    )


def can_decide_study(actor: Actor, study: StudyAssignment) -> bool:
    """HR of the agency, once the atasan has spoken (or nobody is above), never on their own request."""
    return (
        study.state == STUDY_RECOMMENDED
        and is_hr_of(actor, study.instansi_id)
        and not is_study_employee(actor, study)
    )


def can_report_study(actor: Actor, study: StudyAssignment) -> bool:
    """The employee reports each semester while studying."""
    return study.state == STUDY_ONGOING and is_study_employee(actor, study)


def can_complete_study(actor: Actor, study: StudyAssignment) -> bool:
    """HR records the graduation (it restores the working state), never their own."""
    return (
        study.state == STUDY_ONGOING
        and is_hr_of(actor, study.instansi_id)
        and not is_study_employee(actor, study)
    )


def can_withdraw_study(actor: Actor, study: StudyAssignment) -> bool:
    """The employee withdraws a request before HR decides."""
    return study.state in (STUDY_REQUESTED, STUDY_RECOMMENDED) and is_study_employee(actor, study)


def can_view_study_files(actor: Actor, study: StudyAssignment) -> bool:
    """The letters, transcripts and diploma: the employee, the atasan named on it and HR."""
    return (
        is_study_employee(actor, study)
        or is_self(actor, study.approver_id)
        or is_hr_of(actor, study.instansi_id)
    )


def can_view_study_list(actor: Actor) -> bool:
    """HR's list of the agency (heads see their subtree's)."""
    return has_hr_or_head_role(actor)


def study_queue(actor: Actor) -> QuerySet[StudyAssignment]:
    """What waits for the actor: requests they recommend as atasan and (HR) those to decide. Never
    their own."""
    q = Q(approver_id=actor.employee_id, state=STUDY_REQUESTED) if actor.employee_id else Q(pk__in=[])
    if has_hr_role(actor):
        q |= Q(instansi__in=agencies(actor), state=STUDY_RECOMMENDED)
    queue = StudyAssignment.objects.filter(q)
    if actor.employee_id is not None:
        queue = queue.exclude(employee_id=actor.employee_id)
    return queue


def study_units(actor: Actor) -> QuerySet[UnitKerja]:
    """The units HR's list filters by: those of the actor's agencies and headed subtrees."""
    return UnitKerja.objects.filter(units_in_scope(actor))


def study_agencies(actor: Actor) -> QuerySet[Instansi]:
    """The agencies HR's list covers (for the export's heading)."""
    return agencies(actor, heads=True)


# --- External learning -----------------------------------------------------------------------------------
# The employee records learning taken elsewhere and sees their own records; HR of the employee's agency
# sees the agency's records and verifies or rejects those waiting, never their own. Heads do not see
# them (the JP dashboard shows their people's totals once verified).


def external_scope(actor: Actor) -> Q:
    """A filter on ExternalLearning: HR's agencies and the actor's own records."""
    return people_in_scope(actor, via="employee__", heads=False)


def externals_visible_to(actor: Actor) -> QuerySet[ExternalLearning]:
    return ExternalLearning.objects.filter(external_scope(actor))


def get_external(actor: Actor, pk: int) -> ExternalLearning:
    return get_or_404(
        externals_visible_to(actor).select_related("employee__unit__instansi", "decided_by"), pk=pk
    )


def can_record_external(actor: Actor) -> bool:
    """Everyone with an employee record records their own external learning."""
    return has_employee_record(actor)


def is_external_owner(actor: Actor, record: ExternalLearning) -> bool:
    return is_self(actor, record.employee_id)


def can_edit_external(actor: Actor, record: ExternalLearning) -> bool:
    """The employee changes or withdraws their record while it waits for HR."""
    return is_external_owner(actor, record) and is_editable(record.state)


def is_external_verifier(actor: Actor, record: ExternalLearning) -> bool:
    """HR of the employee's agency, never for their own record (whatever its state)."""
    return is_hr_of(actor, record.employee.unit.instansi_id) and not is_external_owner(actor, record)


def can_decide_external(actor: Actor, record: ExternalLearning) -> bool:
    """HR of the employee's agency verifies or rejects a waiting record, never their own."""
    return is_decidable(record.state) and is_external_verifier(actor, record)


def can_download_external_certificate(actor: Actor, record: ExternalLearning) -> bool:
    return is_external_owner(actor, record) or is_hr_of(actor, record.employee.unit.instansi_id)


def can_view_external_queue(actor: Actor) -> bool:
    """HR's verification queue."""
    return has_hr_role(actor)


def external_queue(actor: Actor) -> QuerySet[ExternalLearning]:
    """The records of the agencies the actor keeps as HR (any state), never their own."""
    qs = ExternalLearning.objects.filter(employee__unit__instansi__in=agencies(actor))
    if actor.employee_id is not None:
        qs = qs.exclude(employee_id=actor.employee_id)
    return qs


# --- Evaluation ------------------------------------------------------------------------------------------
# The participant gives their reaction to a programme they completed; the atasan recorded on the
# enrolment (never the participant) evaluates applied learning later; HR of the programme's agency
# reads the results per programme and per organiser. The dates are the services' (rules.evaluation).


def can_give_feedback(actor: Actor, enrolment: Enrolment) -> bool:
    return enrolment.state == EnrolmentState.COMPLETED and is_enrolee(actor, enrolment)


def can_evaluate_applied(actor: Actor, enrolment: Enrolment) -> bool:
    return (
        enrolment.state == EnrolmentState.COMPLETED
        and is_self(actor, enrolment.approver_id)
        and not is_enrolee(actor, enrolment)
    )


def can_view_own_evaluations(actor: Actor) -> bool:
    return has_employee_record(actor)


def can_view_evaluation_results(actor: Actor) -> bool:
    """The results pages: HR officers (of their agencies' programmes)."""
    return has_hr_role(actor)


def evaluation_programmes(actor: Actor) -> QuerySet[Programme]:
    """The programmes whose results the actor reads: those of the agencies they keep."""
    return Programme.objects.filter(instansi__in=catalogue_agencies(actor))


def get_evaluated_programme(actor: Actor, pk: int) -> Programme:
    """A programme the actor sees (else 404) whose results they read (else 403)."""
    programme = get_programme(actor, pk)
    check(actor, can_manage_programme(actor, programme), programme)
    return programme


def get_filter_unit(actor: Actor, pk: int) -> UnitKerja:
    """A unit chosen in a list's filter: one the actor sees (else 404)."""
    return core_get_unit(actor, pk)


# --- Training needs ----------------------------------------------------------------------------------------
# An employee proposes needs for themself and sees their own; a head proposes for and sees the people
# of their subtree; HR of the agency sees every need of it, takes the coaching plans' needs in,
# aggregates them and answers one with a nomination (never for themself).


def need_scope(actor: Actor) -> Q:
    """A filter on TrainingNeed: own needs, the head's subtree, HR's agencies."""
    return people_in_scope(actor, via="employee__")


def needs_visible_to(actor: Actor) -> QuerySet[TrainingNeed]:
    return TrainingNeed.objects.filter(need_scope(actor))


def can_list_needs(actor: Actor) -> bool:
    return has_employee_record(actor) or has_hr_role(actor)


def can_propose_need(actor: Actor) -> bool:
    """Everyone with an employee record (for themself; heads also for their subtree) and HR."""
    return has_employee_record(actor) or has_hr_role(actor)


def need_subjects(actor: Actor) -> QuerySet[Employee]:
    """For whom the actor may propose a need: themself, the people of the subtrees they head, and
    (HR) the agency's people; active employees only."""
    return Employee.objects.filter(people_in_scope(actor), is_active=True)


def is_own_record(actor: Actor, employee_id: int) -> bool:
    """A need proposed for the actor's own record is the employee's proposal (else a head's or HR's)."""
    return is_self(actor, employee_id)


def need_competencies(actor: Actor) -> QuerySet[Competency]:
    """The competency lists a proposal chooses from: of the agencies the actor works in, heads or keeps."""
    return Competency.objects.filter(instansi__in=agencies(actor, heads=True, own=True))


def get_need(actor: Actor, pk: int) -> TrainingNeed:
    return get_or_404(
        needs_visible_to(actor).select_related(
            "instansi", "employee__unit", "competency", "enrolment__programme", "coaching_plan"
        ),
        pk=pk,
    )


def can_manage_need(actor: Actor, need: TrainingNeed) -> bool:
    """HR of the need's agency maps it to a competency and nominates for it; never their own need."""
    return is_hr_of(actor, need.instansi_id) and not is_self(actor, need.employee_id)


def can_plan_needs(actor: Actor, instansi_id: int) -> bool:
    """The aggregation per competency and unit, its export and the intake of coaching needs: HR."""
    return is_hr_of(actor, instansi_id)


def can_plan_any_needs(actor: Actor) -> bool:
    return has_hr_role(actor)


def needs_in_menu(actor: Actor) -> bool:
    return can_list_needs(actor)


# --- Budget ------------------------------------------------------------------------------------------------
# The training budget of an agency (allocations per budget line, spending per programme): its HR.


def can_manage_budget(actor: Actor, instansi_id: int) -> bool:
    return is_hr_of(actor, instansi_id)


def can_manage_any_budget(actor: Actor) -> bool:
    return has_hr_role(actor)


def get_budget_programme(actor: Actor, pk: int) -> Programme:
    """A programme whose spending the actor records: HR of its agency (else 403 in the agency, 404)."""
    programme = get_programme(actor, pk)
    check(actor, can_manage_budget(actor, programme.instansi_id), programme)
    return programme
