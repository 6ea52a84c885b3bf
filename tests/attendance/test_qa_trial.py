"""Findings of the QA trial of attendance (issue 16) in Chromium and by probes, each with its rule."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from attendance.choices import CorrectionState
from attendance.models import Correction, Presence

from .test_corrections import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_rejection_note_too_long_says_so_and_decides_nothing(org, as_persona):
    """A note over 2,000 characters was answered "Catatan tidak dapat dibaca." (the note cannot be
    read): now the field's own reason, the length."""
    correction = submit(org)
    url = reverse("attendance:correction_reject", args=[correction.pk])
    response = as_persona("head_dinkes_sorong").post(url, {"note": "A" * 2001}, follow=True)
    html = response.content.decode()
    assert "paling banyak 2.000 karakter" in html and "tidak dapat dibaca" not in html
    assert Correction.objects.get(pk=correction.pk).state == CorrectionState.DIAJUKAN
    assert not Presence.objects.exists()
