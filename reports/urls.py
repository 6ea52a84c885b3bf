from django.urls import path

from .views import careers, index, letters, public, ranking

app_name = "reports"

urlpatterns = [
    path("", index.index, name="index"),
    path("duk/", ranking.duk, name="duk"),
    path("rekap/", ranking.rekap, name="rekap"),
    path("kgb/", careers.kgb, name="kgb"),
    path("kenaikan-pangkat/", careers.kenaikan_pangkat, name="kenaikan_pangkat"),
    path("pensiun/", careers.pensiun, name="pensiun"),
    path("satyalancana/", careers.satyalancana, name="satyalancana"),
    # The letters HR sends from the career reports (views/letters.py) and their public verification
    # page, reached through the QR code on each letter (views/public.py, no login).
    path("kgb/surat/", letters.kgb_letters, name="kgb_letters"),
    path("kgb/surat/<int:pk>/", letters.kgb_letter, name="kgb_letter"),
    path("kenaikan-pangkat/daftar-usul/", letters.promotion_list, name="promotion_list"),
    path("verifikasi/<slug:code>/", public.letter_verify, name="letter_verify"),
]
