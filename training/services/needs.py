"""Writes of training needs: a proposal (an employee for themself, a head for their subtree, HR),
the intake of the coaching plans' training needs (performance app, read through its selector), the
competency HR maps a need to, and HR's nomination answering a need (enrolment.enrolment_nominate)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.models import Instansi
from employees.models import Employee
from performance.selectors.coaching import plans_with_training_need

from .. import access
from ..choices import NeedPriority, NeedSource, NeedStatus
from ..models import Competency, Programme, TrainingNeed
from ..rules.needs import need_status
from ..selectors.needs import matching_programmes
from .enrolment import enrolment_nominate

REASON_MAX = 2000
DESCRIPTION_MAX = 300


@transaction.atomic
def need_propose(
    *,
    actor: Actor,
    employee: Employee,
    year: int,
    competency: Competency | None = None,
    description: str = "",
    reason: str = "",
    priority: str = NeedPriority.MEDIUM,
) -> TrainingNeed:
    """A need for `employee` (the actor themself, someone of the subtree they head, or HR's agency)."""
    access.require(access.can_propose_need(actor))
    if not access.need_subjects(actor).filter(pk=employee.pk).exists():
        raise PermissionDenied
    # The employee's row lock serialises two submissions of the same form (a double click).
    employee = Employee.objects.select_for_update(of=("self",)).select_related("unit").get(pk=employee.pk)
    instansi_id = employee.unit.instansi_id
    if competency is not None and competency.instansi_id != instansi_id:
        raise ValidationError({"competency": _("Kompetensi harus dari daftar kompetensi instansi pegawai.")})
    description = " ".join(description.split())[:DESCRIPTION_MAX]
    same = TrainingNeed.objects.filter(employee=employee, year=year)
    same = (
        same.filter(competency=competency)
        if competency
        else same.filter(competency__isnull=True, description__iexact=description)
    )
    if same.exists():
        raise ValidationError(
            _("Kebutuhan ini sudah diusulkan untuk pegawai tersebut pada tahun %(year)s.") % {"year": year}
        )
    need = TrainingNeed(
        instansi_id=instansi_id,
        employee=employee,
        competency=competency,
        description=description,
        reason=reason.strip()[:REASON_MAX],
        priority=priority,
        year=year,
        source=NeedSource.EMPLOYEE if access.is_own_record(actor, employee.pk) else NeedSource.HEAD,
        proposed_by_id=actor.user_id,
    )
    need.full_clean(exclude=["instansi", "employee", "proposed_by"])
    stamp(need, actor)
    need.save()
    return need


@transaction.atomic
def needs_import_coaching(*, actor: Actor, instansi: Instansi) -> int:
    """Take in the training needs written on the agency's coaching plans that are not needs yet (set-
    based, idempotent: one need per plan). The need's year is the plan's target year (else the year it
    was written). Returns how many were added."""
    access.require_in_agency(actor, access.can_plan_needs(actor, instansi.pk), instansi.pk)
    taken = TrainingNeed.objects.filter(instansi=instansi, coaching_plan__isnull=False).values(
        "coaching_plan_id"
    )
    plans = plans_with_training_need(instansi.pk).exclude(pk__in=taken)
    new = [
        TrainingNeed(
            instansi=instansi,
            employee_id=plan.employee_id,
            description=plan.training_need[:DESCRIPTION_MAX],
            reason=plan.problem[:REASON_MAX],
            priority=NeedPriority.HIGH,
            year=(plan.due_date or plan.created_at.date()).year,
            source=NeedSource.COACHING,
            coaching_plan=plan,
            proposed_by_id=actor.user_id,
        )
        for plan in plans
    ]
    TrainingNeed.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def need_set_competency(*, actor: Actor, need: TrainingNeed, competency: Competency) -> TrainingNeed:
    """HR maps a need (a coaching plan's free text) to a competency of the agency's list."""
    need = TrainingNeed.objects.select_for_update().get(pk=need.pk)
    access.require(access.can_manage_need(actor, need))
    if competency.instansi_id != need.instansi_id:
        raise ValidationError({"competency": _("Kompetensi harus dari daftar kompetensi instansi pegawai.")})
    need.competency = competency
    stamp(need, actor)
    need.save(update_fields=["competency"])
    return need


@transaction.atomic
def need_nominate(
    *, actor: Actor, need: TrainingNeed, programme: Programme, reason: str = ""
) -> TrainingNeed:
    """HR answers a need with a nomination for a matching programme (open, addressing the need's
    competency, admitting its employee); the need records the enrolment."""
    need = (
        TrainingNeed.objects.select_for_update(of=("self",))
        .select_related("enrolment", "employee")
        .get(pk=need.pk)
    )
    access.require(access.can_manage_need(actor, need))
    if need_status(need.enrolment.state if need.enrolment else None) != NeedStatus.OPEN:
        raise ValidationError(_("Kebutuhan ini sudah ditindaklanjuti dengan usulan pelatihan."))
    if need.competency_id is None:
        raise ValidationError(_("Petakan kebutuhan ini ke sebuah kompetensi terlebih dahulu."))
    if not matching_programmes(actor, need).filter(pk=programme.pk).exists():
        raise ValidationError(
            {
                "programme": _(
                    "Program ini tidak sedang dibuka, tidak mengembangkan kompetensi ini, atau pegawai tidak memenuhi syaratnya."
                )
            }
        )
    text = reason.strip() or need.reason or need.description
    enrolment = enrolment_nominate(actor=actor, programme=programme, employee=need.employee, reason=text)
    need.enrolment = enrolment
    stamp(need, actor)
    need.save(update_fields=["enrolment"])
    return need
