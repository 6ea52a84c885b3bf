"""URLs of the surveys app, one list per area (the areas of views/). Included at the site root:
the citizens' pages are short (/s/<code>/), the staff pages live under /survei/."""

from django.urls import path

from .views import public, tokens

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
unit_urls: list = []
questionnaire_urls: list = []
period_urls: list = []
followup_urls: list = []

# Results: IKM per unit, period and service, pooled views, exports, the computation (views/results.py).
result_urls: list = []

urlpatterns = (
    public_urls + token_urls + unit_urls + questionnaire_urls + period_urls + followup_urls + result_urls
)
