"""URLs of execution and assessment: realisations, the dialog, the appraisal and its reopening,
coaching plans, and the head's queue."""

from django.urls import path

from . import views_appraisal as views

urlpatterns = [
    path("skp/<int:pk>/realisasi/<int:period_pk>/", views.realisation, name="realisation"),
    path("realisasi/<int:pk>/bukti/", views.evidence, name="evidence"),
    path("skp/<int:pk>/dialog/", views.dialog, name="dialog"),
    path("skp/<int:pk>/penilaian/<int:period_pk>/", views.appraisal, name="appraisal"),
    path("penilaian/<int:pk>/buka/", views.appraisal_reopen, name="appraisal_reopen"),
    path("pembinaan/<int:pk>/", views.coaching, name="coaching"),
    path("bawahan/", views.queue, name="queue"),
]
