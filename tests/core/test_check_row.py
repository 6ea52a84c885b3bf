"""The permission matrix's own checks (tests/access_matrix.py) catch what they are meant to catch:
a POST row that does not say who is allowed, an allowed POST that changes nothing, a refused POST
that changes data (also when it is answered with a redirect), a GET that writes a table it does not
declare, and a write to any table of ours."""

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.urls import reverse as R

from employees.models import Employee
from notifications.models import Notification

from ..access_matrix import (
    EXCLUDED_FROM_SNAPSHOT,
    NOBODY,
    Row,
    changed_tables,
    check_row,
    declaration_problems,
    expect,
    snapshot,
    snapshot_models,
)
from ..performance.factories import make_year

OUR_APPS = ("core", "employees", "performance", "training", "surveys", "reports", "notifications", "demo")
SET_ACTIVE = dict(
    anonymous=302,
    superuser=302,
    hr_sorong=302,
    head_dinkes_sorong=403,
    employee_dinkes_sorong=403,
    others=404,
)


def set_active_row(**declared) -> Row:
    """Deactivating the nurse: HR Sorong and the superuser may, and are answered with a redirect."""
    return Row(
        "employees:set_active",
        "deactivate the nurse",
        lambda o: R("employees:set_active", args=[o.employee_dinkes_sorong.pk]),
        expect(**SET_ACTIVE),
        method="post",
        data=lambda o: {"active": "0"},
        **declared,
    )


def wrong_password_row(**declared) -> Row:
    """A password change with the wrong old password: the form comes back (200), nothing is saved."""
    return Row(
        "core:password_change",
        "wrong old password",
        lambda o: R("core:password_change"),
        expect(anonymous=302, others=200),
        method="post",
        data=lambda o: {"old_password": "salah", "new_password1": "Baru-2026-xyz!", "new_password2": "Baru-2026-xyz!"},
        **declared,
    )  # fmt: skip


# --- Declarations ------------------------------------------------------------------------------------
def test_a_post_row_without_allowed_personas_is_a_problem_and_check_row_refuses_it(org):
    row = set_active_row()
    assert declaration_problems(row) == [
        "employees:set_active (deactivate the nurse): a POST row must declare its allowed personas "
        "(allowed=... or NOBODY)"
    ]
    with pytest.raises(AssertionError, match="must declare its allowed personas"):
        check_row(org, row, "hr_sorong")
    assert Employee.objects.get(pk=org.employee_dinkes_sorong.pk).is_active, "nothing was posted"


def test_a_well_declared_row_has_no_problem():
    assert declaration_problems(set_active_row(allowed={"superuser", "hr_sorong"})) == []
    assert declaration_problems(wrong_password_row(allowed=NOBODY)) == []


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (set_active_row(allowed={"head_dinkes_sorong"}), "head_dinkes_sorong is allowed but expects 403"),
        (set_active_row(allowed={"hr_jakarta"}), "unknown personas in allowed: ['hr_jakarta']"),
        (set_active_row(allowed={"hr_sorong"}, unchanged="no reason"), "must assert its effect (then=)"),
        (
            set_active_row(allowed=NOBODY, unchanged="no reason", then=lambda o, c, r: None),
            "`unchanged` explains an allowed POST, but nobody is allowed",
        ),
        (
            Row("core:dashboard", "home", lambda o: R("core:dashboard"), expect(others=200), allowed=NOBODY),
            "`allowed`, `unchanged` and `then` are for POST rows only",
        ),
        (
            Row(
                "core:dashboard",
                "home",
                lambda o: R("core:dashboard"),
                expect(others=200),
                get_writes={"x.y"},
            ),
            "get_writes names no snapshot table: ['x.y']",
        ),
        (
            set_active_row(allowed={"hr_sorong"}, get_writes={"employees.employee"}),
            "`get_writes` is for GET rows only",
        ),
    ],
    ids=[
        "refused-status",
        "unknown-persona",
        "unchanged-without-then",
        "unchanged-nobody",
        "get-row",
        "get-writes-unknown",
        "get-writes-on-post",
    ],
)
def test_mis_declared_rows_are_problems(row, problem):
    problems = declaration_problems(row)
    assert len(problems) == 1 and problem in problems[0], problems


# --- check_row on real requests --------------------------------------------------------------------
def test_the_well_declared_rows_pass(org):
    check_row(org, set_active_row(allowed={"superuser", "hr_sorong"}), "hr_sorong")
    check_row(org, wrong_password_row(allowed=NOBODY), "hr_sorong")


def test_an_allowed_post_that_changes_nothing_fails(org):
    """Declaring the re-shown form as allowed: the POST wrote nothing, so the row is wrong."""
    with pytest.raises(AssertionError, match="an allowed POST changed nothing"):
        check_row(org, wrong_password_row(allowed={"hr_sorong"}), "hr_sorong")


def test_a_refused_post_answered_with_a_redirect_that_changes_data_fails(org):
    """HR Sorong's deactivation, declared refused: its answer is a redirect (302), as a refusal with
    a message would be, and the snapshot is compared all the same."""
    with pytest.raises(AssertionError, match=r"a refused POST changed \[.*'employees.employee'"):
        check_row(org, set_active_row(allowed={"superuser"}), "hr_sorong")


def test_a_post_declared_unchanged_that_changes_data_fails(org):
    row = set_active_row(allowed={"hr_sorong"}, unchanged="claimed idempotent", then=lambda o, c, r: None)
    with pytest.raises(AssertionError, match="declared as changing no table"):
        check_row(org, row, "hr_sorong")


def test_then_runs_for_an_allowed_persona_only(org):
    seen = []
    row = set_active_row(allowed={"hr_sorong"}, then=lambda o, client, response: seen.append(response))
    check_row(org, row, "hr_sorong")
    check_row(org, row, "head_dinkes_sorong")
    assert len(seen) == 1 and seen[0].status_code == 302


def test_a_failing_then_fails_the_row(org):
    def still_active(o, client, response):
        assert Employee.objects.get(pk=o.employee_dinkes_sorong.pk).is_active, "deactivated"

    with pytest.raises(AssertionError, match="deactivated"):
        check_row(org, set_active_row(allowed={"hr_sorong"}, then=still_active), "hr_sorong")


# --- The snapshot ---------------------------------------------------------------------------------------
def test_the_snapshot_covers_every_table_of_our_apps_and_the_users():
    covered = {model._meta.label_lower for model in snapshot_models()}
    ours = {
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in OUR_APPS and not model._meta.proxy
    }
    assert {"performance.appraisal", "notifications.notification", "core.historicalunitkerja"} <= ours
    assert ours <= covered, sorted(ours - covered)
    assert {"auth.user", "auth.user_groups", "admin.logentry"} <= covered
    left_out = {model._meta.label_lower for model in apps.get_models(include_auto_created=True)} - covered
    assert left_out == set(EXCLUDED_FROM_SNAPSHOT), "only the documented tables are left out"


@pytest.mark.parametrize(
    ("write", "table"),
    [
        (lambda o: Notification.objects.create(recipient=o.users["hr_sorong"], kind="uji", title="x"),
         "notifications.notification"),
        (lambda o: make_year(o.sorong), "performance.performanceyear"),
        (lambda o: o.users["hr_sorong"].set_password("Lain-2026!") or o.users["hr_sorong"].save(), "auth.user"),
        (lambda o: o.dishub_sorong.save(), "core.historicalunitkerja"),
    ],
    ids=["notification", "performance-year", "password", "audit-history"],
)  # fmt: skip
def test_the_snapshot_sees_writes_outside_employees_and_units(org, write, table):
    before = snapshot()
    write(org)
    assert table in changed_tables(before, snapshot())


def test_a_refused_login_writes_the_lockout_tables_which_is_why_they_are_left_out(org, client):
    before = snapshot()
    response = client.post(R("core:login"), {"username": "hr.sorong", "password": "salah-sekali"})
    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username__isnull=False).exists()
    assert "axes.accessattempt" in EXCLUDED_FROM_SNAPSHOT
    assert changed_tables(before, snapshot()) == []


SENSITIVE = dict(
    anonymous=302,
    superuser=200,
    hr_sorong=200,
    employee_dinkes_sorong=200,
    head_dinkes_sorong=403,
    others=404,
)


def sensitive_row(**declared) -> Row:
    """HR reading the nurse's NIK: the read is logged (employees.sensitivedataview)."""
    return Row(
        "employees:sensitive",
        "the nurse's NIK",
        lambda o: R("employees:sensitive", args=[o.employee_dinkes_sorong.pk]),
        expect(**SENSITIVE),
        **declared,
    )


def test_a_get_that_writes_an_undeclared_table_fails(org):
    with pytest.raises(AssertionError, match=r"a GET changed \['employees.sensitivedataview'\]"):
        check_row(org, sensitive_row(), "hr_sorong")
    check_row(org, sensitive_row(get_writes={"employees.sensitivedataview"}), "hr_sorong")
