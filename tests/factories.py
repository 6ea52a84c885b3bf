"""Plain factory functions: make_<model>(**overrides). Valid by default, deterministic."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from core.models import HrAssignment, Instansi, TimeZone, UnitKerja, UnitKind, child_path
from employees.models import Employee, PositionKind
from employees.rules import build_nip

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
    fields = dict(
        nip=next_nip(birth=birth, gender=gender),
        kind="PNS",
        name="Pegawai Uji",
        birth_date=birth,
        gender=gender,
        position_name="Pengadministrasi Perkantoran",
        position_kind=PositionKind.PELAKSANA,
        golongan="III/a",
    )
    fields.update(overrides)
    return Employee.objects.create(unit=unit, user=user, **fields)


def make_user(username: str, **overrides):
    user_model = get_user_model()
    user = user_model.objects.create_user(username=username, password="Sandi-Uji-2026!", **overrides)
    return user


def make_hr(username: str, instansi: Instansi):
    user = make_user(username)
    HrAssignment.objects.create(user=user, instansi=instansi)
    return user
