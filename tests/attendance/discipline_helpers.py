"""Constructed daily statuses for the discipline tests: every calendar day from `start`, weekends
libur, working days hadir unless named."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from attendance.choices import DayStatus
from attendance.models import DailyStatus

YEAR = 2026


def working_days(start: date, count: int) -> list[date]:
    """The first `count` weekdays from `start`."""
    found, day = [], start
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def build_days(
    employee,
    start: date,
    end: date,
    *,
    tk: Iterable[date] = (),
    late: dict[date, int] | None = None,
    libur: Iterable[date] = (),
) -> None:
    """One DailyStatus per calendar day between `start` and `end` (replacing any there)."""
    tk, libur, late = set(tk), set(libur), late or {}
    DailyStatus.objects.filter(employee=employee, date__gte=start, date__lte=end).delete()
    rows, day = [], start
    while day <= end:
        if day.weekday() >= 5 or day in libur:
            status, minutes = DayStatus.LIBUR, 0
        elif day in tk:
            status, minutes = DayStatus.TANPA_KETERANGAN, 0
        elif day in late:
            status, minutes = DayStatus.TERLAMBAT, late[day]
        else:
            status, minutes = DayStatus.HADIR, 0
        rows.append(DailyStatus(employee=employee, date=day, status=status, minutes_late=minutes))
        day += timedelta(days=1)
    DailyStatus.objects.bulk_create(rows)


def set_status(employee, day: date, status: str, minutes_late: int = 0) -> None:
    DailyStatus.objects.update_or_create(
        employee=employee, date=day, defaults={"status": status, "minutes_late": minutes_late}
    )
