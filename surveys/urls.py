"""URLs of the surveys app, one list per area (the areas of views/). Included at the site root:
the citizens' pages are short (/s/<code>/), the staff pages live under /survei/."""

from django.urls import path

from .views import results

app_name = "surveys"

# Citizens, no login (views/public.py): the form, the thank-you page, a ticket's status, the
# published IKM of an instansi.
public_urls: list = []

# HR and heads: service units, services and tokens (views/units.py), questionnaires
# (views/questionnaires.py), periods (views/periods.py), follow-ups (views/followups.py).
unit_urls: list = []
questionnaire_urls: list = []
period_urls: list = []
followup_urls: list = []

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

urlpatterns = public_urls + unit_urls + questionnaire_urls + period_urls + followup_urls + result_urls
