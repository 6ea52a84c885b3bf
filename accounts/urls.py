from django.urls import path

from .views import accounts, officers, public, twofactor

app_name = "accounts"

urlpatterns = [
    path("", accounts.account_list, name="list"),
    path("massal/", accounts.account_bulk, name="bulk"),
    path("pegawai/<int:pk>/", accounts.account_detail, name="detail"),
    path("pegawai/<int:pk>/buat/", accounts.account_create, name="create"),
    path("pegawai/<int:pk>/undang/", accounts.account_invite, name="invite"),
    path("pegawai/<int:pk>/nonaktifkan/", accounts.account_deactivate, name="deactivate"),
    path("pegawai/<int:pk>/aktifkan/", accounts.account_reactivate, name="reactivate"),
    path("petugas/", officers.officer_list, name="officers"),
    path("petugas/<int:pk>/hapus/", officers.officer_remove, name="officer_remove"),
    # The second sign-in factor (views/twofactor.py).
    path("dua-langkah/", twofactor.two_factor, name="two_factor"),
    path("dua-langkah/daftar/", twofactor.two_factor_enrol, name="two_factor_enrol"),
    path("dua-langkah/kode-cadangan/", twofactor.two_factor_codes, name="two_factor_codes"),
    path("dua-langkah/matikan/", twofactor.two_factor_disable, name="two_factor_disable"),
    path("dua-langkah/verifikasi/", twofactor.two_factor_verify, name="two_factor_verify"),
    path("dua-langkah/kebijakan/", twofactor.two_factor_policy, name="two_factor_policy"),
    path(
        "pengguna/<int:user_id>/dua-langkah/atur-ulang/", twofactor.two_factor_reset, name="two_factor_reset"
    ),
    # Reached from e-mails, without signing in (views/public.py).
    path("undangan/<uidb64>/<token>/", public.InvitationView.as_view(), name="invitation"),
    path("lupa-sandi/", public.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", public.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-ulang/<uidb64>/<token>/",
        public.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("atur-ulang/selesai/", public.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
