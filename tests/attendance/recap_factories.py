"""Factories of the recap tests: daily statuses written directly (as the nightly job would) and band
tables, so that a month can be constructed day by day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from attendance import rules
from attendance.choices import DayStatus
from attendance.models import Band, BandTable, DailyStatus

# July 2026: 1 July is a Wednesday; 23 weekdays (no national holiday in the month).
JULY = (2026, 7)


def weekdays(year: int, month: int) -> list[date]:
    day, found = date(year, month, 1), []
    while day.month == month:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def band_table(
    instansi,
    valid_from: date,
    valid_to: date | None = None,
    *,
    bands=rules.EXAMPLE_BANDS,
    absence: str | Decimal = "3.00",
    share: str | Decimal = "40",
    name: str = "Perwali 12/2025",
) -> BandTable:
    table = BandTable.objects.create(
        instansi=instansi,
        name=name,
        valid_from=valid_from,
        valid_to=valid_to,
        absence_cut_percent=Decimal(absence),
        attendance_share_percent=Decimal(share),
    )
    Band.objects.bulk_create(
        Band(
            table=table,
            kind=b.kind,
            code=b.code,
            min_minutes=b.min_minutes,
            max_minutes=b.max_minutes,
            cut_percent=b.cut_percent,
        )
        for b in bands
    )
    return table


def bands_with_cuts(tl: list[str], psw: list[str]) -> tuple[rules.BandSpec, ...]:
    """The example table's edges with other cuts (four of each kind)."""
    edges = [(1, 30), (31, 60), (61, 90), (91, None)]
    return tuple(
        rules.BandSpec(kind, f"{prefix}{i + 1}", lo, hi, Decimal(cut))
        for kind, prefix, cuts in (("tl", "TL", tl), ("psw", "PSW", psw))
        for i, ((lo, hi), cut) in enumerate(zip(edges, cuts, strict=True))
    )


def day(employee, on: date, status: str = DayStatus.HADIR, *, late: int = 0, early: int = 0, tl: str = "",
        psw: str = "") -> DailyStatus:  # fmt: skip
    return DailyStatus.objects.create(
        employee=employee,
        date=on,
        status=status,
        minutes_late=late,
        minutes_early=early,
        tl_band=tl,
        psw_band=psw,
    )


def month_of(
    employee, year: int, month: int, status: str = DayStatus.HADIR, **overrides
) -> list[DailyStatus]:
    """Every weekday of the month with `status`; `overrides` maps a day of the month to a dict of
    `day()` arguments (status, late, early, tl, psw)."""
    rows = []
    for on in weekdays(year, month):
        kwargs = {"status": status, **overrides.get(f"d{on.day}", {})}
        rows.append(
            DailyStatus(
                employee=employee,
                date=on,
                status=kwargs["status"],
                minutes_late=kwargs.get("late", 0),
                minutes_early=kwargs.get("early", 0),
                tl_band=kwargs.get("tl", ""),
                psw_band=kwargs.get("psw", ""),
            )
        )
    return DailyStatus.objects.bulk_create(rows)
