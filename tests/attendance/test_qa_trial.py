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


def _record(org, kind, hour, minute):
    from datetime import datetime

    from attendance.choices import PresenceSource

    from .test_corrections import MONDAY, WIT

    Presence.objects.create(
        employee=org.employee_dinkes_sorong, work_date=MONDAY, at=datetime(2026, 7, 13, hour, minute, tzinfo=WIT),
        kind=kind, source=PresenceSource.DEVICE, device="FP-01",
    )  # fmt: skip


def test_a_check_out_asked_alone_must_follow_the_recorded_check_in(org):
    """ "Forgot to check out" at 07.00 on a day checked in at 07.05 was sent (and could be approved):
    a day ending before it began."""
    from datetime import time

    from django.core.exceptions import ValidationError

    from attendance.choices import CorrectionKind, PresenceKind

    _record(org, PresenceKind.IN, 7, 5)
    with pytest.raises(ValidationError) as refused:
        submit(org, kind=CorrectionKind.LUPA_PULANG, check_in=None, check_out=time(7, 0))
    assert "setelah jam masuk yang tercatat (07.05)" in str(refused.value.message_dict["check_out"])
    assert not Correction.objects.exists()
    assert submit(org, kind=CorrectionKind.LUPA_PULANG, check_in=None, check_out=time(16, 5)).pk


def test_a_check_in_asked_alone_must_precede_the_recorded_check_out(org):
    from datetime import time

    from django.core.exceptions import ValidationError

    from attendance.choices import PresenceKind

    _record(org, PresenceKind.OUT, 16, 0)
    with pytest.raises(ValidationError) as refused:
        submit(org, check_in=time(16, 30))  # LUPA_MASUK
    assert "sebelum jam pulang yang tercatat (16.00)" in str(refused.value.message_dict["check_in"])
    assert submit(org, check_in=time(7, 20)).pk


@pytest.mark.parametrize("value", [-1, "99999999999999999999999", "12a"])
def test_a_bad_employee_id_from_a_device_says_what_an_id_is(value):
    """The device endpoint answered "ID pegawai -1 harus berupa angka" (must be a number) for -1."""
    from attendance.services.devicelogs import BadValue, employee_ref

    with pytest.raises(BadValue) as refused:
        employee_ref(None, value)
    assert "bilangan bulat positif, paling banyak 12 angka" in str(refused.value)
    assert employee_ref(None, 42) == ("", 42)
