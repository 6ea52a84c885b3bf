"""The navbar's employee search (name or NIP): the shape of what was typed."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

# What people type between the digits of a NIP: spaces (as it is printed), dots and dashes.
_NIP_SEPARATORS = re.compile(r"[\s.\-]+")


class EmployeeSearchForm(TextLimits, forms.Form):
    q = forms.CharField(label=_("Cari pegawai"), required=False, max_length=100)

    def clean_q(self) -> str:
        """The term as the list's search reads it: a NIP typed with separators becomes its digits,
        a name keeps single spaces."""
        term = " ".join(self.cleaned_data["q"].split())
        digits = _NIP_SEPARATORS.sub("", term)
        if digits.isascii() and digits.isdigit():
            return digits
        return term

    @property
    def term(self) -> str:
        """What to search for; empty when nothing (valid) was typed."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
