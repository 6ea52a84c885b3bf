"""The demo's presensi (issue 16 item 10): shifts and a roster week for the Puskesmas, two months of
device records up to yesterday for every demo employee with the daily statuses built, late days in
every TL band, early leaves, missing check-outs, a few unexcused days, a dinas luar, the demo
nurse's two corrections (one approved, one waiting for her head) and one employee past a PP 94/2021
threshold; a second run adds nothing."""

from collections import Counter
from datetime import date, timedelta

import pytest

from attendance.choices import CorrectionState, DayStatus, DisciplineKind
from attendance.models import (
    Correction,
    DailyStatus,
    DinasLuar,
    DisciplineFlag,
    FlexibleWork,
    Presence,
    Shift,
    ShiftAssignment,
    WorkLocation,
)
from demo import attendance as demo_attendance
from demo import seed as demo_seed
from employees.models import Employee

TODAY = date(2026, 7, 15)  # the pinned clock of tests/conftest.py


@pytest.fixture
def seeded(db):
    return demo_seed.seed(employees=150)


def snapshot():
    return (
        Presence.objects.count(),
        sorted(
            DailyStatus.objects.values_list("employee_id", "date", "status", "minutes_late", "minutes_early")
        ),
        sorted(Correction.objects.values_list("employee_id", "date", "state")),
        sorted(DisciplineFlag.objects.values_list("employee_id", "year", "kind", "days")),
        ShiftAssignment.objects.count(),
        Shift.objects.count(),
        DinasLuar.objects.count(),
        sorted(FlexibleWork.objects.values_list("employee_id", "start", "end", "mode")),
    )


def test_every_demo_employee_has_two_months_of_presensi_mostly_on_time(seeded):
    start, yesterday = TODAY - timedelta(days=demo_attendance.WINDOW_DAYS), TODAY - timedelta(days=1)
    assert WorkLocation.objects.count() == 4
    employees = set(Employee.objects.filter(is_active=True).values_list("pk", flat=True))
    recorded = set(Presence.objects.values_list("employee_id", flat=True))
    assert recorded == employees
    dates = Presence.objects.values_list("work_date", flat=True)
    assert min(dates) >= start and max(dates) == yesterday
    statuses = Counter(
        DailyStatus.objects.filter(date__range=(start, yesterday)).values_list("status", flat=True)
    )
    worked = sum(n for status, n in statuses.items() if status != DayStatus.LIBUR)
    assert statuses[DayStatus.HADIR] / worked > 0.8
    assert statuses[DayStatus.TERLAMBAT] and statuses[DayStatus.PULANG_CEPAT]
    assert 0 < statuses[DayStatus.TANPA_KETERANGAN] < worked * 0.02
    assert statuses[DayStatus.DINAS_LUAR] == 2
    bands = set(DailyStatus.objects.exclude(tl_band="").values_list("tl_band", flat=True))
    assert bands == {"TL1", "TL2", "TL3", "TL4"}
    assert {"PSW1", "PSW2", "PSW3", "PSW4"} <= set(DailyStatus.objects.values_list("psw_band", flat=True))
    # A missing check-out: a check-in and no check-out on a built day.
    assert DailyStatus.objects.filter(check_in__isnull=False, check_out__isnull=True).exists()


def test_the_puskesmas_has_two_shifts_and_a_roster_for_the_coming_week(seeded):
    shifts = {s.code: s for s in Shift.objects.filter(instansi__code="kota-sorong")}
    assert set(shifts) == {"P", "S"} and all(s.unit.code == "DINKES.PKM1" for s in shifts.values())
    monday = TODAY + timedelta(days=7 - TODAY.weekday())
    roster = ShiftAssignment.objects.filter(date__range=(monday, monday + timedelta(days=6)))
    staff = Employee.objects.filter(
        unit__code="DINKES.PKM1", unit__instansi__code="kota-sorong", is_unit_head=False
    )
    assert roster.count() == 7 * staff.count() > 0
    assert roster.filter(shift__isnull=True).count() == staff.count()  # one day off each
    assert {r.shift.code for r in roster.exclude(shift__isnull=True)} == {"P", "S"}


def test_the_nurse_has_an_approved_and_a_waiting_correction_and_one_employee_a_threshold(seeded):
    nurse = Employee.objects.get(user__username="pegawai.dinkes.sorong")
    kapus = Employee.objects.get(user__username="kapus.sorong")
    corrections = {c.state: c for c in Correction.objects.filter(employee=nurse)}
    assert set(corrections) == {CorrectionState.DISETUJUI, CorrectionState.DIAJUKAN}
    assert {c.atasan_id for c in corrections.values()} == {kapus.pk}
    approved = DailyStatus.objects.get(employee=nurse, date=corrections[CorrectionState.DISETUJUI].date)
    assert approved.check_in is not None  # the approved time became her check-in; the day was built again
    flags = DisciplineFlag.objects.filter(kind=DisciplineKind.CUMULATIVE)
    assert {f.employee.unit.code for f in flags} == {"DISHUB.LLAJ"}
    assert sorted(flags.values_list("days", flat=True)) == [3, 4]


def test_two_employees_work_flexibly_and_their_worked_days_show_wfa(seeded):
    arrangements = FlexibleWork.objects.select_related("employee__user")
    assert {(a.employee.user.username, a.mode) for a in arrangements} == {
        ("pegawai.dishub.sorong", "lokasi"),
        ("pegawai.dishub.palembang", "waktu"),
    }
    assert all(a.start < TODAY < a.end for a in arrangements)  # today is inside: the check-in is free
    wfa = DailyStatus.objects.filter(status=DayStatus.WFA)
    assert set(wfa.values_list("employee_id", flat=True)) == {a.employee_id for a in arrangements}
    for a in arrangements:
        assert not wfa.filter(employee_id=a.employee_id).exclude(date__range=(a.start, a.end)).exists()


def test_seeding_twice_adds_no_presensi(seeded):
    before = snapshot()
    demo_seed.seed(employees=150)
    after = snapshot()
    for n, (one, two) in enumerate(zip(before, after, strict=True)):
        if isinstance(one, list):
            assert sorted(set(one) ^ set(two))[:6] == [], n
    assert after == before
