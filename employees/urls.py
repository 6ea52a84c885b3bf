from django.urls import path

from . import views, views_history, views_io, views_self

app_name = "employees"

urlpatterns = [
    path("", views.employee_list, name="list"),
    path("tambah/", views.employee_create, name="create"),
    path("<int:pk>/", views.employee_detail, name="detail"),
    path("<int:pk>/ubah/", views.employee_update, name="update"),
    path("<int:pk>/data-pribadi/", views.employee_sensitive, name="sensitive"),
    path("<int:pk>/status/", views.employee_set_active, name="set_active"),
    path("<int:pk>/dokumen/unggah/", views.document_upload, name="document_upload"),
    path("dokumen/<int:pk>/", views.document_download, name="document_download"),
    path("dokumen/<int:pk>/hapus/", views.document_delete, name="document_delete"),
    path("<int:pk>/riwayat/<slug:slug>/tambah/", views_history.history_create, name="history_create"),
    path("riwayat/<slug:slug>/<int:row_pk>/ubah/", views_history.history_update, name="history_update"),
    path("riwayat/<slug:slug>/<int:row_pk>/hapus/", views_history.history_delete, name="history_delete"),
    # Exports of the filtered list and imports from .xlsx (views_io)
    path("ekspor.csv", views_io.employee_export, {"fmt": "csv"}, name="export_csv"),
    path("ekspor.xlsx", views_io.employee_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("impor/", views_io.import_start, name="import"),
    path("impor/templat/<slug:kind>.xlsx", views_io.import_template, name="import_template"),
    path("impor/<str:token>/", views_io.import_preview, name="import_preview"),
    path("impor/<str:token>/terapkan/", views_io.import_apply, name="import_apply"),
    path("impor/<str:token>/batal/", views_io.import_cancel, name="import_cancel"),
]

# Self-service (employees/views_self.py): my profile, correction proposals, subordinates.
urlpatterns += [
    path("profil-saya/", views_self.profile, name="profile"),
    path("profil-saya/usulan-perubahan/", views_self.correction_mine, name="correction_mine"),
    path("usulan-perubahan/", views_self.correction_queue, name="correction_queue"),
    path("usulan-perubahan/<int:pk>/", views_self.correction_detail, name="correction_detail"),
    path("usulan-perubahan/<int:pk>/setujui/", views_self.correction_approve, name="correction_approve"),
    path("usulan-perubahan/<int:pk>/tolak/", views_self.correction_reject, name="correction_reject"),
    path("usulan-perubahan/<int:pk>/batalkan/", views_self.correction_withdraw, name="correction_withdraw"),
    path("bawahan/", views_self.subordinates, name="subordinates"),
]
