from django.urls import path

from .views import corrections, histories, io, profile, records, search

app_name = "employees"

urlpatterns = [
    path("", records.employee_list, name="list"),
    path("cari/", search.employee_search, name="search"),
    path("tambah/", records.employee_create, name="create"),
    path("<int:pk>/", records.employee_detail, name="detail"),
    path("<int:pk>/ubah/", records.employee_update, name="update"),
    path("<int:pk>/data-pribadi/", records.employee_sensitive, name="sensitive"),
    path("<int:pk>/status/", records.employee_set_active, name="set_active"),
    path("<int:pk>/dokumen/unggah/", histories.document_upload, name="document_upload"),
    path("dokumen/<int:pk>/", histories.document_download, name="document_download"),
    path("dokumen/<int:pk>/hapus/", histories.document_delete, name="document_delete"),
    path("<int:pk>/riwayat/<slug:slug>/tambah/", histories.history_create, name="history_create"),
    path("riwayat/<slug:slug>/<int:row_pk>/ubah/", histories.history_update, name="history_update"),
    path("riwayat/<slug:slug>/<int:row_pk>/hapus/", histories.history_delete, name="history_delete"),
    # Exports of the filtered list and imports from .xlsx
    path("ekspor.csv", io.employee_export, {"fmt": "csv"}, name="export_csv"),
    path("ekspor.xlsx", io.employee_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("impor/", io.import_start, name="import"),
    path("impor/templat/<slug:kind>.xlsx", io.import_template, name="import_template"),
    path("impor/<str:token>/", io.import_preview, name="import_preview"),
    path("impor/<str:token>/terapkan/", io.import_apply, name="import_apply"),
    path("impor/<str:token>/batal/", io.import_cancel, name="import_cancel"),
]

# Self-service: my profile, correction proposals, subordinates.
urlpatterns += [
    path("profil-saya/", profile.profile, name="profile"),
    path("profil-saya/usulan-perubahan/", corrections.correction_mine, name="correction_mine"),
    path("usulan-perubahan/", corrections.correction_queue, name="correction_queue"),
    path("usulan-perubahan/<int:pk>/", corrections.correction_detail, name="correction_detail"),
    path("usulan-perubahan/<int:pk>/setujui/", corrections.correction_approve, name="correction_approve"),
    path("usulan-perubahan/<int:pk>/tolak/", corrections.correction_reject, name="correction_reject"),
    path("usulan-perubahan/<int:pk>/batalkan/", corrections.correction_withdraw, name="correction_withdraw"),
    path("bawahan/", profile.subordinates, name="subordinates"),
]
