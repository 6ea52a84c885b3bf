"""URLs of the scoring area of the performance app (HR runs the scoring job on demand)."""

from django.urls import path

from . import views_scoring as views

urlpatterns = [
    path("skor/", views.scoring, name="scoring"),
    path("skor/periode/<int:pk>/hitung/", views.scoring_start, name="scoring_start"),
    path("skor/proses/<int:pk>/", views.scoring_progress, name="scoring_progress"),
]
