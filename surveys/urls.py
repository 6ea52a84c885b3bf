"""URLs of the surveys app, one list per area (the areas of views/). Included at the site root:
the citizens' pages are short (/s/<code>/), the staff pages live under /survei/."""

from django.urls import path

from .views import followups, periods, public, questionnaires, results, tokens, units

app_name = "surveys"

# Citizens, no login (views/public.py): the form, the thank-you page, a ticket's status, the
# published IKM of an instansi.
public_urls: list = [
    path("s/<slug:code>/", public.survey_form, name="public_form"),
    path("s/<slug:code>/terima-kasih/<uuid:key>/", public.survey_thanks, name="public_thanks"),
    path("tiket/", public.ticket_lookup, name="ticket_lookup"),
    path("tiket/<str:ticket>/", public.ticket_status, name="ticket_status"),
    path("ikm/<slug:code>/", public.transparency, name="transparency"),
]

# HR (tokens) and HR or heads (the QR poster) of a service unit: one-time tokens and their printable
# sheet, the poster of the form's address as SVG, PNG and PDF (views/tokens.py).
token_urls: list = [
    path("survei/unit-layanan/<int:pk>/token/", tokens.token_list, name="tokens"),
    path("survei/unit-layanan/<int:pk>/token/cetak/", tokens.token_sheet, name="token_sheet"),
    path("survei/unit-layanan/<int:pk>/poster/", tokens.poster, name="poster"),
    path("survei/unit-layanan/<int:pk>/poster/qr.svg", tokens.poster_svg, name="poster_svg"),
    path("survei/unit-layanan/<int:pk>/poster/qr.png", tokens.poster_png, name="poster_png"),
    path("survei/unit-layanan/<int:pk>/poster/poster.pdf", tokens.poster_pdf, name="poster_pdf"),
]

# HR and heads: service units and services (views/units.py), questionnaires
# (views/questionnaires.py), periods (views/periods.py), follow-ups (views/followups.py).
unit_urls: list = [
    path("survei/unit/", units.service_unit_list, name="service_units"),
    path("survei/unit/baru/", units.service_unit_create, name="service_unit_create"),
    path("survei/unit/<int:pk>/", units.service_unit_detail, name="service_unit"),
    path("survei/unit/<int:pk>/ubah/", units.service_unit_update, name="service_unit_update"),
    path("survei/unit/<int:pk>/aktif/", units.service_unit_set_active, name="service_unit_set_active"),
    path("survei/unit/<int:pk>/layanan/", units.service_add, name="service_add"),
    path("survei/unit/layanan/<int:pk>/ubah/", units.service_rename, name="service_rename"),
    path("survei/unit/layanan/<int:pk>/aktif/", units.service_set_active, name="service_set_active"),
]
questionnaire_urls: list = [
    path("survei/kuesioner/", questionnaires.questionnaire_list, name="questionnaires"),
    path("survei/kuesioner/baru/", questionnaires.questionnaire_create, name="questionnaire_create"),
    path("survei/kuesioner/<int:pk>/", questionnaires.questionnaire_detail, name="questionnaire"),
    path("survei/kuesioner/<int:pk>/ubah/", questionnaires.questionnaire_update, name="questionnaire_update"),
    path("survei/kuesioner/<int:pk>/pertanyaan/", questionnaires.question_add, name="question_add"),
    path(
        "survei/kuesioner/pertanyaan/<int:pk>/ubah/", questionnaires.question_update, name="question_update"
    ),
    path(
        "survei/kuesioner/pertanyaan/<int:pk>/hapus/", questionnaires.question_remove, name="question_remove"
    ),
]
period_urls: list = [
    path("survei/unit/<int:pk>/periode/baru/", periods.period_create, name="period_create"),
    path("survei/periode/<int:pk>/", periods.period_detail, name="period"),
    path("survei/periode/<int:pk>/ubah/", periods.period_update, name="period_update"),
    path("survei/periode/<int:pk>/buka/", periods.period_open, name="period_open"),
    path("survei/periode/<int:pk>/tutup/", periods.period_close, name="period_close"),
]
followup_urls: list = [
    path("survei/tindak-lanjut/", followups.follow_up_list, name="follow_ups"),
    path("survei/tindak-lanjut/<int:pk>/", followups.follow_up_detail, name="follow_up"),
    path("survei/tindak-lanjut/<int:pk>/tugaskan/", followups.follow_up_assign, name="follow_up_assign"),
    path("survei/tindak-lanjut/<int:pk>/jawab/", followups.follow_up_answer, name="follow_up_answer"),
    path("survei/tindak-lanjut/<int:pk>/selesai/", followups.follow_up_close, name="follow_up_close"),
]

# Results: IKM per unit, period and service, pooled views, exports, the computation (views/results.py).
result_urls: list = [
    path("survei/hasil/", results.results, name="results"),
    path("survei/hasil/periode/<int:pk>/", results.result_period, name="result_period"),
    path("survei/hasil/periode/<int:pk>/hitung/", results.result_recompute, name="result_recompute"),
    path("survei/hasil/periode/<int:pk>/jawaban/", results.result_responses, name="result_responses"),
    path("survei/hasil/periode/<int:pk>/laporan.xlsx", results.result_report_xlsx, name="result_report_xlsx"),
    path("survei/hasil/periode/<int:pk>/laporan.pdf", results.result_report_pdf, name="result_report_pdf"),
    path("survei/hasil/proses/<int:pk>/", results.result_progress, name="result_progress"),
    path("survei/hasil/unit-kerja/<int:pk>/", results.result_unit, name="result_unit"),
    path("survei/hasil/instansi/<int:pk>/", results.result_instansi, name="result_instansi"),
]

urlpatterns = (
    public_urls + token_urls + unit_urls + questionnaire_urls + period_urls + followup_urls + result_urls
)
