"""Demo attendance data (presensi), part of `seed_demo`: for every demo agency the Perpres 21/2023
and Ramadan 1447 H schedules, a work location (geofence) at its seat's office, and the central
benchmark's TL/PSW band table as an example (every region sets its own in a Perkada). Idempotent: a
second run adds nothing. The coordinates are approximate (demo only). `seed_presensi` then adds the
Puskesmas Sorong Kota's shifts and a roster week, two months of device records up to yesterday for
every demo employee (mostly on time; late in each TL band, early leaves, missing check-outs, a few
unexcused days), a dinas luar, two flexible-work arrangements (WFA), the daily statuses, two
corrections of the demo nurse (one approved, one waiting for her head) and the PP 94/2021 check,
which flags one employee of Dishub Sorong."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from attendance import rules
from attendance.choices import CorrectionKind, FlexibleMode, PresenceKind, PresenceSource
from attendance.models import (
    Band,
    BandTable,
    Correction,
    DinasLuar,
    FlexibleWork,
    Presence,
    Shift,
    ShiftAssignment,
    WorkLocation,
)
from attendance.services import corrections, daily, discipline, schedules
from attendance.services.schedules import schedules_seed_defaults
from core.access import Actor, actor_for
from core.models import Instansi, UnitKerja
from employees.models import Employee
from leave import selectors as leave_selectors
from leave.choices import RequestState
from leave.models import LeaveRequest

OFFICES: dict[str, tuple[str, str, str]] = {
    "kota-sorong": ("Kantor Wali Kota Sorong", "-0.876200", "131.255800"),
    "kota-palembang": ("Kantor Wali Kota Palembang", "-2.991300", "104.756100"),
    "kota-sawahlunto": ("Balai Kota Sawahlunto", "-0.682600", "100.778700"),
    "prov-maluku-utara": ("Kantor Gubernur Maluku Utara, Sofifi", "0.737200", "127.558800"),
}
OFFICE_RADIUS_M = 150
EXAMPLE_TABLE = "Contoh tabel potongan TL/PSW (acuan pusat, demo)"
EXAMPLE_FROM = date(2026, 1, 1)


@transaction.atomic
def seed() -> int:
    """Seed every agency that has an office above; the number of work locations created."""
    created = 0
    for instansi in Instansi.objects.filter(code__in=OFFICES):
        schedules_seed_defaults(instansi=instansi)
        name, lat, lon = OFFICES[instansi.code]
        _location, made = WorkLocation.objects.get_or_create(
            instansi=instansi,
            name=name,
            defaults={"latitude": Decimal(lat), "longitude": Decimal(lon), "radius_m": OFFICE_RADIUS_M},
        )
        created += made
        table, made = BandTable.objects.get_or_create(
            instansi=instansi,
            valid_from=EXAMPLE_FROM,
            defaults={"name": EXAMPLE_TABLE, "absence_cut_percent": rules.EXAMPLE_ABSENCE_CUT},
        )
        if made:
            Band.objects.bulk_create(
                Band(
                    table=table,
                    kind=band.kind,
                    code=band.code,
                    min_minutes=band.min_minutes,
                    max_minutes=band.max_minutes,
                    cut_percent=band.cut_percent,
                )
                for band in rules.EXAMPLE_BANDS
            )
    return created


# --- Shifts and a roster week -------------------------------------------------------------------
SHIFT_UNIT = ("kota-sorong", "DINKES.PKM1")  # Puskesmas Sorong Kota works in shifts
SHIFTS = (  # code, name, start, end, break
    ("P", "Pagi", time(7, 0), time(14, 0), (time(10, 0), time(10, 30))),
    ("S", "Siang", time(14, 0), time(21, 0), (time(17, 30), time(18, 0))),
)


def seed_shifts(today: date) -> int:
    """Two shifts of the Puskesmas and its roster for the coming week (Monday to Sunday): the staff
    alternate pagi and siang, each with a day off; the head follows the schedule. Cells already set
    are kept. Returns the roster cells created."""
    agency, code = SHIFT_UNIT
    unit = UnitKerja.objects.filter(instansi__code=agency, code=code).select_related("instansi").first()
    if unit is None:
        return 0
    shifts = []
    for shift_code, name, start, end, (break_start, break_end) in SHIFTS:
        shift, _made = Shift.objects.get_or_create(
            instansi=unit.instansi,
            code=shift_code,
            defaults={
                "unit": unit, "name": name, "start": start, "end": end,
                "break_start": break_start, "break_end": break_end,
            },
        )  # fmt: skip
        shifts.append(shift)
    monday = today + timedelta(days=7 - today.weekday())
    staff = list(
        Employee.objects.filter(unit=unit, is_active=True, is_unit_head=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    cells = []
    for n, employee_id in enumerate(staff):
        for offset in range(7):
            day_off = offset == (n % 7)
            worked: Shift | None = None if day_off else shifts[(n + offset // 2) % 2]
            cells.append(
                ShiftAssignment(employee_id=employee_id, date=monday + timedelta(days=offset), shift=worked)
            )
    before = ShiftAssignment.objects.filter(employee_id__in=staff).count()
    ShiftAssignment.objects.bulk_create(cells, ignore_conflicts=True)
    return ShiftAssignment.objects.filter(employee_id__in=staff).count() - before


# --- Two months of presensi ------------------------------------------------------------------------
WINDOW_DAYS = 61  # up to yesterday
DEVICE = "SN-DEMO-{code}"
# The day's story by a draw in [0, 1): late in each TL band, early in each PSW band, a missing
# check-out, an unexcused absence; the rest on time.
STORIES = (
    (0.040, "tl1"), (0.055, "tl2"), (0.063, "tl3"), (0.067, "tl4"),
    (0.085, "psw"), (0.100, "no_out"), (0.108, "absent"),
)  # fmt: skip
LATE = {"tl1": (1, 30), "tl2": (31, 60), "tl3": (61, 90), "tl4": (91, 150)}
TRAVEL_LETTER = "SPT 094/DEMO/DISHUB"
THRESHOLD_ABSENCES = 4  # one employee of Dishub Sorong: teguran lisan (3) and tertulis (4) are flagged
APPROVED_REASON = "Lupa presensi masuk karena langsung melayani pasien gawat darurat."
WAITING_REASON = "Lupa presensi pulang; pulang setelah jadwal posyandu."


def _hours(on: date) -> rules.DayHours | None:
    ramadan_from, ramadan_to = schedules.RAMADAN_1447
    days = rules.DEFAULT_RAMADAN_DAYS if ramadan_from <= on <= ramadan_to else rules.DEFAULT_NORMAL_DAYS
    return days.get(on.weekday())


def _at(on: date, clock: time, minutes: int, seconds: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(on, clock, tzinfo=zone) + timedelta(minutes=minutes, seconds=seconds)


def _day_records(
    employee_id: int, nip: str, on: date, story: str, zone: ZoneInfo, device: str
) -> list[Presence]:
    """The device scans of one employee-day (none for an absence)."""
    hours = _hours(on)
    if hours is None or story == "absent":
        return []
    rng = random.Random(f"{nip}{on.isoformat()}")  # the same day on every run
    if story in LATE:
        low, high = LATE[story]
        came = _at(on, hours.start, rng.randint(low, high - 1), rng.randint(0, 59), zone)
    else:
        came = _at(on, hours.start, -rng.randint(3, 28), rng.randint(0, 59), zone)
    if story == "psw":
        left = _at(on, hours.end, -rng.randint(5, 100), rng.randint(0, 59), zone)
    else:
        left = _at(on, hours.end, rng.randint(0, 45), rng.randint(0, 59), zone)
    rows = ([] if story == "no_in" else [(PresenceKind.IN, came)]) + (
        [] if story == "no_out" else [(PresenceKind.OUT, left)]
    )
    return [
        Presence(
            employee_id=employee_id,
            work_date=on,
            at=at,
            kind=kind,
            source=PresenceSource.DEVICE,
            device=device,
        )
        for kind, at in rows
    ]


def seed_presence(today: date) -> tuple[date, date, int]:
    """Device records of every demo employee on every working day of the last two months, keyed by
    the unique (employee, day, kind): a second run inserts nothing. Days on approved leave or on
    travel have none. Returns the window and the records inserted."""
    start, end = today - timedelta(days=WINDOW_DAYS), today - timedelta(days=1)
    on_leave: set[tuple[int, date]] = set()
    for employee_id, first, last in LeaveRequest.objects.filter(
        state=RequestState.DISETUJUI, start__lte=end, end__gte=start
    ).values_list("employee_id", "start", "end"):
        on_leave |= {(employee_id, first + timedelta(days=n)) for n in range((last - first).days + 1)}
    for employee_id, first, last in DinasLuar.objects.filter(start__lte=end, end__gte=start).values_list(
        "employee_id", "start", "end"
    ):
        on_leave |= {(employee_id, first + timedelta(days=n)) for n in range((last - first).days + 1)}
    chosen = _threshold_employee()
    nurse_days = dict(_nurse_days(today))
    before = Presence.objects.filter(work_date__range=(start, end)).count()
    storied = _storied_employees()
    for instansi in Instansi.objects.filter(code__in=OFFICES).order_by("pk"):
        zone = ZoneInfo(instansi.time_zone)
        off = leave_selectors.days_off(instansi.pk, start, end)
        working = [
            start + timedelta(days=n)
            for n in range((end - start).days + 1)
            if (start + timedelta(days=n)).weekday() < 5 and start + timedelta(days=n) not in off
        ]
        device = DEVICE.format(code=instansi.code.upper())
        records: list[Presence] = []
        for employee_id, nip in (
            Employee.objects.filter(unit__instansi=instansi, is_active=True, pk__in=storied)
            .order_by("pk")
            .values_list("pk", "nip")
        ):
            rng = random.Random(nip)
            absent_once = False
            absences = set(working[-2 * THRESHOLD_ABSENCES :: 2]) if employee_id == chosen else set()
            for on in working:
                if (employee_id, on) in on_leave:
                    continue
                draw = rng.random()
                story = next((name for limit, name in STORIES if draw < limit), "on_time")
                if story == "absent":  # at most one unexcused day each, below any threshold
                    story, absent_once = ("on_time" if absent_once else "absent"), True
                if on in absences:
                    story = "absent"
                if employee_id == nurse_days.get(on, (None,))[0]:
                    story = nurse_days[on][1]
                records += _day_records(employee_id, nip, on, story, zone, device)
        Presence.objects.bulk_create(records, batch_size=2000, ignore_conflicts=True)
    return start, end, Presence.objects.filter(work_date__range=(start, end)).count() - before


# The demo's attendance story covers the first employees of each office (the default demo's whole
# staff): `seed_demo --employees 100000`, which the benchmarks run, would otherwise write millions of
# records one Python object at a time (the benchmarks write their own records in SQL).
STORIED_PER_AGENCY = 400


def _storied_employees() -> list[int]:
    """The active employees of each office the story gives records and daily statuses, by id."""
    ids: list[int] = []
    for instansi_id in Instansi.objects.filter(code__in=OFFICES).order_by("pk").values_list("pk", flat=True):
        ids += (
            Employee.objects.filter(unit__instansi_id=instansi_id, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:STORIED_PER_AGENCY]
        )
    extra = [pk for pk in (_threshold_employee(),) if pk is not None]
    extra += Employee.objects.filter(user__username=NURSE).values_list("pk", flat=True)
    return sorted(set(ids) | set(extra))


def _threshold_employee() -> int | None:
    return (
        Employee.objects.filter(
            unit__instansi__code="kota-sorong",
            unit__code="DISHUB.LLAJ",
            is_unit_head=False,
            user__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _nurse_days(today: date) -> list[tuple[date, tuple[int, str]]]:
    """The nurse's two corrected days: the 4th and the 2nd last working day of Sorong (in the
    correction window); on the first she forgot the check-in, on the second the check-out."""
    nurse = Employee.objects.filter(user__username=NURSE).values_list("pk", "unit__instansi_id").first()
    if nurse is None:
        return []
    off = leave_selectors.days_off(nurse[1], today - timedelta(days=20), today)
    days = [
        today - timedelta(days=n)
        for n in range(1, 20)
        if (today - timedelta(days=n)).weekday() < 5 and today - timedelta(days=n) not in off
    ]
    return [(days[3], (nurse[0], "no_in")), (days[1], (nurse[0], "no_out"))]


NURSE = "pegawai.dinkes.sorong"


def seed_travel(today: date) -> int:
    """A dinas luar of two working days a month ago for an employee of Dishub Sorong."""
    employee = (
        Employee.objects.filter(
            unit__instansi__code="kota-sorong", unit__code="DISHUB.LLAJ", is_unit_head=False
        )
        .exclude(pk=_threshold_employee() or 0)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if employee is None or DinasLuar.objects.filter(letter_number=TRAVEL_LETTER).exists():
        return 0
    off = leave_selectors.days_off(employee.unit.instansi_id, today - timedelta(days=60), today)
    start = today - timedelta(days=30)
    # Two working days running: Monday to Thursday, neither of them a day off.
    while start.weekday() > 3 or start in off or start + timedelta(days=1) in off:
        start -= timedelta(days=1)
    DinasLuar.objects.create(
        employee=employee, start=start, end=start + timedelta(days=1), letter_number=TRAVEL_LETTER,
        letter_date=start - timedelta(days=3), purpose="Koordinasi angkutan lebaran di Kantor Dinas Perhubungan Provinsi",
    )  # fmt: skip
    return 1


# Two flexible-work arrangements (PermenPANRB 4/2025): the demo employee of Dishub Sorong works from
# anywhere for three weeks around today (their check-in is accepted outside the office), the one of
# Dishub Palembang on flexible hours for two weeks; their past working days with records show WFA.
FLEXIBLE: tuple[tuple[str, str, int, int, str], ...] = (
    ("pegawai.dishub.sorong", FlexibleMode.LOKASI, 14, 7, "800/12/KF/DISHUB/2026"),
    ("pegawai.dishub.palembang", FlexibleMode.WAKTU, 10, 4, "800/31/KF/DISHUB-PLG/2026"),
)


def seed_flexible(today: date) -> int:
    """The arrangements above, keyed by their letter number: a second run adds nothing."""
    made = 0
    for username, mode, back, ahead, number in FLEXIBLE:
        employee = Employee.objects.filter(user__username=username).first()
        if employee is None or FlexibleWork.objects.filter(letter_number=number).exists():
            continue
        start, end = today - timedelta(days=back), today + timedelta(days=ahead)
        if FlexibleWork.objects.filter(employee=employee, start__lte=end, end__gte=start).exists():
            continue
        FlexibleWork.objects.create(
            employee=employee, start=start, end=end, mode=mode, letter_number=number,
            letter_date=start - timedelta(days=2), note="Uji coba kerja fleksibel (demo)",
        )  # fmt: skip
        made += 1
    return made


def seed_corrections(today: date) -> int:
    """The nurse's two corrections: one approved by her atasan, one waiting for the demo head."""
    days = _nurse_days(today)
    nurse = Employee.objects.filter(user__username=NURSE).select_related("user").first()
    if nurse is None or not days or nurse.user is None:
        return 0
    made = 0
    (approved_day, _a), (waiting_day, _w) = days
    nurse_actor = actor_for(nurse.user)
    if not Correction.objects.filter(employee=nurse, reason=APPROVED_REASON).exists():
        correction = corrections.correction_submit(
            actor=nurse_actor, on=approved_day, kind=CorrectionKind.LUPA_MASUK, reason=APPROVED_REASON,
            check_in=time(7, 18), check_out=None, evidence=None,
        )  # fmt: skip
        assert correction.atasan_id is not None  # the service refuses a correction without one
        atasan = Employee.objects.select_related("user", "unit").get(pk=correction.atasan_id)
        corrections.correction_decide(
            actor=actor_for(atasan.user) if atasan.user_id else _employee_actor(atasan),
            correction=correction,
            approve=True,
            note="Benar, saya melihat yang bersangkutan di IGD sejak pagi.",
        )
        made += 1
    if not Correction.objects.filter(employee=nurse, reason=WAITING_REASON).exists():
        corrections.correction_submit(
            actor=nurse_actor, on=waiting_day, kind=CorrectionKind.LUPA_PULANG, reason=WAITING_REASON,
            check_in=None, check_out=time(16, 10), evidence=None,
        )  # fmt: skip
        made += 1
    return made


def _employee_actor(employee: Employee) -> Actor:
    return Actor(
        user_id=None,
        employee_id=employee.pk,
        employee_unit_id=employee.unit_id,
        employee_instansi_id=employee.unit.instansi_id,
    )


def seed_presensi() -> dict[str, int]:
    """Shifts and roster, the records, a travel, the daily statuses (build_days), the corrections and
    the discipline check."""
    today = timezone.localdate()
    result = {"roster": seed_shifts(today), "travel": seed_travel(today), "flexible": seed_flexible(today)}
    start, end, result["records"] = seed_presence(today)
    # Before the build: the approved correction's records are then counted whether or not its own
    # after-commit build has run (it has not inside an enclosing transaction).
    result["corrections"] = seed_corrections(today)
    agencies = list(Instansi.objects.filter(code__in=OFFICES).values_list("pk", flat=True))
    daily.build_days(start=start, end=end, employee_ids=_storied_employees())
    for year in sorted({start.year, end.year}):
        for instansi_id in agencies:
            discipline.check_thresholds(year=year, instansi_id=instansi_id)
    return result
