"""Every HTML page carries a Content-Security-Policy that allows no inline script, and the templates need none."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings

from ..access_matrix import Row
from ..conftest import PERSONAS, client_for

MATRIX_MODULES = [
    "tests.core.test_permission_matrix",
    "tests.employees.test_history_matrix",
    "tests.employees.test_self_service_matrix",
    "tests.employees.test_employee_io_matrix",
    "tests.performance.test_appraisal_matrix",
    "tests.performance.test_scoring_matrix",
    "tests.performance.test_hr_matrix",
    "tests.performance.test_planning_matrix",
    "tests.notifications.test_notification_matrix",
    "tests.reports.test_reports_matrix",
    "tests.matrix_extra",
]


def matrix_rows() -> list[Row]:
    """One GET row per URL name of every matrix module that some persona may open."""
    rows: dict[str, Row] = {}
    for name in MATRIX_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, list) and value and all(isinstance(item, Row) for item in value):
                for row in value:
                    if row.method == "get" and 200 in row.expected.values():
                        rows.setdefault(row.name, row)
    return list(rows.values())


def test_the_matrix_rows_are_found():
    assert len(matrix_rows()) > 40


def check_page_carries_the_policy(org, row: Row) -> None:
    for persona in PERSONAS:
        if row.expected[persona] != 200:
            continue
        response = getattr(client_for(org, persona), row.method)(row.url(org), row.data(org))
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, f"{row.name} ({row.label}) as {persona}: {policy!r}"
        assert "unsafe-inline" not in policy
        return


ROWS = matrix_rows()


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_every_page_the_permission_matrix_visits_carries_the_content_security_policy(org, row):
    check_page_carries_the_policy(org, row)


def test_the_login_page_and_the_error_pages_carry_the_policy(client, db):
    for url in ("/masuk/", "/tidak-ada/"):
        assert "script-src 'self'" in client.get(url)["Content-Security-Policy"]


def test_the_policy_allows_scripts_and_styles_from_our_own_files_only():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def test_templates_are_found():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_an_inline_script_an_event_handler_or_a_style_attribute(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script> with code"
    assert not EVENT_HANDLER.search(text), "inline on*= event handler"
    assert not STYLE_ATTRIBUTE.search(text), "inline style attribute"
