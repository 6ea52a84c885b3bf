"""The access core: its primitives, and the rule that only `access.py` modules read role fields."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import access
from core.access import Actor, HeadOf
from employees.models import Employee

ROOT = Path(__file__).resolve().parents[2]

# What an Actor knows about roles. Only an app's access module (and core.access) may read these;
# everything else asks a question of access (can_…, get_…, …_scope).
ROLE_FIELDS = frozenset(
    {"is_superuser", "is_hr", "is_head", "hr_instansi_ids", "head_of", "member_instansi_ids"}
)
FIRST_PARTY = ("asn_portal", "core", "demo", "employees", "notifications", "performance", "reports")
FIRST_PARTY += ("surveys", "training", "leave", "attendance", "bench")
FIRST_PARTY += ("accounts",)
TEMPLATE_ROLE_READ = re.compile(r"\b(?:actor|user|request\.user)\.(" + "|".join(sorted(ROLE_FIELDS)) + r")\b")


def role_field_reads(source: str) -> list[tuple[int, str]]:
    """(line, field) of every read of a role field in Python source; writes (`user.is_superuser = …`)
    are not reads."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ROLE_FIELDS and isinstance(node.ctx, ast.Load):
            found.append((node.lineno, node.attr))
    return found


def _python_files() -> list[Path]:
    files = []
    for package in FIRST_PARTY:
        folder = ROOT / package
        if folder.is_dir():
            files += [p for p in folder.rglob("*.py") if "migrations" not in p.parts]
    return files


def test_the_scan_finds_a_role_field_read_and_ignores_a_write():
    source = "def f(actor, user):\n    user.is_superuser = True\n    return actor.head_of[0]\n"
    assert role_field_reads(source) == [(3, "head_of")]
    assert TEMPLATE_ROLE_READ.search("{% if actor.is_hr or x %}")
    assert not TEMPLATE_ROLE_READ.search("{% if menu.reports %}")


def test_role_fields_are_read_only_in_access_modules():
    files = _python_files()
    assert len(files) > 50  # the scan reaches the apps
    offenders = [
        f"{path.relative_to(ROOT)}:{line} reads .{field}"
        for path in files
        if path.name != "access.py"
        for line, field in role_field_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "ask the app's access module instead:\n" + "\n".join(offenders)


def test_templates_ask_the_menu_or_the_view_not_the_role_fields():
    offenders = [
        f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1} reads .{match.group(1)}"
        for path in (ROOT / "templates").rglob("*.html")
        for text in [path.read_text(encoding="utf-8")]
        for match in TEMPLATE_ROLE_READ.finditer(text)
    ]
    assert offenders == []


def test_core_access_imports_no_app():
    tree = ast.parse((ROOT / "core" / "access.py").read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert imported & set(FIRST_PARTY) <= {"core"}


# --- The primitives --------------------------------------------------------------------------------
HEAD = HeadOf(unit_id=10, path="0001.0010.", instansi_id=1)
HR_OF_1 = Actor(user_id=1, hr_instansi_ids=frozenset({1}))
HEAD_IN_1 = Actor(user_id=2, employee_id=7, employee_unit_id=10, employee_instansi_id=1, head_of=(HEAD,))
EMPLOYEE_IN_2 = Actor(user_id=3, employee_id=8, employee_unit_id=20, employee_instansi_id=2)
SUPERUSER = Actor(user_id=4, is_superuser=True)


@pytest.mark.parametrize(
    ("actor", "instansi_id", "expected"),
    [(HR_OF_1, 1, True), (HR_OF_1, 2, False), (HEAD_IN_1, 1, False), (SUPERUSER, 99, True)],
)
def test_is_hr_of(actor, instansi_id, expected):
    assert access.is_hr_of(actor, instansi_id) is expected


def test_a_head_heads_their_subtree_in_their_agency_only():
    assert access.heads_over(HEAD_IN_1, "0001.0010.0042.")
    assert access.heads_over(HEAD_IN_1, "0001.0010.", instansi_id=1)
    assert not access.heads_over(HEAD_IN_1, "0001.0010.", instansi_id=2)
    assert not access.heads_over(HEAD_IN_1, "0001.0011.")
    assert access.head_start_unit_id(HEAD_IN_1, 1) == 10
    assert access.head_start_unit_id(HEAD_IN_1, 2) is None


def test_agency_ids_per_role():
    assert access.agency_ids(SUPERUSER) is None
    assert access.agency_ids(HR_OF_1) == {1}
    assert access.agency_ids(HEAD_IN_1) == set()
    assert access.agency_ids(HEAD_IN_1, heads=True) == {1}
    assert access.agency_ids(EMPLOYEE_IN_2, own=True) == {2}


def test_deny_is_403_in_the_actors_own_agency_and_404_elsewhere():
    with pytest.raises(PermissionDenied):
        access.deny(EMPLOYEE_IN_2, 2)
    with pytest.raises(Http404):
        access.deny(EMPLOYEE_IN_2, 1)
    with pytest.raises(Http404):
        access.deny(access.ANONYMOUS, 2)
    access.require_in_agency(EMPLOYEE_IN_2, True, 1)  # allowed: nothing raised


def test_get_or_404_raises_404_for_a_missing_row(db):
    with pytest.raises(Http404):
        access.get_or_404(Employee.objects.all(), pk=123456)


def test_people_in_scope_follows_the_roles(org):
    everyone = set(Employee.objects.values_list("pk", flat=True))

    def seen(actor, **kwargs):
        return set(
            Employee.objects.filter(access.people_in_scope(actor, **kwargs)).values_list("pk", flat=True)
        )

    su = access.actor_for(org.users["superuser"])
    head = access.actor_for(org.users["head_dinkes_sorong"])
    employee = access.actor_for(org.users["employee_dinkes_sorong"])
    hr = access.actor_for(org.users["hr_sorong"])
    assert seen(su) == everyone
    assert seen(employee) == {org.employee_dinkes_sorong.pk}
    assert seen(employee, own=False) == set()
    in_subtree = seen(head)
    assert {org.head_dinkes_sorong.pk, org.employee_dinkes_sorong.pk} <= in_subtree
    assert org.employee_dishub_sorong.pk not in in_subtree
    assert org.head_dinkes_sorong.pk not in seen(head, not_self=True)
    sorong = set(Employee.objects.filter(unit__instansi=org.sorong).values_list("pk", flat=True))
    assert seen(hr) == sorong
    assert seen(hr, instansi_id=org.palembang.pk) == set()
    assert seen(head, instansi_id=org.sorong.pk, own=False) == in_subtree
