"""Forms of the tokens area: how many one-time tokens to make."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits

from ..services.tokens import TOKENS_MAX


class TokenGenerateForm(TextLimits, forms.Form):
    count = forms.IntegerField(
        label=_("Jumlah token baru"),
        min_value=1,
        max_value=TOKENS_MAX,
        initial=50,
        error_messages={
            "required": _("Wajib diisi."),
            "invalid": _("Tulis jumlah dengan angka."),
            "min_value": _("Paling sedikit %(limit_value)s token."),
            "max_value": _("Paling banyak %(limit_value)s token sekali buat."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count"].help_text = gettext(
            "Satu token untuk satu kunjungan; paling banyak %(max)s sekali buat."
        ) % {"max": TOKENS_MAX}
