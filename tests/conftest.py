"""Named personas over a small two-agency organisation.

Kota Sorong: Dinas Kesehatan (DINKES) with Puskesmas (DINKES.PKM1) below it, and Dinas Perhubungan.
Kota Palembang: Dinas Perhubungan. Each persona is a logged-in client.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from core.choices import TimeZone, UnitKind

from .factories import make_employee, make_hr, make_instansi, make_unit, make_user

PASSWORD = "Sandi-Uji-2026!"


@dataclass
class Org:
    sorong: object
    palembang: object
    dinkes_sorong: object
    pkm_sorong: object
    dishub_sorong: object
    dishub_palembang: object
    head_dinkes_sorong: object  # Employee
    employee_dinkes_sorong: object  # Employee in the Puskesmas below Dinkes
    employee_dishub_sorong: object  # Employee of Sorong outside the head's subtree
    employee_dishub_palembang: object
    users: dict


@pytest.fixture
def org(db) -> Org:
    sorong = make_instansi("kota-sorong", name="Pemerintah Kota Sorong", time_zone=TimeZone.WIT)
    palembang = make_instansi("kota-palembang", name="Pemerintah Kota Palembang", time_zone=TimeZone.WIB)
    dinkes = make_unit(sorong, "DINKES", name="Dinas Kesehatan")
    pkm = make_unit(
        sorong, "DINKES.PKM1", parent=dinkes, name="Puskesmas Sorong Kota", kind=UnitKind.PUSKESMAS
    )
    dishub_s = make_unit(sorong, "DISHUB", name="Dinas Perhubungan")
    dishub_p = make_unit(palembang, "DISHUB", name="Dinas Perhubungan")

    users = {
        "superuser": make_user("admin", is_superuser=True, is_staff=True),
        "hr_sorong": make_hr("hr.sorong", sorong),
        "hr_palembang": make_hr("hr.palembang", palembang),
        "head_dinkes_sorong": make_user("kadinkes.sorong"),
        "employee_dinkes_sorong": make_user("perawat.sorong"),
        "employee_dishub_palembang": make_user("staf.dishub.palembang"),
    }
    head = make_employee(
        dinkes,
        user=users["head_dinkes_sorong"],
        name="Kepala Dinkes",
        is_unit_head=True,
        position_name="Kepala Dinas Kesehatan",
        position_kind="jpt_pratama",
        golongan="IV/c",
    )
    nurse = make_employee(pkm, user=users["employee_dinkes_sorong"], name="Siti Perawat", gender="P")
    other_s = make_employee(dishub_s, name="Staf Dishub Sorong")
    other_p = make_employee(dishub_p, user=users["employee_dishub_palembang"], name="Staf Dishub Palembang")
    return Org(sorong, palembang, dinkes, pkm, dishub_s, dishub_p, head, nurse, other_s, other_p, users)


PERSONAS = [
    "anonymous",
    "superuser",
    "hr_sorong",
    "hr_palembang",
    "head_dinkes_sorong",
    "employee_dinkes_sorong",
    "employee_dishub_palembang",
]


def client_for(org: Org, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(org.users[persona])
    return client


@pytest.fixture
def as_persona(org):
    """as_persona("hr_sorong") -> a Client logged in as that persona."""
    return lambda persona: client_for(org, persona)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing is deliberately slow in production; tests need not pay for it on every persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly in tests, even when REDIS_URL is set; the real-worker test opts out."""
    from asn_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Indonesian). A request through LocaleMiddleware
    leaves its language active in the thread after the response, so without this a test that asked
    for English would leave English on for whichever test runs next (found by pytest-randomly)."""
    translation.deactivate()
    yield
    translation.deactivate()
