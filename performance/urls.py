"""URLs of the performance app, one list per area (the areas of views/)."""

from django.urls import path

from .views import appraisal, appraisers, monitoring, planning, realisation, scoring, years

app_name = "performance"

planning_urls = [
    path("saya/", planning.my_skp, name="my_skp"),
    path("saya/tahun/<int:year_pk>/mulai/", planning.skp_create, name="skp_create"),
    path("skp/<int:pk>/", planning.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/rhk/tambah/", planning.rhk_create, name="rhk_create"),
    path("skp/<int:pk>/ajukan/", planning.skp_submit, name="skp_submit"),
    path("skp/<int:pk>/ekspektasi/", planning.skp_expectations, name="skp_expectations"),
    path("skp/<int:pk>/kembalikan/", planning.skp_return, name="skp_return"),
    path("skp/<int:pk>/setujui/", planning.skp_approve, name="skp_approve"),
    path("skp/<int:pk>/revisi/", planning.skp_revise, name="skp_revise"),
    path("skp/<int:pk>/turunkan/", planning.rhk_copy_down, name="rhk_copy_down"),
    path("skp/<int:pk>/pdf/", planning.skp_pdf, name="skp_pdf"),
    path("rhk/<int:pk>/ubah/", planning.rhk_update, name="rhk_update"),
    path("rhk/<int:pk>/hapus/", planning.rhk_delete, name="rhk_delete"),
    path("rhk/<int:pk>/iki/tambah/", planning.iki_create, name="iki_create"),
    path("iki/<int:pk>/ubah/", planning.iki_update, name="iki_update"),
    path("iki/<int:pk>/hapus/", planning.iki_delete, name="iki_delete"),
]

realisation_urls = [
    path("skp/<int:pk>/realisasi/<int:period_pk>/", realisation.realisation, name="realisation"),
    path("realisasi/<int:pk>/bukti/", realisation.evidence, name="evidence"),
]

appraisal_urls = [
    path("penilaian/<int:pk>/pdf/", appraisal.appraisal_pdf, name="appraisal_pdf"),
    path("skp/<int:pk>/dialog/", appraisal.dialog, name="dialog"),
    path("skp/<int:pk>/penilaian/<int:period_pk>/", appraisal.appraisal, name="appraisal"),
    path("penilaian/<int:pk>/buka/", appraisal.appraisal_reopen, name="appraisal_reopen"),
    path("pembinaan/<int:pk>/", appraisal.coaching, name="coaching"),
    path("bawahan/", appraisal.queue, name="queue"),
]

years_urls = [
    path("tahun/", years.years_list, name="years"),
    path("tahun/baru/", years.year_create, name="year_create"),
    path("tahun/<int:pk>/", years.year_detail, name="year_detail"),
    path("tahun/<int:pk>/ubah/", years.year_update, name="year_update"),
    path("tahun/<int:pk>/predikat-unit/", years.unit_predikat, name="unit_predikat"),
]

monitoring_urls = [
    path("monitoring/", monitoring.monitoring, name="monitoring"),
    path("monitoring/unduh/", monitoring.monitoring_export, name="monitoring_export"),
    path("penghargaan/", monitoring.rewards, name="rewards"),
    path("penghargaan/unduh/", monitoring.rewards_export, name="rewards_export"),
    path("pembinaan/", monitoring.coaching_list, name="coaching_list"),
]

scoring_urls = [
    path("skor/", scoring.scoring, name="scoring"),
    path("skor/periode/<int:pk>/hitung/", scoring.scoring_start, name="scoring_start"),
    path("skor/proses/<int:pk>/", scoring.scoring_progress, name="scoring_progress"),
]

appraisers_urls = [
    path("penilai/", appraisers.appraisers, name="appraisers"),
    path("penilai/<int:instansi_pk>/pejabat/<str:kind>/", appraisers.official_edit, name="official_edit"),
    path("penilai/<int:instansi_pk>/pengganti/", appraisers.acting_create, name="acting_create"),
    path("penilai/pengganti/<int:pk>/hapus/", appraisers.acting_delete, name="acting_delete"),
    path("penilai/<int:instansi_pk>/perbarui/", appraisers.unit_refresh, name="unit_refresh"),
    path("skp/<int:pk>/penilai/", appraisers.skp_appraiser, name="skp_appraiser"),
]

urlpatterns = (
    appraisers_urls
    + planning_urls
    + realisation_urls
    + appraisal_urls
    + years_urls
    + monitoring_urls
    + scoring_urls
)
