"""URLs of the performance app, one module per area so that each stays small."""

from . import urls_appraisal, urls_hr, urls_planning, urls_scoring

app_name = "performance"

urlpatterns = (
    urls_planning.urlpatterns + urls_appraisal.urlpatterns + urls_hr.urlpatterns + urls_scoring.urlpatterns
)
