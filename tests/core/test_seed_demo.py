"""The demo data: the agencies of domain.md §1, valid NIPs, one login per role, idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from core import access, demo
from core.models import Instansi, TimeZone, UnitKerja
from employees.models import Employee
from employees.rules import NipError, parse_nip


def test_seed_creates_the_four_agencies_with_their_zones_and_trees(db):
    demo.seed(employees=120)
    zones = dict(Instansi.objects.values_list("code", "time_zone"))
    assert zones == {
        "kota-sorong": TimeZone.WIT,
        "kota-palembang": TimeZone.WIB,
        "kota-sawahlunto": TimeZone.WIB,
        "prov-maluku-utara": TimeZone.WIT,
    }
    plaju = UnitKerja.objects.get(name="Kecamatan Plaju")
    assert plaju.instansi.code == "kota-palembang"
    assert plaju.kind == "kecamatan"
    assert Instansi.objects.get(code="prov-maluku-utara").seat == "Sofifi"
    for unit in UnitKerja.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk:08d}/"
        assert unit.path == expected


def test_every_demo_nip_is_valid_and_agrees_with_birth_date_and_gender(db):
    demo.seed(employees=300)
    employees = list(Employee.objects.all())
    assert len(employees) == 300
    for e in employees:
        try:
            parsed = parse_nip(e.nip)
        except NipError as exc:  # pragma: no cover - the assertion below reports it
            raise AssertionError(f"{e.nip}: {exc}") from exc
        assert parsed.kind == e.kind
        assert (parsed.birth_date, parsed.gender) == (e.birth_date, e.gender)
    assert Employee.objects.filter(kind="PPPK").exists()
    # Every unit with a head position has exactly one head in the demo.
    assert (
        Employee.objects.filter(is_unit_head=True).count() == UnitKerja.objects.exclude(head_title="").count()
    )


def test_running_the_seed_twice_adds_nothing(db):
    first = demo.seed(employees=150)
    snapshot = sorted(Employee.objects.values_list("nip", "name", "unit__code"))
    second = demo.seed(employees=150)
    assert first.employees_created == 150
    assert second.employees_created == 0
    assert sorted(Employee.objects.values_list("nip", "name", "unit__code")) == snapshot
    assert get_user_model().objects.count() == len(demo.LOGINS)


def test_the_same_seed_gives_the_same_people(db):
    rows_a = [(e.nip, e.name) for e in demo.employee_rows(demo.seed_units(), 50)]
    rows_b = [(e.nip, e.name) for e in demo.employee_rows(demo.seed_units(), 50)]
    assert rows_a == rows_b


def test_each_demo_login_has_its_role(db):
    demo.seed(employees=300)
    users = {u.username: access.actor_for(u) for u in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert users["hr.sorong"].is_hr and not users["hr.sorong"].is_employee
    assert users["kadinkes.sorong"].is_head
    assert users["camat.plaju"].is_head
    assert users["pegawai.dinkes.sorong"].is_employee and not users["pegawai.dinkes.sorong"].is_head
    head_path = users["kadinkes.sorong"].head_of[0].path
    nurse = Employee.objects.get(user__username="pegawai.dinkes.sorong")
    assert nurse.unit.path.startswith(head_path), "the demo employee works under the demo head"


def test_the_command_prints_the_logins(db, capsys):
    call_command("seed_demo", employees=100)
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out
    for username, *_ in demo.LOGINS:
        assert username in out


def test_a_rerun_writes_no_history_rows(db):
    demo.seed(employees=120)
    before = Employee.history.count()
    demo.seed(employees=120)
    assert Employee.history.count() == before
