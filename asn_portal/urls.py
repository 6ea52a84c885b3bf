from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog


class FaviconRedirect(RedirectView):
    """The static icon's (hashed) URL, looked up when asked, not when the URLs load."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("favicon.ico")


urlpatterns = [
    path("", include("core.urls")),
    path("pegawai/", include("employees.urls")),
    path("laporan/", include("reports.urls")),
    path("kinerja/", include("performance.urls")),
    path("pelatihan/", include("training.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("akun/", include("accounts.urls")),
    path("cuti/", include("leave.urls")),
    path("presensi/", include("attendance.urls")),
    path("", include("surveys.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Browsers and bookmarks ask the site root for its icon, whatever the page links.
    path("favicon.ico", FaviconRedirect.as_view()),
]

handler403 = "core.views.errors.permission_denied"
handler404 = "core.views.errors.page_not_found"
handler500 = "core.views.errors.server_error"

admin.site.site_header = "ASN Portal"
admin.site.site_title = "ASN Portal"
