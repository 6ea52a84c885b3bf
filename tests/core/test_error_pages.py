"""403, 404 and 500 pages speak Indonesian and never leak details."""

from django.test import RequestFactory
from django.urls import reverse

from core.views.errors import server_error


def test_a_missing_page_gets_the_indonesian_404(org, as_persona):
    response = as_persona("hr_sorong").get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_record_out_of_scope_looks_missing_not_forbidden(org, as_persona):
    url = reverse("employees:detail", args=[org.employee_dishub_palembang.pk])
    response = as_persona("hr_sorong").get(url)
    assert response.status_code == 404
    assert "Staf Dishub Palembang" not in response.content.decode()


def test_a_forbidden_action_gets_the_indonesian_403(org, as_persona):
    url = reverse("employees:update", args=[org.employee_dinkes_sorong.pk])
    response = as_persona("head_dinkes_sorong").get(url)
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_the_500_page_renders_without_a_database_or_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan pada server" in body
    assert "Traceback" not in body


def test_the_500_page_renders_with_a_manifest_storage_and_no_manifest(settings, tmp_path):
    settings.DEBUG = False  # in DEBUG the manifest storage would not look the file up
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran: no staticfiles.json here
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan pada server" in body
    assert "<link" not in body  # no stylesheet the server could not name


def test_a_form_sent_with_a_stale_csrf_token_gets_the_portals_page_in_indonesian(org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users["hr_sorong"])
    client.get("/")  # a CSRF cookie, but the form below carries no token (as after a new login)

    response = client.post("/akun/kata-sandi/", {"old_password": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="error-csrf"' in html and "Formulir kedaluwarsa" in html
    assert "Tidak ada yang tersimpan" in html and "DEBUG" not in html
