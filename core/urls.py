from django.contrib.auth import views as auth_views
from django.urls import path

from core.views import accounts, audit, dashboard, exports, health, organisation

app_name = "core"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("masuk/", accounts.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("organisasi/", organisation.instansi_list, name="instansi_list"),
    path("organisasi/<int:pk>/", organisation.unit_tree, name="unit_tree"),
    path("organisasi/<int:pk>/unit/tambah/", organisation.unit_create, name="unit_create"),
    path("organisasi/unit/<int:pk>/", organisation.unit_detail, name="unit_detail"),
    path("organisasi/unit/<int:pk>/ubah/", organisation.unit_update, name="unit_update"),
    path("riwayat/<slug:kind>/<int:pk>/", audit.record_history, name="history"),
    path("unduhan/", exports.export_list, name="exports"),
    path("unduhan/<int:pk>/berkas/", exports.export_download, name="export_download"),
    path("healthz", health.healthz, name="healthz"),
]
