from django.urls import path

from .views import accounts, officers, public

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
