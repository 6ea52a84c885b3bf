"""The PP 94/2021 thresholds of unexcused absence (attendance.services.discipline): each edge, the
10 consecutive working days, the rerun, the late-minute switch and a correction that lowers a count."""

from __future__ import annotations

from datetime import date

import pytest

from attendance import rules
from attendance.choices import DayStatus, DisciplineKind, Sanction
from attendance.models import AttendanceSettings, DisciplineFlag
from attendance.services import discipline
from attendance.tasks import check_discipline
from notifications.models import Notification

from .discipline_helpers import YEAR, build_days, set_status, working_days

pytestmark = pytest.mark.django_db
JAN = date(YEAR, 1, 5)  # a Monday
JUNE_END = date(YEAR, 12, 31)


def spread(count: int) -> list[date]:
    """`count` unexcused days, one a week (never consecutive: only the cumulative count moves)."""
    return working_days(JAN, 5 * count)[::5][:count]


def flags(employee, kind=DisciplineKind.CUMULATIVE):
    return list(
        DisciplineFlag.objects.filter(employee=employee, kind=kind)
        .order_by("days")
        .values_list("days", flat=True)
    )


EDGES = [(t.days - 1, t.days, t.sanction) for t in rules.ABSENCE_THRESHOLDS]


@pytest.mark.parametrize(("below", "at", "sanction"), EDGES, ids=[f"{b}->{a}" for b, a, _s in EDGES])
def test_each_threshold_is_flagged_at_its_edge_and_not_one_day_before(org, below, at, sanction):
    nurse = org.employee_dinkes_sorong
    days = spread(at)
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=days[:below])
    discipline.check_thresholds(year=YEAR, instansi_id=org.sorong.pk)
    assert at not in flags(nurse)
    set_status(nurse, days[at - 1], DayStatus.TANPA_KETERANGAN)
    discipline.check_thresholds(year=YEAR, instansi_id=org.sorong.pk)
    flag = DisciplineFlag.objects.get(employee=nurse, kind=DisciplineKind.CUMULATIVE, days=at)
    assert flag.sanction == sanction
    assert flag.reached_on == days[at - 1]
    assert [d["date"] for d in flag.dates] == [d.isoformat() for d in days[:at]]
    assert flag.instansi_id == org.sorong.pk and flag.in_force
    assert flags(nurse) == [t.days for t in rules.ABSENCE_THRESHOLDS if t.days <= at]


def test_two_days_flag_nothing(org):
    build_days(org.employee_dinkes_sorong, date(YEAR, 1, 1), JUNE_END, tk=spread(2))
    assert discipline.check_thresholds(year=YEAR) == 0
    assert not DisciplineFlag.objects.exists()
    assert not Notification.objects.filter(kind="attendance_discipline").exists()


def test_hr_and_the_head_are_told_with_the_days_and_a_rerun_tells_nobody_again(org):
    nurse = org.employee_dinkes_sorong
    days = spread(3)
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=days)
    assert discipline.check_thresholds(year=YEAR) == 1
    assert discipline.check_thresholds(year=YEAR) == 0
    told = Notification.objects.filter(kind="attendance_discipline")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["hr.sorong", "kadinkes.sorong"]
    note = told.get(recipient=org.users["hr_sorong"])
    assert "3 hari" in note.title and str(Sanction.TEGURAN_LISAN.label) in note.body
    assert "bukan penjatuhan hukuman" in note.body
    assert "12 Januari 2026" in note.body  # the second Monday counted
    assert note.url == f"/presensi/disiplin/pegawai/{nurse.pk}/{YEAR}/"
    # Nobody of another agency, and never the employee themself.
    assert not told.filter(
        recipient__in=[org.users["hr_palembang"], org.users["employee_dinkes_sorong"]]
    ).exists()


def test_nine_consecutive_working_days_are_not_ten(org):
    nurse = org.employee_dinkes_sorong
    nine = working_days(date(YEAR, 3, 2), 9)  # Monday 2 March … Thursday 12 March, a weekend inside
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=nine)
    discipline.check_thresholds(year=YEAR)
    assert flags(nurse, DisciplineKind.CONSECUTIVE) == []
    assert flags(nurse) == [3, 4, 7]


def test_ten_consecutive_working_days_across_a_weekend_and_a_holiday_flag_dismissal(org):
    nurse = org.employee_dinkes_sorong
    holiday = date(YEAR, 3, 5)  # a Thursday off (libur) in the middle of the run
    ten = [d for d in working_days(date(YEAR, 3, 2), 11) if d != holiday]
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=ten, libur=[holiday])
    discipline.check_thresholds(year=YEAR)
    flag = DisciplineFlag.objects.get(employee=nurse, kind=DisciplineKind.CONSECUTIVE)
    assert flag.days == 10 and flag.sanction == Sanction.PEMBERHENTIAN
    assert flag.reached_on == ten[-1] == date(YEAR, 3, 16)
    assert [d["date"] for d in flag.dates] == [d.isoformat() for d in ten]


def test_a_day_present_breaks_the_run(org):
    nurse = org.employee_dinkes_sorong
    eleven = working_days(date(YEAR, 3, 2), 11)
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=eleven[:5] + eleven[6:])
    discipline.check_thresholds(year=YEAR)
    assert flags(nurse, DisciplineKind.CONSECUTIVE) == []
    assert flags(nurse) == [3, 4, 7]


def test_a_run_from_december_reaching_ten_in_january_belongs_to_the_new_year(org):
    nurse = org.employee_dinkes_sorong
    run = working_days(date(YEAR, 12, 21), 10)  # 21 December 2026 … 1 January 2027
    build_days(nurse, date(YEAR, 12, 1), date(YEAR + 1, 1, 31), tk=run)
    discipline.check_thresholds(year=YEAR)
    assert flags(nurse, DisciplineKind.CONSECUTIVE) == []
    discipline.check_thresholds(year=YEAR + 1)
    flag = DisciplineFlag.objects.get(employee=nurse, kind=DisciplineKind.CONSECUTIVE)
    assert flag.year == YEAR + 1 and flag.reached_on == date(YEAR + 1, 1, 1)


def test_late_minutes_add_days_only_when_the_agency_converts_them(org):
    nurse = org.employee_dinkes_sorong
    late_days = working_days(date(YEAR, 2, 2), 10)
    late = {d: 90 for d in late_days}  # 900 minutes: two days at 450
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=spread(2), late=late)
    discipline.check_thresholds(year=YEAR)
    assert flags(nurse) == []  # the switch is off by default
    AttendanceSettings.objects.create(instansi=org.sorong, convert_late_minutes=True)
    discipline.check_thresholds(year=YEAR)
    assert flags(nurse) == [3, 4]
    third = DisciplineFlag.objects.get(employee=nurse, days=3)
    assert third.reached_on == late_days[4]  # 2 absent days + 450 minutes on the fifth late day
    assert third.late_minutes == 450
    assert [d["status"] for d in third.dates].count("terlambat") == 5
    note = Notification.objects.filter(kind="attendance_discipline", recipient=org.users["hr_sorong"]).first()
    assert note is not None and "450 menit" in note.body
    # Another agency's switch changes nothing here (Palembang's employee has no late days counted).
    other = org.employee_dishub_palembang
    build_days(other, date(YEAR, 1, 1), JUNE_END, tk=spread(2), late=late)
    discipline.check_thresholds(year=YEAR)
    assert flags(other) == []


def test_a_correction_that_lowers_the_count_keeps_the_flag_marked_no_longer_in_force(org, time_machine):
    nurse = org.employee_dinkes_sorong
    days = spread(4)
    build_days(nurse, date(YEAR, 1, 1), JUNE_END, tk=days)
    discipline.check_thresholds(year=YEAR)
    set_status(nurse, days[3], DayStatus.HADIR)  # an approved correction: the fourth day was worked
    discipline.check_thresholds(year=YEAR)
    fourth = DisciplineFlag.objects.get(employee=nurse, days=4)
    third = DisciplineFlag.objects.get(employee=nurse, days=3)
    assert fourth.reconsidered_at is not None and not fourth.in_force
    assert third.in_force
    told = Notification.objects.filter(kind="attendance_discipline", recipient=org.users["hr_sorong"])
    assert told.filter(title__contains="tidak berlaku lagi").count() == 1
    discipline.check_thresholds(year=YEAR)
    assert told.count() == 3  # reached 3, reached 4, 4 no longer: nothing more on a rerun
    # Absent again: the flag holds again and the people are told again.
    set_status(nurse, days[3], DayStatus.TANPA_KETERANGAN)
    assert discipline.check_thresholds(year=YEAR) == 1
    fourth.refresh_from_db()
    assert fourth.in_force and fourth.round == 2
    assert told.count() == 4


def test_the_nightly_task_checks_every_agency_and_is_idempotent(org):
    build_days(org.employee_dinkes_sorong, date(YEAR, 1, 1), JUNE_END, tk=spread(3))
    build_days(org.employee_dishub_palembang, date(YEAR, 1, 1), JUNE_END, tk=spread(4))
    first = check_discipline.delay().get()
    assert first["flagged"] == 3
    assert check_discipline.delay().get()["flagged"] == 0
    assert DisciplineFlag.objects.count() == 3


def test_the_check_reads_a_constant_number_of_queries(org, django_assert_max_num_queries):
    from tests.factories import make_employee

    people = [make_employee(org.pkm_sorong, name=f"Pegawai {i}") for i in range(3)]
    for p in people:
        build_days(p, date(YEAR, 1, 1), JUNE_END, tk=working_days(date(YEAR, 3, 2), 12))
    with django_assert_max_num_queries(40) as captured:
        discipline.check_thresholds(year=YEAR)
    few = len(captured)
    DisciplineFlag.objects.all().delete()
    Notification.objects.all().delete()
    # Eight people (40 flags, 80 notifications): one INSERT batch each, as for three (SQLite's
    # statements hold 999 values; larger numbers take one more statement per batch, not per person).
    people += [make_employee(org.pkm_sorong, name=f"Pegawai {i}") for i in range(3, 8)]
    for p in people[3:]:
        build_days(p, date(YEAR, 1, 1), JUNE_END, tk=working_days(date(YEAR, 3, 2), 12))
    with django_assert_max_num_queries(few) as many:
        discipline.check_thresholds(year=YEAR)
    assert DisciplineFlag.objects.filter(kind=DisciplineKind.CONSECUTIVE).count() == 8
    assert len(many) == few


# --- The pure rules of the count ------------------------------------------------------------------------
def test_late_minutes_convert_in_whole_days_and_only_when_switched_on():
    assert rules.converted_days(449, 450) == 0
    assert rules.converted_days(450, 450) == 1
    assert rules.converted_days(1349, 450) == 2
    assert rules.converted_days(10_000, None) == 0
    assert rules.yearly_count(2, 900, 450) == 4 and rules.yearly_count(2, 900, None) == 2


def test_the_reach_day_walks_absent_days_and_converted_minutes_in_order():
    d = [date(YEAR, 3, day) for day in range(2, 7)]
    days = [
        rules.CountedDay(d[0], True),
        rules.CountedDay(d[1], False, 300),
        rules.CountedDay(d[2], True),
        rules.CountedDay(d[3], False, 150),
        rules.CountedDay(d[4], True),
    ]
    assert rules.reached_on(days, 3, 450) == (d[3], days[:4])  # 2 absent + 450 minutes
    assert rules.reached_on(days, 3, None) == (d[4], [days[0], days[2], days[4]])
    assert rules.reached_on(days, 4, None) is None
