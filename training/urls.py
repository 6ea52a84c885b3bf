"""URLs of the training app, under /pelatihan/. URL names never change."""

from django.urls import path

from .views import compliance

app_name = "training"

urlpatterns = [
    # --- JP compliance (the 20 JP duty) ---
    path("jp/", compliance.compliance, name="compliance"),
    path("jp/unduh/", compliance.compliance_export, name="compliance_export"),
    path("jp/hitung/", compliance.compliance_recompute, name="compliance_recompute"),
    path("jp/saya/", compliance.jp_mine, name="jp_mine"),
]
