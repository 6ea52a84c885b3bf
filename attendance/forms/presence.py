"""The tap on the Presensi page: which record, and the device's position (filled by
static/js/presence.js from the Geolocation API)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..choices import PresenceKind


class PresenceForm(TextLimits, forms.Form):
    kind = forms.ChoiceField(choices=PresenceKind.choices, widget=forms.HiddenInput)
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)
    # Reported by the device, in metres; kept with the record, bounded so a nonsense value is refused.
    accuracy = forms.FloatField(min_value=0, max_value=100_000, required=False, widget=forms.HiddenInput)

    error_messages = {"invalid": _("Data lokasi dari perangkat tidak dapat dibaca. Coba lagi.")}
