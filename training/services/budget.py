"""Writes of the training budget: HR's allocation of a budget line (mata anggaran) in a year, and the
actual spending of a programme. Amounts are integer rupiah, 0..10^13 (a spending at least Rp1)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.access import Actor
from core.audit import stamp
from core.models import Instansi

from .. import access
from ..choices import ProgrammeState
from ..models import AMOUNT_MAX, BudgetLine, Programme, Spending

NOTE_MAX = 300


def _bounded(amount: int, field: str, *, minimum: int) -> None:
    if not minimum <= amount <= AMOUNT_MAX:
        raise ValidationError(
            {field: _("Jumlah harus antara Rp%(low)s dan Rp10.000.000.000.000.") % {"low": minimum}}
        )


@transaction.atomic
def budget_line_save(
    *, actor: Actor, instansi: Instansi, year: int, code: str, allocated: int, name: str = ""
) -> BudgetLine:
    """Record (or change) the allocation of a budget line in a year."""
    access.require_in_agency(actor, access.can_manage_budget(actor, instansi.pk), instansi.pk)
    code = " ".join(code.split())
    if not code:
        raise ValidationError({"code": _("Tuliskan kode mata anggaran.")})
    _bounded(allocated, "allocated", minimum=0)
    spent = (
        Spending.objects.filter(
            programme__instansi=instansi, programme__start_date__year=year, programme__budget_line=code
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    if allocated < spent:
        raise ValidationError(
            {
                "allocated": _("Pagu tidak dapat lebih kecil dari belanja yang sudah tercatat (Rp%(spent)s).")
                % {"spent": number_format(spent, force_grouping=True)}
            }
        )
    line = BudgetLine.objects.select_for_update().filter(
        instansi=instansi, year=year, code=code
    ).first() or BudgetLine(instansi=instansi, year=year, code=code)
    line.name = " ".join(name.split())
    line.allocated = allocated
    line.full_clean(exclude=["instansi"], validate_unique=False, validate_constraints=False)
    stamp(line, actor)
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:  # the same line recorded at the same moment
        raise ValidationError(_("Mata anggaran ini sudah tercatat untuk tahun itu.")) from exc
    return line


@transaction.atomic
def spending_record(*, actor: Actor, programme: Programme, on: date, amount: int, note: str = "") -> Spending:
    """HR records an actual expense of a programme."""
    access.check(actor, access.can_manage_budget(actor, programme.instansi_id), programme)
    _bounded(amount, "amount", minimum=1)
    if programme.state == ProgrammeState.DRAFT:
        raise ValidationError(_("Belanja dicatat untuk program yang sudah dibuka, bukan draf."))
    spending = Spending(
        programme=programme, date=on, amount=amount, note=" ".join(note.split())[:NOTE_MAX],
        recorded_by_id=actor.user_id,
    )  # fmt: skip
    spending.full_clean(exclude=["programme", "recorded_by"])
    stamp(spending, actor)
    spending.save()
    return spending
