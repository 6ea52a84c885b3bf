"""Writes of survey periods: create and change a draft, open it (the band table in force on its start
date is fixed on it), close it (the IKM is then recomputed by the job). HR of the agency or the head
of the unit (surveys.access.can_run_periods)."""

from __future__ import annotations

import importlib
import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.access import Actor
from core.runs import enqueue_on_commit

from .. import access
from ..choices import PeriodKind, PeriodState, Weighting
from ..models import Questionnaire, ServiceUnit, SurveyPeriod
from ..selectors import periods as selectors

logger = logging.getLogger(__name__)

# The task that recomputes a period's IKM (surveys/tasks.py, the results part of issue 12), named
# here rather than imported: it is queued after a period closes when it exists.
IKM_TASK = "compute_period_ikm"


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _check(
    service_unit: ServiceUnit,
    *,
    kind: str,
    start: date,
    end: date,
    questionnaire: Questionnaire,
    weighting: str,
    exclude_pk: int | None = None,
) -> None:
    """The rules of a period's fields: a known kind and weighting, dates in order and overlapping
    no other period of the unit, the standard or the agency's latest questionnaire."""
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Jenis periode tidak dikenal.")})
    if weighting not in Weighting.values:
        raise ValidationError({"weighting": _("Bobot unsur tidak dikenal.")})
    if end < start:
        raise ValidationError({"end": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    instansi_id = access.instansi_of(service_unit)
    if not selectors.questionnaires_for_period(instansi_id).filter(pk=questionnaire.pk).exists():
        raise ValidationError(
            {
                "questionnaire": _(
                    "Pilih kuesioner standar atau versi terbaru kuesioner instansi ini; versi lama tidak "
                    "dipakai untuk periode baru."
                )
            }
        )
    clash = selectors.overlapping(service_unit, start, end, exclude_pk=exclude_pk).first()
    if clash is not None:
        raise ValidationError(
            _(
                "Periode ini bertumpang tindih dengan periode lain unit layanan ini (%(start)s – %(end)s). "
                "Satu unit layanan tidak boleh memiliki dua periode pada tanggal yang sama."
            )
            % {"start": _day(clash.start), "end": _day(clash.end)}
        )


def _lock(service_unit: ServiceUnit) -> ServiceUnit:
    """Serialise the writes of one unit's periods (the overlap and the one-open checks)."""
    return ServiceUnit.objects.select_for_update().select_related("unit").get(pk=service_unit.pk)


@transaction.atomic
def period_create(
    *,
    actor: Actor,
    service_unit: ServiceUnit,
    kind: str,
    start: date,
    end: date,
    questionnaire: Questionnaire,
    weighting: str = Weighting.EXACT,
) -> SurveyPeriod:
    """A new period of the unit, not open yet."""
    access.require(access.can_run_periods(actor, service_unit))
    service_unit = _lock(service_unit)
    if not service_unit.is_active:
        raise ValidationError(
            _("Unit layanan ini nonaktif. Aktifkan kembali sebelum membuat periode survei.")
        )
    _check(service_unit, kind=kind, start=start, end=end, questionnaire=questionnaire, weighting=weighting)
    period = SurveyPeriod(
        service_unit=service_unit,
        kind=kind,
        start=start,
        end=end,
        questionnaire=questionnaire,
        weighting=weighting,
        state=PeriodState.DRAFT,
    )
    period.full_clean(validate_constraints=False)
    period.save()
    return period


@transaction.atomic
def period_update(
    *,
    actor: Actor,
    period: SurveyPeriod,
    kind: str,
    start: date,
    end: date,
    questionnaire: Questionnaire,
    weighting: str,
) -> SurveyPeriod:
    """Change a period that has not been opened yet; an opened period keeps what it opened with."""
    access.require(access.can_run_periods(actor, period.service_unit))
    service_unit = _lock(period.service_unit)
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != PeriodState.DRAFT:
        raise ValidationError(_("Periode yang sudah dibuka tidak dapat diubah lagi."))
    _check(
        service_unit,
        kind=kind,
        start=start,
        end=end,
        questionnaire=questionnaire,
        weighting=weighting,
        exclude_pk=period.pk,
    )
    period.kind, period.start, period.end = kind, start, end
    period.questionnaire, period.weighting = questionnaire, weighting
    period.full_clean(validate_constraints=False)
    period.save()
    return period


@transaction.atomic
def period_open(*, actor: Actor, period: SurveyPeriod) -> SurveyPeriod:
    """Open a draft period: citizens' answers are accepted from now on. The band table in force on
    its start date is fixed on it; a unit has one open period at a time."""
    access.require(access.can_run_periods(actor, period.service_unit))
    service_unit = _lock(period.service_unit)
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != PeriodState.DRAFT:
        raise ValidationError(_("Hanya periode yang belum dibuka yang dapat dibuka."))
    if not service_unit.is_active:
        raise ValidationError(
            _("Unit layanan ini nonaktif. Aktifkan kembali sebelum membuka periode survei.")
        )
    other = selectors.open_period_of(service_unit, exclude_pk=period.pk)
    if other is not None:
        raise ValidationError(_one_open(other))
    table = selectors.band_table_on(period.start)
    if table is None:
        raise ValidationError(
            _(
                "Tidak ada tabel mutu pelayanan yang berlaku pada %(day)s. Hubungi administrator untuk "
                "menambahkan tabel mutu yang berlaku pada tanggal itu."
            )
            % {"day": _day(period.start)}
        )
    period.state = PeriodState.OPEN
    period.band_table = table
    period.opened_at = timezone.now()
    try:
        with transaction.atomic():
            period.save(update_fields=["state", "band_table", "opened_at"])
    except IntegrityError as exc:  # another period of the unit opened at the same moment
        raise ValidationError(_one_open(None)) from exc
    return period


def _one_open(other: SurveyPeriod | None) -> str:
    if other is None:
        return _("Unit layanan ini sudah memiliki periode yang dibuka. Tutup periode itu terlebih dahulu.")
    return _(
        "Unit layanan ini sudah memiliki periode yang dibuka (%(start)s – %(end)s). Satu unit layanan hanya "
        "dapat membuka satu periode pada satu waktu: tutup periode itu terlebih dahulu."
    ) % {"start": _day(other.start), "end": _day(other.end)}


@transaction.atomic
def period_close(*, actor: Actor, period: SurveyPeriod) -> SurveyPeriod:
    """Close an open period: no more answers are accepted, and its IKM is recomputed."""
    access.require(access.can_run_periods(actor, period.service_unit))
    _lock(period.service_unit)
    period = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != PeriodState.OPEN:
        raise ValidationError(_("Hanya periode yang sedang dibuka yang dapat ditutup."))
    period.state = PeriodState.CLOSED
    period.closed_at = timezone.now()
    period.save(update_fields=["state", "closed_at"])
    recompute_on_commit(period.pk)
    return period


def recompute_on_commit(period_id: int) -> None:
    """Queue the IKM recompute of the period once the transaction commits, when the task exists
    (surveys.tasks.compute_period_ikm). A broker that cannot be reached loses nothing: the nightly
    recompute catches the period up."""
    try:
        tasks = importlib.import_module("surveys.tasks")
    except ModuleNotFoundError as exc:
        if exc.name != "surveys.tasks":
            raise
        return
    task = getattr(tasks, IKM_TASK, None)
    if task is None:
        return
    enqueue_on_commit(
        lambda: task.delay(period_id=period_id),
        on_failure=lambda exc: logger.warning("IKM recompute of period %s not queued: %s", period_id, exc),
    )
