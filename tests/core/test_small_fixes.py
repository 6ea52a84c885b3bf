"""Issue 10 item 19, the small ones of core: a 403 is one warning line, the login footer, the
favicon, `make demo PORT=...` and no system-check warning at migrate."""

import logging
import subprocess
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

BASE = Path(__file__).resolve().parents[2]


def test_a_refused_request_is_logged_as_one_warning_line_without_a_traceback(org, as_persona, caplog):
    url = reverse("employees:update", args=[org.employee_dinkes_sorong.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert as_persona("head_dinkes_sorong").get(url).status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.levelname for r in records] == ["WARNING"]
    assert records[0].getMessage() == f"Forbidden (Permission denied): {url}"
    assert records[0].exc_info is None
    assert "Traceback" not in logging.Formatter().format(records[0])


def test_other_errors_keep_their_traceback():
    from core.logging import QuietPermissionDenied

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "x", (), sys.exc_info())
    assert QuietPermissionDenied().filter(record) is True
    assert record.exc_info is not None


def test_the_login_footer_has_no_stray_separator(db):
    html = Client().get("/masuk/").content.decode()
    footer = html.split("<footer", 1)[1].split("</footer>", 1)[0]
    assert "ASN Portal" in footer
    assert "·" not in footer


def test_the_footer_of_a_signed_in_user_shows_the_time_zone(org, as_persona):
    html = as_persona("hr_sorong").get("/").content.decode()
    footer = html.split("<footer", 1)[1].split("</footer>", 1)[0]
    assert "· Zona waktu: Asia/Jayapura" in " ".join(footer.split())


def test_every_page_links_a_favicon_served_from_our_own_static_files(db):
    html = Client().get("/masuk/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    svg = finders.find("favicon.svg")
    ico = finders.find("favicon.ico")
    assert svg and Path(svg).read_text().startswith("<svg")
    assert ico and Path(ico).read_bytes()[:4] == b"\x00\x00\x01\x00"  # the ICO signature


def test_make_demo_serves_on_the_port_given():
    def dry_run(*args: str) -> str:
        return subprocess.run(
            ["make", "-n", "demo", *args], cwd=BASE, capture_output=True, text=True, check=True
        ).stdout

    assert "manage.py runserver 127.0.0.1:8123" in dry_run("PORT=8123")
    assert "manage.py runserver 127.0.0.1:8000" in dry_run()
    assert "PORT=" in (BASE / "README.md").read_text()


def test_the_system_checks_of_migrate_raise_no_warning(db, capsys):
    """migrate runs the checks with the database (SQLite by default): nothing to report, e.g.
    no W040 for an index with INCLUDE columns SQLite cannot hold."""
    call_command("check", databases=["default"], fail_level="WARNING")
    assert "W040" not in capsys.readouterr().err


def test_the_site_root_favicon_leads_to_the_static_icon(db):
    from django.test import Client

    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico") and "/static/" in response["Location"]
