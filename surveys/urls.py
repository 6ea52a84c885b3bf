"""URLs of the surveys app, one list per area (the areas of views/). Included at the site root:
the citizens' pages are short (/s/<code>/), the staff pages live under /survei/."""

from django.urls import path  # noqa: F401  (each area list below is filled with path())

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
result_urls: list = []

urlpatterns = public_urls + unit_urls + questionnaire_urls + period_urls + followup_urls + result_urls
