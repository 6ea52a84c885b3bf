"""URLs of SKP planning and its workflow."""

from django.urls import path

from . import views_planning as views

urlpatterns = [
    path("saya/", views.my_skp, name="my_skp"),
    path("saya/tahun/<int:year_pk>/mulai/", views.skp_create, name="skp_create"),
    path("skp/<int:pk>/", views.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/rhk/tambah/", views.rhk_create, name="rhk_create"),
    path("skp/<int:pk>/ajukan/", views.skp_submit, name="skp_submit"),
    path("skp/<int:pk>/ekspektasi/", views.skp_expectations, name="skp_expectations"),
    path("skp/<int:pk>/kembalikan/", views.skp_return, name="skp_return"),
    path("skp/<int:pk>/setujui/", views.skp_approve, name="skp_approve"),
    path("skp/<int:pk>/revisi/", views.skp_revise, name="skp_revise"),
    path("skp/<int:pk>/turunkan/", views.rhk_copy_down, name="rhk_copy_down"),
    path("skp/<int:pk>/pdf/", views.skp_pdf, name="skp_pdf"),
    path("rhk/<int:pk>/ubah/", views.rhk_update, name="rhk_update"),
    path("rhk/<int:pk>/hapus/", views.rhk_delete, name="rhk_delete"),
    path("rhk/<int:pk>/iki/tambah/", views.iki_create, name="iki_create"),
    path("iki/<int:pk>/ubah/", views.iki_update, name="iki_update"),
    path("iki/<int:pk>/hapus/", views.iki_delete, name="iki_delete"),
    path("penilaian/<int:pk>/pdf/", views.appraisal_pdf, name="appraisal_pdf"),
]
