"""Plain factory functions: make_<model>(**overrides). Valid by default, deterministic."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from core.choices import TimeZone, UnitKind
from core.models import HrAssignment, Instansi, UnitKerja, child_path
from employees.choices import PositionKind
from employees.models import Employee, PositionHistory, RankHistory
from employees.rules.nip import build_nip
from employees.services.records import refresh_current

_serial = itertools.count(1)


def make_instansi(code: str = "kota-uji", **overrides) -> Instansi:
    fields = dict(
        name=f"Pemerintah {code}",
        kind="kota",
        province="Provinsi Uji",
        seat="Kota Uji",
        time_zone=TimeZone.WIB,
        ppk_title="Wali Kota",
        hr_office_name="BKPSDM",
    )
    fields.update(overrides)
    return Instansi.objects.create(code=code, **fields)


def make_unit(instansi: Instansi, code: str, *, parent: UnitKerja | None = None, **overrides) -> UnitKerja:
    fields = dict(name=f"Unit {code}", kind=UnitKind.DINAS, head_title=f"Kepala {code}")
    fields.update(overrides)
    unit = UnitKerja.objects.create(instansi=instansi, parent=parent, code=code, path="-", **fields)
    unit.path, unit.depth = child_path(parent, unit.pk)
    unit.save(update_fields=["path", "depth"])
    return unit


def next_nip(*, birth: date = date(1990, 5, 17), gender: str = "L") -> str:
    return build_nip(
        birth_date=birth, tmt_year=2015, tmt_month=3, gender=gender, serial=next(_serial) % 999 + 1
    )


def make_employee(unit: UnitKerja, *, user=None, **overrides) -> Employee:
    birth = overrides.pop("birth_date", date(1990, 5, 17))
    gender = overrides.pop("gender", "L")
    rank = dict(
        golongan=overrides.pop("golongan", "III/a"), tmt=overrides.pop("tmt_golongan", date(2015, 3, 1))
    )
    position = dict(
        name=overrides.pop("position_name", "Pengadministrasi Perkantoran"),
        kind=overrides.pop("position_kind", PositionKind.PELAKSANA),
        level=overrides.pop("position_level", ""),
        tmt=overrides.pop("tmt_jabatan", date(2015, 3, 1)),
    )
    fields = dict(
        nip=next_nip(birth=birth, gender=gender),
        kind="PNS",
        name="Pegawai Uji",
        birth_date=birth,
        gender=gender,
    )
    fields.update(overrides)
    employee = Employee.objects.create(unit=unit, user=user, **fields)
    RankHistory.objects.create(employee=employee, **rank)
    PositionHistory.objects.create(employee=employee, **position)
    refresh_current([employee.pk])
    employee.refresh_from_db()
    return employee


def make_user(username: str, **overrides):
    user_model = get_user_model()
    user = user_model.objects.create_user(username=username, password="Sandi-Uji-2026!", **overrides)
    return user


def make_hr(username: str, instansi: Instansi):
    user = make_user(username)
    HrAssignment.objects.create(user=user, instansi=instansi)
    return user


def make_employees_bulk(unit: UnitKerja, count: int, *, golongan: str = "II/c") -> list[Employee]:
    """`count` employees with their rank and position rows, in a handful of queries."""
    employees = Employee.objects.bulk_create(
        [
            Employee(
                nip=build_nip(
                    birth_date=date(1980, 1, 1 + i % 28),
                    tmt_year=2005,
                    tmt_month=1 + i % 12,
                    gender="L",
                    serial=next(_serial) % 999 + 1,
                ),
                kind="PNS",
                name=f"Pegawai {i:03d}",
                birth_date=date(1980, 1, 1 + i % 28),
                gender="L",
                unit=unit,
                tmt_cpns=date(2005, 1 + i % 12, 1),
            )
            for i in range(count)
        ]
    )
    ids = list(Employee.objects.filter(nip__in=[e.nip for e in employees]).values_list("pk", flat=True))
    RankHistory.objects.bulk_create(
        [RankHistory(employee_id=pk, golongan=golongan, tmt=date(2013, 4, 1)) for pk in ids]
    )
    PositionHistory.objects.bulk_create(
        [
            PositionHistory(employee_id=pk, name="Pelaksana", kind="pelaksana", tmt=date(2005, 1, 1))
            for pk in ids
        ]
    )
    refresh_current(ids)
    return list(Employee.objects.filter(pk__in=ids))
