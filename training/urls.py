"""URLs of the training app, under /pelatihan/. URL names never change."""

from django.urls import path

from .views import (
    budget,
    catalogue,
    completion,
    compliance,
    enrolment,
    evaluation,
    external,
    needs,
    public,
    study,
)

app_name = "training"

urlpatterns = [
    # The catalogue
    path("", catalogue.catalogue, name="catalogue"),
    path("program/", catalogue.programme_list, name="programme_list"),
    path("program/baru/", catalogue.programme_create, name="programme_create"),
    path("program/<int:pk>/", catalogue.programme_detail, name="programme_detail"),
    path("program/<int:pk>/ubah/", catalogue.programme_update, name="programme_update"),
    path("program/<int:pk>/status/", catalogue.programme_state, name="programme_state"),
    path("program/<int:pk>/sesi/baru/", catalogue.session_create, name="session_create"),
    path("sesi/<int:pk>/hapus/", catalogue.session_delete, name="session_delete"),
    path("mitra/", catalogue.partner_list, name="partner_list"),
    path("mitra/baru/", catalogue.partner_create, name="partner_create"),
    path("mitra/<int:pk>/", catalogue.partner_detail, name="partner_detail"),
    path("mitra/<int:pk>/ubah/", catalogue.partner_update, name="partner_update"),
    path("mitra/<int:pk>/perjanjian/", catalogue.agreement_create, name="agreement_create"),
    path("kompetensi/", catalogue.competency_list, name="competency_list"),
    # Enrolment
    path("program/<int:pk>/daftar/", enrolment.enrol_request, name="enrol_request"),
    path("program/<int:pk>/usulkan/", enrolment.nominate, name="nominate"),
    path("saya/", enrolment.my_enrolments, name="my_enrolments"),
    path("persetujuan/", enrolment.queue, name="queue"),
    path("pendaftaran/<int:pk>/", enrolment.enrolment_detail, name="enrolment_detail"),
    path("pendaftaran/<int:pk>/setujui/", enrolment.enrolment_approve, name="enrolment_approve"),
    path("pendaftaran/<int:pk>/tolak/", enrolment.enrolment_reject, name="enrolment_reject"),
    path("pendaftaran/<int:pk>/konfirmasi/", enrolment.enrolment_confirm, name="enrolment_confirm"),
    path("pendaftaran/<int:pk>/batalkan/", enrolment.enrolment_cancel, name="enrolment_cancel"),
    # Attendance, completion, certificates
    path("sesi/<int:pk>/kehadiran/", completion.attendance, name="attendance"),
    path("program/<int:pk>/hasil/", completion.completion, name="completion"),
    path("pendaftaran/<int:pk>/sertifikat/", completion.certificate, name="certificate"),
    # Public: the certificate check (no login)
    path("verifikasi/", public.verify_lookup, name="verify_lookup"),
    path("verifikasi/<str:code>/", public.verify, name="verify"),
    # --- JP compliance (the 20 JP duty) ---
    path("jp/", compliance.compliance, name="compliance"),
    path("jp/unduh/", compliance.compliance_export, name="compliance_export"),
    path("jp/hitung/", compliance.compliance_recompute, name="compliance_recompute"),
    path("jp/saya/", compliance.jp_mine, name="jp_mine"),
    # --- Study assignments (tugas belajar, izin belajar) ---
    path("belajar/saya/", study.study_mine, name="study_mine"),
    path("belajar/ajukan/", study.study_request, name="study_request"),
    path("belajar/persetujuan/", study.study_queue, name="study_queue"),
    path("belajar/", study.study_list, name="study_list"),
    path("belajar/unduh/", study.study_export, name="study_export"),
    path("belajar/<int:pk>/", study.study_detail, name="study_detail"),
    path("belajar/<int:pk>/rekomendasi/", study.study_recommend, name="study_recommend"),
    path("belajar/<int:pk>/keputusan/", study.study_decide, name="study_decide"),
    path("belajar/<int:pk>/laporan/", study.study_report, name="study_report"),
    path("belajar/<int:pk>/selesai/", study.study_complete, name="study_complete"),
    path("belajar/<int:pk>/tarik/", study.study_withdraw, name="study_withdraw"),
    path("belajar/berkas/<str:which>/<int:pk>/", study.study_file, name="study_file"),
    # --- External learning (pembelajaran mandiri) ---
    path("mandiri/", external.my_external, name="external_mine"),
    path("mandiri/baru/", external.external_create, name="external_create"),
    path("mandiri/verifikasi/", external.external_queue, name="external_queue"),
    path("mandiri/<int:pk>/", external.external_detail, name="external_detail"),
    path("mandiri/<int:pk>/ubah/", external.external_update, name="external_update"),
    path("mandiri/<int:pk>/tarik/", external.external_withdraw, name="external_withdraw"),
    path("mandiri/<int:pk>/sertifikat/", external.external_certificate, name="external_certificate"),
    path("mandiri/<int:pk>/verifikasi/", external.external_verify, name="external_verify"),
    path("mandiri/<int:pk>/tolak/", external.external_reject, name="external_reject"),
    # --- Evaluation ---
    path("evaluasi/", evaluation.evaluation_mine, name="evaluation_mine"),
    path("evaluasi/<int:pk>/umpan-balik/", evaluation.feedback, name="evaluation_feedback"),
    path("evaluasi/<int:pk>/penerapan/", evaluation.applied, name="evaluation_applied"),
    path("evaluasi/hasil/", evaluation.results, name="evaluation_results"),
    path("evaluasi/hasil/<int:pk>/", evaluation.programme_results, name="evaluation_programme"),
    # --- Training needs ---
    path("kebutuhan/", needs.need_list, name="need_list"),
    path("kebutuhan/baru/", needs.need_create, name="need_create"),
    path("kebutuhan/<int:pk>/", needs.need_detail, name="need_detail"),
    path("kebutuhan/rekap/", needs.need_summary, name="need_summary"),
    path("kebutuhan/rekap/unduh/", needs.need_export, name="need_export"),
    path("kebutuhan/ambil-pembinaan/", needs.need_import, name="need_import"),
    # --- Budget ---
    path("anggaran/", budget.budget, name="budget"),
    path("anggaran/pagu/", budget.budget_line_save, name="budget_line_save"),
    path("anggaran/unduh/", budget.budget_export, name="budget_export"),
    path("program/<int:pk>/belanja/", budget.spending, name="spending"),
]
