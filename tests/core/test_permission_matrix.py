"""Every view of the foundation, for every persona, on own and other units and agencies."""

import importlib
import inspect
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ..access_matrix import NOBODY, Row, check_row, declaration_problems, expect, matrix_ids, matrix_params

R = reverse
HR_ONLY_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, others=403)
HR_WRITES_SORONG = dict(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=404, others=403)
HR_SORONG = {"superuser", "hr_sorong"}
SIGNED_IN = {"superuser", "hr_sorong", "hr_palembang", "head_dinkes_sorong", "employee_dinkes_sorong",
             "employee_dishub_palembang"}  # fmt: skip


def unit_post(o):
    return {
        "parent": o.dinkes_sorong.pk,
        "code": "DINKES.BARU",
        "name": "Bidang Baru",
        "kind": "bidang",
        "head_title": "Kepala Bidang Baru",
        "is_active": "on",
    }


def employee_post(o):
    e = o.employee_dinkes_sorong
    return {
        "nip": e.nip,
        "name": "Nama Diubah",
        "birth_date": "1990-05-17",
        "gender": "P",
        "unit": o.pkm_sorong.pk,
        "position_name": "Perawat",
        "position_kind": "fungsional",
        "golongan": "III/b",
    }


def new_employee_post(o):
    return {
        "nip": "199203042019032007",
        "name": "Rina Baru",
        "birth_date": "1992-03-04",
        "gender": "P",
        "unit": o.dishub_sorong.pk,
        "position_name": "Pelaksana",
        "position_kind": "pelaksana",
        "golongan": "III/a",
        "tmt_cpns": "2019-03-01",
    }


WRITE_ROWS = [
    Row(
        "core:unit_create",
        "POST in Sorong",
        lambda o: R("core:unit_create", args=[o.sorong.pk]),
        expect(**HR_WRITES_SORONG, employee_dishub_palembang=404),
        method="post",
        data=unit_post,
        allowed=HR_SORONG,
    ),
    Row(
        "core:unit_update",
        "POST Sorong unit",
        lambda o: R("core:unit_update", args=[o.pkm_sorong.pk]),
        expect(**HR_WRITES_SORONG, employee_dishub_palembang=404),
        method="post",
        data=unit_post,
        allowed=HR_SORONG,
    ),
    Row(
        "employees:update",
        "POST Sorong employee",
        lambda o: R("employees:update", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
        method="post",
        data=employee_post,
        allowed=HR_SORONG,
    ),
    # hr_palembang is allowed the page but may not place anyone in a Sorong unit: the form refuses.
    Row(
        "employees:create",
        "POST into a Sorong unit",
        lambda o: R("employees:create"),
        expect(anonymous=302, superuser=302, hr_sorong=302, hr_palembang=200, others=403),
        method="post",
        data=new_employee_post,
        allowed=HR_SORONG,
    ),
    # Unduhan saya: everyone signed in has the page (their own exports only); a file is its asker's.
    Row(
        "core:exports",
        "own list",
        lambda o: R("core:exports"),
        expect(anonymous=302, others=200),
    ),
    Row(
        "core:export_download",
        "HR Sorong's finished export",
        lambda o: R("core:export_download", args=[an_export(o).pk]),
        expect(anonymous=302, hr_sorong=200, others=404),
    ),
]


def an_export(o):
    """A finished export of HR Sorong (core.exports), written as the job writes it."""
    from core import exports
    from core.models import ExportFile

    export = ExportFile.objects.create(
        requested_by=o.users["hr_sorong"], kind="pegawai", fmt="csv", title="Daftar pegawai"
    )
    return exports.build(export.pk)


PASSWORD = "Sandi-Uji-2026!"  # of every user made by tests.factories.make_user
NEW_PASSWORD = "Baru-2026-xyz!"


def signed_in_as(user, client, response) -> None:
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response["Location"] == R("core:dashboard")


def password_changed(client, response) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert user.check_password(NEW_PASSWORD), "the new password is stored"
    assert response["Location"] == R("core:dashboard")


def signed_out(client, response) -> None:
    assert "_auth_user_id" not in client.session, "the session no longer holds a user"
    assert "/masuk/" in response["Location"]


def a_document(o):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core import access
    from employees.services.histories import document_upload

    return document_upload(
        actor=access.actor_for(o.users["superuser"]),
        employee=o.employee_dinkes_sorong,
        kind="ktp",
        upload=SimpleUploadedFile("ktp.pdf", b"%PDF-1.4 test"),
    )


def document_post(o):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "ijazah", "file": SimpleUploadedFile("ijazah.pdf", b"%PDF-1.4 ijazah")}


# Documents are personal: the employee and HR, not the head (who sees the record itself).
DOCUMENT_ROWS = [
    Row(
        "employees:document_upload",
        "form for the nurse",
        lambda o: R("employees:document_upload", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            employee_dinkes_sorong=200,
            head_dinkes_sorong=403,
            others=404,
        ),
    ),
    Row(
        "employees:document_upload",
        "POST for the nurse",
        lambda o: R("employees:document_upload", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            employee_dinkes_sorong=302,
            head_dinkes_sorong=403,
            others=404,
        ),
        method="post",
        data=document_post,
        allowed={*HR_SORONG, "employee_dinkes_sorong"},
    ),
    Row(
        "employees:document_download",
        "the nurse's KTP",
        lambda o: R("employees:document_download", args=[a_document(o).pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            employee_dinkes_sorong=200,
            head_dinkes_sorong=403,
            others=404,
        ),
    ),
    Row(
        "employees:document_delete",
        "the nurse's KTP",
        lambda o: R("employees:document_delete", args=[a_document(o).pk]),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            employee_dinkes_sorong=403,
            head_dinkes_sorong=403,
            others=404,
        ),
        method="post",
        allowed=HR_SORONG,
    ),
]

SENSITIVE_ROWS = [
    Row(
        "employees:sensitive",
        "the nurse's NIK and religion",
        lambda o: R("employees:sensitive", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            employee_dinkes_sorong=200,
            head_dinkes_sorong=403,
            others=404,
        ),
        get_writes={"employees.sensitivedataview"},  # who read the NIK, and when
    ),
]

ROWS = [
    *WRITE_ROWS,
    *SENSITIVE_ROWS,
    *DOCUMENT_ROWS,
    Row("core:dashboard", "home", lambda o: R("core:dashboard"), expect(anonymous=302, others=200)),
    Row(
        "core:password_change", "form", lambda o: R("core:password_change"), expect(anonymous=302, others=200)
    ),
    Row("core:instansi_list", "list", lambda o: R("core:instansi_list"), expect(anonymous=302, others=200)),
    Row(
        "core:unit_tree",
        "own agency (Sorong)",
        lambda o: R("core:unit_tree", args=[o.sorong.pk]),
        expect(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200),
    ),
    Row(
        "core:unit_tree",
        "other agency (Palembang)",
        lambda o: R("core:unit_tree", args=[o.palembang.pk]),
        expect(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404),
    ),
    Row(
        "core:unit_detail",
        "Sorong unit",
        lambda o: R("core:unit_detail", args=[o.pkm_sorong.pk]),
        expect(anonymous=302, hr_palembang=404, employee_dishub_palembang=404, others=200),
    ),
    Row(
        "core:unit_create",
        "Sorong",
        lambda o: R("core:unit_create", args=[o.sorong.pk]),
        expect(**HR_ONLY_SORONG, employee_dishub_palembang=404),
    ),
    Row(
        "core:unit_create",
        "Palembang",
        lambda o: R("core:unit_create", args=[o.palembang.pk]),
        expect(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=403, others=404),
    ),
    Row(
        "core:unit_update",
        "Sorong unit",
        lambda o: R("core:unit_update", args=[o.dinkes_sorong.pk]),
        expect(**HR_ONLY_SORONG, employee_dishub_palembang=404),
    ),
    Row(
        "core:history",
        "employee of Sorong",
        lambda o: R("core:history", args=["pegawai", o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
    ),
    Row(
        "core:history",
        "unit of Sorong",
        lambda o: R("core:history", args=["unit", o.dinkes_sorong.pk]),
        expect(**HR_ONLY_SORONG, employee_dishub_palembang=404),
    ),
    Row(
        "core:history",
        "agency Sorong",
        lambda o: R("core:history", args=["instansi", o.sorong.pk]),
        expect(**HR_ONLY_SORONG, employee_dishub_palembang=404),
    ),
    Row(
        "core:history",
        "unknown kind",
        lambda o: R("core:history", args=["rahasia", 1]),
        expect(anonymous=302, others=404),
    ),
    Row("core:healthz", "public", lambda o: R("core:healthz"), expect(others=200)),
    Row("core:login", "public", lambda o: R("core:login"), expect(anonymous=200, others=302)),
    Row(
        "core:logout",
        "post",
        lambda o: R("core:logout"),
        expect(others=302),
        method="post",
        allowed=SIGNED_IN,
        unchanged="logging out deletes the client's session, a table the snapshot leaves out",
        then=lambda o, client, response: signed_out(client, response),
    ),
    Row(
        "core:login",
        "post, wrong password",
        lambda o: R("core:login"),
        expect(anonymous=200, others=302),
        method="post",
        data=lambda o: {"username": "hr.sorong", "password": "salah-sekali"},
        allowed=NOBODY,
    ),
    Row(
        "core:login",
        "post, right password",
        lambda o: R("core:login"),
        # Signed-in users are sent on without a login (refused: nothing changes).
        expect(anonymous=302, others=302),
        method="post",
        data=lambda o: {"username": "hr.sorong", "password": PASSWORD},
        allowed={"anonymous"},  # the login stamps auth_user.last_login
        then=lambda o, client, response: signed_in_as(o.users["hr_sorong"], client, response),
    ),
    Row(
        "core:password_change",
        "post, right old password",
        lambda o: R("core:password_change"),
        expect(anonymous=302, others=302),
        method="post",
        data=lambda o: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        allowed=SIGNED_IN,
        then=lambda o, client, response: password_changed(client, response),
    ),
    Row(
        "core:password_change",
        "post, wrong old password",
        lambda o: R("core:password_change"),
        expect(anonymous=302, others=200),
        method="post",
        data=lambda o: {
            "old_password": "salah",
            "new_password1": "Baru-2026-xyz!",
            "new_password2": "Baru-2026-xyz!",
        },
        allowed=NOBODY,
    ),
    # Employees
    Row("employees:list", "scoped list", lambda o: R("employees:list"), expect(anonymous=302, others=200)),
    Row(
        "employees:detail",
        "own (nurse in Puskesmas)",
        lambda o: R("employees:detail", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            head_dinkes_sorong=200,
            employee_dinkes_sorong=200,
            others=404,
        ),
    ),
    Row(
        "employees:detail",
        "Sorong, outside the head's subtree",
        lambda o: R("employees:detail", args=[o.employee_dishub_sorong.pk]),
        expect(anonymous=302, superuser=200, hr_sorong=200, others=404),
    ),
    Row(
        "employees:detail",
        "Palembang",
        lambda o: R("employees:detail", args=[o.employee_dishub_palembang.pk]),
        expect(anonymous=302, superuser=200, hr_palembang=200, employee_dishub_palembang=200, others=404),
    ),
    Row(
        "employees:create",
        "form",
        lambda o: R("employees:create"),
        expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, others=403),
    ),
    Row(
        "employees:update",
        "Sorong employee",
        lambda o: R("employees:update", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=200,
            hr_sorong=200,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
    ),
    Row(
        "employees:set_active",
        "Sorong employee",
        lambda o: R("employees:set_active", args=[o.employee_dinkes_sorong.pk]),
        expect(
            anonymous=302,
            superuser=302,
            hr_sorong=302,
            head_dinkes_sorong=403,
            employee_dinkes_sorong=403,
            others=404,
        ),
        method="post",
        data=lambda o: {"active": "0"},
        allowed=HR_SORONG,
    ),
    Row(
        "employees:set_active",
        "GET is refused",
        lambda o: R("employees:set_active", args=[o.employee_dinkes_sorong.pk]),
        expect(anonymous=302, others=405),
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_permission_matrix(org, row, persona):
    check_row(org, row, persona)


def _named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_urls(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


# Namespaces that are ours; third-party ones (admin, set_language) are not in the matrix.
OURS = ("core:", "employees:", "performance:", "training:", "surveys:", "reports:", "notifications:")
OURS += ("accounts:", "attendance:")


def _all_matrix_rows():
    """ROWS of every `tests/**/test_*matrix*.py`: each area keeps its own matrix module."""
    tests_dir = Path(__file__).resolve().parent.parent
    for path in sorted(tests_dir.rglob("test_*matrix*.py")):
        module = ".".join(("tests", *path.relative_to(tests_dir).with_suffix("").parts))
        yield from importlib.import_module(module).ROWS


def test_every_url_of_ours_is_in_a_matrix():
    covered = {row.name for row in _all_matrix_rows()}
    ours = {name for name in _named_urls() if name.startswith(OURS)}
    assert ours, "the URL configuration exposes our views"
    assert ours <= covered, f"views without a permission-matrix row: {sorted(ours - covered)}"


def _accepts_post(callback) -> bool:
    """Whether a view accepts POST: a class view with a `post` handler it allows, a function view
    behind require_POST / require_http_methods([... "POST" ...]) or whose code reads request.POST
    or compares request.method (each decorator in the `__wrapped__` chain is inspected)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    func = callback
    while func is not None:
        for cell in getattr(func, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, list | tuple) and "POST" in value:
                return True
        try:
            source = inspect.getsource(func)
        except (OSError, TypeError):
            source = ""
        if "request.POST" in source or 'request.method == "POST"' in source:
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def _named_callbacks(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_callbacks(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern.callback


def test_every_view_that_accepts_post_has_a_post_row():
    covered = {row.name for row in _all_matrix_rows() if row.method == "post"}
    writers = {name for name, cb in _named_callbacks() if name.startswith(OURS) and _accepts_post(cb)}
    assert "employees:create" in writers or len(writers) > 10, writers
    assert writers <= covered, f"views that accept POST without a POST row: {sorted(writers - covered)}"


def test_every_post_row_declares_who_is_allowed():
    """Each POST row names the personas whose POST is carried out (or NOBODY): check_row then
    requires their POST to change data and every other persona's to change nothing."""
    rows = list(_all_matrix_rows())
    posts = [row for row in rows if row.method == "post"]
    assert len(posts) > 50, len(posts)
    assert any(row.allowed for row in posts) and any(row.allowed == NOBODY for row in posts)
    problems = [problem for row in rows for problem in declaration_problems(row)]
    assert not problems, problems
