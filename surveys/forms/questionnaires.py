"""Forms of questionnaires: an agency questionnaire's name, and an extra question (scale, choice with
its options one per line, or free text)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import TextLimits
from core.models import Instansi

from ..choices import QuestionKind
from ..models import ExtraQuestion, Questionnaire
from ..services.questionnaires import OPTION_LENGTH, OPTIONS_MAX

OPTIONS_TEXT_MAX = OPTIONS_MAX * (OPTION_LENGTH + 2)


class QuestionnaireForm(TextLimits, forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["name"]

    def __init__(self, *args: Any, instansi: Instansi | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if instansi is None and self.instance.pk:
            instansi = self.instance.instansi
        # An example with the reader's own agency (not another region's name).
        self.fields["name"].help_text = _("Mis. Kuesioner SKM %(instansi)s %(year)s.") % {
            "instansi": instansi.name if instansi else _("Kota Anda"),
            "year": timezone.localdate().year,
        }
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))


class QuestionForm(TextLimits, forms.Form):
    """An extra question; the rules of its options are the service's (services.questionnaires)."""

    kind = forms.ChoiceField(
        label=_("Jenis pertanyaan"), choices=QuestionKind.choices, initial=QuestionKind.SCALE
    )
    text = forms.CharField(label=_("Pertanyaan"), max_length=300)
    options = forms.CharField(
        label=_("Pilihan jawaban"),
        required=False,
        max_length=OPTIONS_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hanya untuk pertanyaan pilihan: satu pilihan per baris, 2 sampai 20 pilihan."),
    )
    required = forms.BooleanField(label=_("Wajib dijawab"), required=False)
    position = forms.IntegerField(
        label=_("Urutan"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Kosongkan untuk menaruhnya setelah pertanyaan lain."),
    )

    def __init__(self, *args: Any, question: ExtraQuestion | None = None, **kwargs: Any) -> None:
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": question.kind,
                    "text": question.text,
                    "options": "\n".join(question.options or []),
                    "required": question.required,
                    "position": question.position,
                },
            )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))

    def values(self) -> dict[str, Any]:
        """What the service takes: kind, text, options (a list), required, position."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "options": [line for line in data.get("options", "").splitlines() if line.strip()],
            "required": data["required"],
            "position": data.get("position"),
        }
