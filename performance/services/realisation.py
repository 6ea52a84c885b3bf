"""Writes of realisations: the employee reports, for one period, what each IKI of the approved SKP
achieved, with evidence (a file under the document upload rules, or a link) and a self-assessment.

All IKI of a period are saved together or not at all: a bad upload in the last row leaves no row,
no document and no file behind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Actor
from employees.choices import DocumentKind
from employees.models import Document
from employees.services.histories import check_upload, document_upload

from .. import access, rules
from ..choices import PeriodKind, SkpState
from ..models import NUMBER_MAX, Iki, Period, Realisation, Skp
from ..selectors.realisation import final_appraisal_blocks


def final_message() -> str:
    return _(
        "Penilaian periode ini sudah final, sehingga realisasinya tidak dapat diubah. "
        "Minta petugas kepegawaian membuka kembali penilaian bila perlu."
    )


@dataclass(frozen=True)
class RealisationInput:
    """What the employee typed for one IKI (one row of the period's form)."""

    iki: Iki
    value: Decimal | None = None
    text: str = ""
    note: str = ""
    upload: UploadedFile | None = None
    evidence_link: str = ""

    @property
    def is_blank(self) -> bool:
        return (
            self.value is None
            and not self.text.strip()
            and not self.note.strip()
            and self.upload is None
            and not self.evidence_link.strip()
        )


def agency_now(skp: Skp) -> datetime:
    return timezone.localtime(timezone.now(), ZoneInfo(skp.year.instansi.time_zone))


def _check_row(row: RealisationInput, prefix: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if row.iki.is_numeric:
        if row.value is None:
            errors[f"{prefix}value"] = [_("Isi angka realisasi untuk indikator ini.")]
        elif row.value < 0:
            errors[f"{prefix}value"] = [_("Realisasi tidak boleh negatif.")]
        elif row.value > NUMBER_MAX:
            errors[f"{prefix}value"] = [
                _("Angka terlalu besar: paling banyak {limit}.").format(
                    limit=rules.grouped_display(NUMBER_MAX)
                )
            ]
    elif not row.text.strip():
        errors[f"{prefix}text"] = [_("Uraikan realisasi untuk indikator kualitatif ini.")]
    if row.upload is not None:
        try:
            check_upload(row.upload)
        except ValidationError as exc:
            errors[f"{prefix}evidence"] = [m for ms in exc.message_dict.values() for m in ms]
    return errors


def row_prefix(iki: Iki) -> str:
    """The prefix of an IKI's inputs in the period form: errors are keyed `iki-<pk>-<field>`."""
    return f"iki-{iki.pk}-"


@transaction.atomic
def realisation_save(
    *, actor: Actor, skp: Skp, period: Period, rows: Sequence[RealisationInput]
) -> list[Realisation]:
    """Save the employee's report for every IKI of one period at once (all or nothing).

    A row left wholly blank is skipped unless that IKI was reported before (a report is changed,
    never silently emptied). Re-submitting updates the rows (one per IKI and period).
    """
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related("employee", "year__instansi")
        .get(pk=skp.pk)
    )
    access.require(access.can_report_realisation(actor, skp))
    if skp.state != SkpState.APPROVED:
        raise ValidationError(_("Realisasi hanya dilaporkan pada SKP yang sudah disetujui."))
    if period.year_id != skp.year_id or period.kind != PeriodKind.PERIODIC:
        raise ValidationError(_("Periode ini bukan periode evaluasi SKP tersebut."))
    if period.start > agency_now(skp).date():
        raise ValidationError(_("Periode ini belum dimulai; realisasi dilaporkan sejak awal periode."))
    if final_appraisal_blocks(skp, period):
        raise ValidationError(final_message())
    iki_ids = set(Iki.objects.filter(rhk__skp=skp).values_list("pk", flat=True))
    if any(row.iki.pk not in iki_ids for row in rows):
        raise ValidationError(_("Indikator ini bukan bagian dari SKP tersebut."))
    existing = {r.iki_id: r for r in Realisation.objects.filter(period=period, iki_id__in=iki_ids)}

    # Check every row first, uploads by their content, so the employee sees all problems at once
    # and nothing is stored when any row is wrong.
    errors: dict[str, list[str]] = {}
    wanted = [row for row in rows if not (row.is_blank and row.iki.pk not in existing)]
    for row in wanted:
        errors.update(_check_row(row, row_prefix(row.iki)))
    if errors:
        raise ValidationError(errors)
    if not wanted:
        raise ValidationError(_("Isi realisasi sedikitnya satu indikator."))

    stored: list[Document] = []
    try:
        saved = []
        for row in wanted:
            saved.append(
                _save_row(actor=actor, skp=skp, period=period, row=row, existing=existing, stored=stored)
            )
    except BaseException:
        # The rows roll back with the transaction; the files of this submission must go too.
        for document in stored:
            document.file.storage.delete(document.file.name)
        raise
    return saved


def _save_row(
    *,
    actor: Actor,
    skp: Skp,
    period: Period,
    row: RealisationInput,
    existing: dict[int, Realisation],
    stored: list[Document],
) -> Realisation:
    realisation = existing.get(row.iki.pk) or Realisation(iki=row.iki, period=period)
    realisation.employee_id = skp.employee_id
    realisation.value = row.value if row.iki.is_numeric else None
    realisation.text = row.text.strip()
    realisation.note = row.note.strip()
    realisation.evidence_link = row.evidence_link.strip()
    if row.upload is not None:
        try:
            document = document_upload(
                actor=actor,
                employee=skp.employee,
                kind=DocumentKind.BUKTI_KINERJA,
                upload=row.upload,
                title=(_("Bukti %(iki)s, %(period)s") % {"iki": row.iki.indicator, "period": period.label})[
                    :200
                ],
            )
        except ValidationError as exc:
            messages = (
                [m for ms in exc.message_dict.values() for m in ms]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            raise ValidationError({f"{row_prefix(row.iki)}evidence": messages}) from exc
        stored.append(document)
        realisation.evidence = document
    realisation.reported_by_id = actor.user_id
    realisation.full_clean(exclude=["iki", "period", "employee", "evidence"], validate_unique=False)
    realisation.save()
    return realisation
