"""Demo leave data (cuti), part of `seed_demo`: every agency's cuti tahunan opened for last year and
this year by the yearly job (grants, carry-over), and a few requests of the demo logins in different
states (waiting for the atasan, waiting for the PyB, approved, not approved, cancelled), made through
the services as the people would make them. Keyed by the employee: someone who has a request gets no
new ones, so a second run adds nothing."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model

from core.access import actor_for
from core.models import Instansi
from employees.models import Employee
from leave.choices import LeaveKind
from leave.models import LeaveRequest, LeaveType
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


def _by(request: LeaveRequest, who: str, step: str, option: str = "disetujui", reason: str = "") -> None:
    """`who` ("atasan" or "pyb") acts on the request with the account they have."""
    person = request.atasan if who == "atasan" else request.pyb
    if person is None or person.user_id is None:
        return
    action = services.request_recommend if step == "recommend" else services.request_decide
    action(actor=actor_for(person.user), request=request, option=option, reason=reason)


def seed(login_usernames: set[str]) -> int:
    """Open the years, then the demo requests; returns the requests created."""
    if not LeaveType.objects.exists():
        importlib.import_module("leave.migrations.0002_load_leave_types").load(apps, None)
    year = services.access.today().year
    for instansi_id in Instansi.objects.order_by("pk").values_list("pk", flat=True):
        for y in (year - 1, year):
            balances.year_opening_run(instansi_id=instansi_id, year=y)
    created = 0
    stories: dict[str, list[tuple[str, int, int, str, tuple[str, ...]]]] = {
        "pegawai.dinkes.sorong": [
            (LeaveKind.TAHUNAN, 2, 1, "Menghadiri pernikahan saudara", ("recommend", "decide")),
            (LeaveKind.TAHUNAN, 6, 0, "Urusan keluarga", ()),
        ],
        "pegawai.dishub.sorong": [(LeaveKind.TAHUNAN, 3, 2, "Mudik ke kampung halaman", ("recommend",))],
        "pegawai.dishub.palembang": [
            (LeaveKind.TAHUNAN, 4, 1, "Liburan keluarga", ("recommend", "refuse")),
            (LeaveKind.TAHUNAN, 8, 0, "Mengurus dokumen", ("cancel",)),
        ],
    }
    for username, plans in stories.items():
        if (
            username not in login_usernames
            or LeaveRequest.objects.filter(employee__user__username=username).exists()
        ):
            continue
        for kind, weeks, extra_days, reason, steps in plans:
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
                elif step == "cancel":
                    services.request_cancel(actor=_actor(username), request=request)
    return created
