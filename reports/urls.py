from django.urls import path

from .views import careers, index, ranking

app_name = "reports"

urlpatterns = [
    path("", index.index, name="index"),
    path("duk/", ranking.duk, name="duk"),
    path("rekap/", ranking.rekap, name="rekap"),
    path("kgb/", careers.kgb, name="kgb"),
    path("kenaikan-pangkat/", careers.kenaikan_pangkat, name="kenaikan_pangkat"),
    path("pensiun/", careers.pensiun, name="pensiun"),
    path("satyalancana/", careers.satyalancana, name="satyalancana"),
]
