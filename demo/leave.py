"""Demo leave data (cuti), part of `seed_demo`: every agency's cuti tahunan opened for last year and
this year by the yearly job (grants, carry-over); each agency's calendar (a regional day off, a
puskesmas working six days) and its table of who decides (PyB rules); requests of the demo logins and, in every agency, of some of its
employees in every state (waiting for the atasan, waiting for the PyB, approved, Perubahan,
Ditangguhkan, not approved, cancelled), made through the services as the people would make them.
Keyed by the employee and the story's reason, so a second run adds nothing."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core.access import Actor, actor_for
from core.choices import UnitKind
from core.models import Instansi, UnitKerja
from employees.choices import PositionKind, WorkingState
from employees.models import Employee
from leave.choices import DayOffKind, DeciderKind, LeaveKind, RequestState, WorkWeek
from leave.models import CalendarDay, LeaveRequest, LeaveType, PybRule, UnitWorkWeek
from leave.services import balances
from leave.services import requests as services


def _monday(weeks: int) -> date:
    today = services.access.today()
    return today + timedelta(days=7 - today.weekday() + 7 * weeks)


def _actor(username: str):
    return actor_for(get_user_model().objects.get(username=username))


def _send(username: str, kind: str, start: date, end: date, reason: str):
    employee = Employee.objects.get(user__username=username)
    leave_type = LeaveType.objects.get(kind=kind, employee_kind=employee.kind)
    return services.request_submit(
        actor=_actor(username),
        leave_type=leave_type,
        start=start,
        end=end,
        reason=reason,
        address=f"Jl. Merdeka 10, {employee.unit.instansi.seat}",
        phone="081234567890",
    )


def _person(employee: Employee) -> Actor:
    """The actor of an employee, with or without an account (demo people mostly have none)."""
    if employee.user_id is not None:
        return actor_for(employee.user)
    return Actor(
        user_id=None,
        employee_id=employee.pk,
        employee_unit_id=employee.unit_id,
        employee_instansi_id=employee.unit.instansi_id,
    )


def _by(request: LeaveRequest, who: str, step: str, option: str = "disetujui", reason: str = "") -> None:
    """`who` ("atasan" or "pyb") acts on the request."""
    person = request.atasan if who == "atasan" else request.pyb
    if person is None:
        return
    action = services.request_recommend if step == "recommend" else services.request_decide
    action(actor=_person(person), request=request, option=option, reason=reason)


# Each agency's own days (demo values): a regional day off this year.
REGIONAL_DAYS = {
    "kota-sorong": (2, 5, "Hari Pekabaran Injil di Tanah Papua"),
    "kota-palembang": (6, 17, "Hari Jadi Kota Palembang"),
    "kota-sawahlunto": (12, 1, "Hari Jadi Kota Sawahlunto"),
    "prov-maluku-utara": (10, 12, "Hari Jadi Provinsi Maluku Utara"),
}

# (weeks ahead, extra days, reason, steps): one story per state, for the agency's employees.
AGENCY_STORIES: list[tuple[int, int, str, tuple[tuple[str, str], ...]]] = [
    (3, 1, "Menjenguk orang tua", ()),
    (4, 2, "Acara keluarga", (("recommend", "disetujui"),)),
    (5, 2, "Liburan keluarga", (("recommend", "disetujui"), ("decide", "disetujui"))),
    (6, 3, "Pulang kampung", (("recommend", "disetujui"), ("decide", "perubahan"))),
    (7, 1, "Mengurus rumah", (("recommend", "disetujui"), ("decide", "ditangguhkan"))),
    (8, 2, "Bepergian ke luar kota", (("recommend", "perubahan"), ("decide", "tidak_disetujui"))),
    (9, 0, "Mengurus dokumen keluarga", (("cancel", ""),)),
]
REFUSAL = {
    "perubahan": "Mohon digeser satu minggu: jadwal pelayanan penuh",
    "ditangguhkan": "Ditangguhkan sampai pemeriksaan BPK selesai",
    "tidak_disetujui": "Bertepatan dengan kegiatan akhir tahun anggaran",
}


def _calendar(instansi: Instansi, year: int) -> None:
    regional = REGIONAL_DAYS.get(instansi.code)
    if regional is not None:
        month, day, name = regional
        CalendarDay.objects.get_or_create(
            instansi=instansi,
            day=date(year, month, day),
            defaults={"name": name, "is_off": True, "kind": DayOffKind.LIBUR_DAERAH},
        )
    puskesmas = UnitKerja.objects.filter(instansi=instansi, kind=UnitKind.PUSKESMAS).order_by("path").first()
    if puskesmas is not None:
        UnitWorkWeek.objects.get_or_create(unit=puskesmas, defaults={"days": WorkWeek.ENAM})


# Each agency's table of who decides on leave (PyB), after the typical split of a regional decree
# (domain.md §6; demo values): CLTN and the JPT Pratama (eselon II) by the PPK himself (CLTN cannot
# be delegated), cuti besar, the administrators (eselon III) and JF from IV/a by the Sekda, everyone
# else by the head of their OPD. (priority, leave kind, position kind, golongan from, decider)
PYB_RULES: list[tuple[int, str, str, str, str]] = [
    (10, LeaveKind.CLTN, "", "", DeciderKind.PPK),
    (20, "", PositionKind.JPT_PRATAMA, "", DeciderKind.PPK),
    (30, LeaveKind.BESAR, "", "", DeciderKind.SEKDA),
    (40, "", PositionKind.ADMINISTRATOR, "", DeciderKind.SEKDA),
    (50, "", PositionKind.FUNGSIONAL, "IV/a", DeciderKind.SEKDA),
    (90, "", "", "", DeciderKind.KEPALA_OPD),
]


def _pyb_rules(instansi: Instansi) -> None:
    """The agency's PyB rules (keyed by their criteria: a second run adds nothing)."""
    for priority, leave_kind, position_kind, golongan_from, decider in PYB_RULES:
        PybRule.objects.get_or_create(
            instansi=instansi,
            priority=priority,
            leave_kind=leave_kind,
            position_kind=position_kind,
            golongan_from=golongan_from,
            golongan_to="",
            unit=None,
            defaults={"decider": decider},
        )


def _agency_requests(instansi: Instansi) -> int:
    """One request per state for the first eligible employees of the agency without an account."""
    tahunan = {
        t.employee_kind: t for t in LeaveType.objects.filter(kind=LeaveKind.TAHUNAN, valid_to__isnull=True)
    }
    candidates = (
        Employee.objects.filter(
            unit__instansi=instansi,
            is_active=True,
            is_unit_head=False,
            user__isnull=True,
            working_state=WorkingState.AKTIF,
            leave_entries__isnull=False,
        )
        .distinct()
        .select_related("unit__instansi", "current_rank", "current_position")
        .order_by("pk")[:30]
    )
    created = 0
    stories = iter(AGENCY_STORIES)
    story = next(stories, None)
    for employee in candidates:
        if story is None:
            break
        weeks, extra, reason, steps = story
        if LeaveRequest.objects.filter(employee__unit__instansi=instansi, reason=reason).exists():
            story = next(stories, None)
            continue
        leave_type = tahunan.get(employee.kind)
        if leave_type is None:
            continue
        start = _monday(weeks)
        try:
            request = services.request_submit(
                actor=_person(employee),
                leave_type=leave_type,
                start=start,
                end=start + timedelta(days=extra),
                reason=reason,
                address=f"Jl. Merdeka 10, {instansi.seat}",
                phone="081234567890",
            )
        except ValidationError:  # not entitled, not enough days: the next employee
            continue
        created += 1
        for step, option in steps:
            request.refresh_from_db()
            if step == "cancel":
                services.request_cancel(actor=_person(employee), request=request)
            elif request.state in (RequestState.ATASAN, RequestState.PYB):
                who = "atasan" if request.state == RequestState.ATASAN else "pyb"
                _by(
                    request,
                    who,
                    "recommend" if who == "atasan" else "decide",
                    option,
                    REFUSAL.get(option, ""),
                )
        story = next(stories, None)
    return created


def seed(login_usernames: set[str]) -> int:
    """Open the years, then the demo requests; returns the requests created."""
    if not LeaveType.objects.exists():
        importlib.import_module("leave.migrations.0002_load_leave_types").load(apps, None)
    year = services.access.today().year
    # The stories fall in the coming ten weeks: late in the year those are next year's, whose cuti
    # tahunan is requested only once the year is open, so the demo opens it ahead (docs/domain-notes.md).
    years = [year - 1, year] + ([year + 1] if _monday(10).year > year else [])
    for instansi_id in Instansi.objects.order_by("pk").values_list("pk", flat=True):
        for y in years:
            balances.year_opening_run(instansi_id=instansi_id, year=y)
    created = 0
    for instansi in Instansi.objects.order_by("pk"):
        _calendar(instansi, year)
        _pyb_rules(instansi)
        created += _agency_requests(instansi)
    stories: dict[str, list[tuple[str, int, int, str, tuple[str, ...]]]] = {
        "pegawai.dinkes.sorong": [
            (LeaveKind.TAHUNAN, 2, 1, "Menghadiri pernikahan saudara", ("recommend", "decide")),
            (LeaveKind.TAHUNAN, 6, 0, "Urusan keluarga", ()),
            (LeaveKind.TAHUNAN, 10, 1, "Mengantar anak masuk sekolah", ("recommend", "postpone")),
        ],
        "pegawai.dishub.sorong": [
            (LeaveKind.TAHUNAN, 3, 2, "Mudik ke kampung halaman", ("recommend",)),
            (LeaveKind.TAHUNAN, 7, 1, "Menghadiri wisuda adik", ("recommend", "change")),
        ],
        "pegawai.dishub.palembang": [
            (LeaveKind.TAHUNAN, 4, 1, "Liburan keluarga", ("recommend", "refuse")),
            (LeaveKind.TAHUNAN, 8, 0, "Mengurus dokumen", ("cancel",)),
        ],
    }
    for username, plans in stories.items():
        if username not in login_usernames:
            continue
        for kind, weeks, extra_days, reason, steps in plans:
            if LeaveRequest.objects.filter(employee__user__username=username, reason=reason).exists():
                continue
            start = _monday(weeks)
            request = _send(username, kind, start, start + timedelta(days=extra_days), reason)
            created += 1
            for step in steps:
                request.refresh_from_db()
                if step == "recommend":
                    _by(request, "atasan", "recommend")
                elif step == "decide":
                    _by(request, "pyb", "decide")
                elif step == "refuse":
                    _by(request, "pyb", "decide", "tidak_disetujui", "Bertepatan dengan pemeriksaan BPK")
                elif step == "postpone":
                    _by(request, "pyb", "decide", "ditangguhkan", REFUSAL["ditangguhkan"])
                elif step == "change":
                    _by(request, "pyb", "decide", "perubahan", REFUSAL["perubahan"])
                elif step == "cancel":
                    services.request_cancel(actor=_actor(username), request=request)
    if "pegawai.dinkes.sorong" in login_usernames:
        created += _clash_with_the_nurse()
    return created


CLASH_REASON = "Acara adat keluarga"


def _clash_with_the_nurse() -> int:
    """Two colleagues of the nurse away on the days of her waiting request (week 6): with her, three
    of one unit away at once, so her head sees the clash on the team calendar and in the queue."""
    nurse = Employee.objects.select_related("unit").get(user__username="pegawai.dinkes.sorong")
    if LeaveRequest.objects.filter(employee__unit=nurse.unit, reason=CLASH_REASON).exists():
        return 0
    tahunan = {
        t.employee_kind: t for t in LeaveType.objects.filter(kind=LeaveKind.TAHUNAN, valid_to__isnull=True)
    }
    colleagues = (
        Employee.objects.filter(
            unit=nurse.unit, is_active=True, is_unit_head=False, user__isnull=True,
            working_state=WorkingState.AKTIF, leave_entries__isnull=False,
        )
        .distinct()
        .select_related("unit__instansi", "current_rank", "current_position")
        .order_by("pk")
    )  # fmt: skip
    start = _monday(6)
    made = 0
    for employee in colleagues:
        leave_type = tahunan.get(employee.kind)
        if leave_type is None:
            continue
        try:
            request = services.request_submit(
                actor=_person(employee), leave_type=leave_type, start=start, end=start + timedelta(days=1),
                reason=CLASH_REASON, address=f"Jl. Merdeka 10, {nurse.unit.instansi.seat}", phone="081234567890",
            )  # fmt: skip
        except ValidationError:  # not entitled, not enough days: the next colleague
            continue
        if made == 0:  # the first is already granted; the second waits like the nurse's
            _by(request, "atasan", "recommend")
            request.refresh_from_db()
            _by(request, "pyb", "decide")
        made += 1
        if made == 2:
            break
    return made
