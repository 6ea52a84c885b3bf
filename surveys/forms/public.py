"""The public survey form: respondent data, the 9 unsur (1–4 only), the period's extra questions, a
suggestion, an optional one-time token, the submission key (duplicate guard) and a honeypot.

Every message is plain Indonesian (English with the switch) and a form with errors keeps everything the
citizen typed. Fields are built from the questionnaire version of the period (the wording of each unsur,
its extra questions) and from the unit's active services, passed in by the view: the form queries nothing.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.forms import NOTE_MAX, TextLimits, limit_text_fields

from ..choices import QuestionKind, Sex, Unsur
from ..models import ExtraAnswer, ExtraQuestion, Service, UnsurWording
from ..options import AGE_MAX, AGE_MIN, SCALE_LABELS, education_options, occupation_options
from ..rules import ANSWER_MAX, ANSWER_MIN, UNSUR_CODES
from ..selectors.public import normalize_ticket

HONEYPOT = "website"  # a field people never see (hidden by the stylesheet) and bots fill in
TOKEN_MAX = 12  # AccessToken.code
ANSWERS = [(str(v), str(v)) for v in range(ANSWER_MIN, ANSWER_MAX + 1)]

REQUIRED = _("Wajib diisi.")
CHOOSE = _("Pilih salah satu jawaban.")
FROM_LIST = _("Pilih salah satu dari daftar.")
ANSWER_RANGE = _("Jawaban harus salah satu dari 1, 2, 3 atau 4.")
NUL_CHARACTER = _(
    "Teks ini berisi karakter tak terlihat yang tidak diperbolehkan. Karakter itu sudah kami hapus: "
    "periksa teks Anda, lalu kirim lagi."
)
INCOMPLETE = _("Formulir ini tidak lengkap. Muat ulang halaman, lalu isi kembali.")

# The fields of a survey's form, built once per process and language, keyed by the survey's fingerprint
# (selectors.public.PublicSurvey.fingerprint: it changes whenever what the form shows changes). Building
# them (or deep-copying them, as Django copies a form class's fields) took about a seventh of a
# submission's time (bench/survey_form_load.py; docs/benchmarks.md). A form uses the kept fields
# themselves: nothing changes a field while a form is cleaned or drawn, except describe_fields() for a
# form with errors, which first takes its own copy (`_own_fields`). Bounded: cleared when full.
BUILT_FIELDS_MAX = 256
# The option lists (settings) are not in the key: changing them needs a restart, as any setting does.
_built_fields: dict[tuple[str, str | None], tuple[dict[str, forms.Field], list[str]]] = {}


def forget_built_fields() -> None:
    """Drop the fields this process keeps (tests that change the option lists' settings)."""
    _built_fields.clear()


def _choice(label: Any, choices: Sequence[tuple[str, Any]], *, radio: bool, required: bool = True, **kw: Any):
    return forms.ChoiceField(
        label=label,
        choices=choices if radio or not required else [("", _("— Pilih —")), *choices],
        required=required,
        widget=forms.RadioSelect if radio else forms.Select,
        error_messages={
            "required": CHOOSE if radio else REQUIRED,
            "invalid_choice": FROM_LIST,
        },
        **kw,
    )


class SurveyForm(TextLimits, forms.Form):
    # A CharField checked as a UUID in clean_submission_key (core.forms' length check reads text).
    submission_key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=36,
        error_messages={"required": INCOMPLETE, "max_length": INCOMPLETE},
    )
    token = forms.CharField(
        label=_("Kode kunjungan (jika diberikan petugas)"),
        required=False,
        max_length=TOKEN_MAX + 4,  # typed with spaces or dashes (the label says it is optional)
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    age = forms.IntegerField(
        label=_("Usia (tahun)"),
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": REQUIRED,
            "invalid": _("Tulis usia dengan angka, mis. 35."),
            "min_value": _("Usia paling rendah %(limit_value)s tahun."),
            "max_value": _("Usia paling tinggi %(limit_value)s tahun."),
        },
    )
    sex = _choice(_("Jenis kelamin"), Sex.choices, radio=True)
    suggestion = forms.CharField(
        label=_("Saran dan masukan"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Jika Anda menulis saran atau pengaduan, Anda mendapat kode tiket untuk melihat tindak lanjutnya."
        ),
    )
    website = forms.CharField(label=_("Jangan isi kolom ini"), required=False, max_length=200)

    def __init__(
        self,
        data: Any = None,
        *,
        unsur: Sequence[UnsurWording] = (),
        extra_questions: Sequence[ExtraQuestion] = (),
        services: Sequence[Service] = (),
        initial: dict[str, Any] | None = None,
        fields_key: str = "",
    ) -> None:
        """`fields_key`: the survey's fingerprint, when the fields may be taken from (and kept in) the
        process's copy built for that survey; without it they are built here."""
        super().__init__(data, initial=initial)
        self.services = {str(s.pk): s for s in services}
        self.extra_questions = list(extra_questions)
        self.unsur_codes: list[str] = []
        key = (fields_key, translation.get_language())
        built = _built_fields.get(key) if fields_key else None
        if built is None:
            self._build_fields(unsur, services)
            if fields_key:
                if len(_built_fields) >= BUILT_FIELDS_MAX:
                    _built_fields.clear()
                _built_fields[key] = (copy.deepcopy(self.fields), list(self.unsur_codes))
        else:
            self.fields = dict(built[0])  # shared Field objects: see _built_fields
            self.unsur_codes = list(built[1])
            self._shared_fields = True

    _shared_fields = False

    def _own_fields(self) -> None:
        """Copy the shared fields before changing one (the kept ones serve every other form)."""
        if self._shared_fields:
            self.fields = copy.deepcopy(self.fields)
            self._bound_fields_cache.clear()  # type: ignore[attr-defined]
            self._shared_fields = False

    def _build_fields(self, unsur: Sequence[UnsurWording], services: Sequence[Service]) -> None:
        self.fields["education"] = _choice(_("Pendidikan terakhir"), education_options(), radio=False)
        self.fields["occupation"] = _choice(_("Pekerjaan utama"), occupation_options(), radio=False)
        if services:
            self.fields["service"] = _choice(
                _("Jenis layanan yang Anda terima"), [(str(s.pk), s.name) for s in services], radio=False
            )
        wordings = {w.code: w for w in unsur}
        for code in UNSUR_CODES:
            wording = wordings.get(code)
            name = code.lower()
            field = _choice(
                wording.question if wording else Unsur(code).label,
                [(str(v), label) for v, label in wording.labels] if wording else SCALE_LABELS,
                radio=True,
            )
            field.error_messages["invalid_choice"] = ANSWER_RANGE
            field.unsur_code = code
            self.fields[name] = field
            self.unsur_codes.append(name)
        for question in self.extra_questions:
            self.fields[f"extra_{question.pk}"] = self._extra_field(question)
        self.order_fields(["submission_key", "token", "age", "sex", "education", "occupation", "service"])
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for field in self.fields.values():
            field.validators = [
                ProhibitNullCharactersValidator(message=NUL_CHARACTER)
                if isinstance(v, ProhibitNullCharactersValidator)
                else v
                for v in field.validators
            ]
        limit_text_fields(self)  # now rather than after __init__: the limits' hints are described below
        self.describe_fields()

    @staticmethod
    def _extra_field(question: ExtraQuestion) -> forms.Field:
        if question.kind == QuestionKind.SCALE:
            field = _choice(question.text, SCALE_LABELS, radio=True, required=question.required)
            field.error_messages["invalid_choice"] = ANSWER_RANGE
            return field
        if question.kind == QuestionKind.CHOICE:
            options = [str(o)[:500] for o in question.options or [] if str(o).strip()]
            return _choice(question.text, [(o, o) for o in options], radio=True, required=question.required)
        return forms.CharField(
            label=question.text,
            required=question.required,
            max_length=ExtraAnswer._meta.get_field("text").max_length,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": REQUIRED},
        )

    # --- What the template walks -------------------------------------------------------------------
    def respondent_fields(self) -> list[forms.BoundField]:
        names = ["age", "sex", "education", "occupation", "service"]
        return [self[n] for n in names if n in self.fields]

    def unsur_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in self.unsur_codes]

    def extra_fields(self) -> list[forms.BoundField]:
        return [self[f"extra_{q.pk}"] for q in self.extra_questions]

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled in: a bot (people never see the field)."""
        return bool(self.data.get(HONEYPOT, "").strip()) if self.is_bound else False

    # --- Cleaning -------------------------------------------------------------------------------------
    def clean_submission_key(self) -> uuid.UUID:
        try:
            return uuid.UUID(self.cleaned_data["submission_key"])
        except ValueError:
            raise ValidationError(INCOMPLETE) from None

    def clean_token(self) -> str:
        typed = self.cleaned_data.get("token", "").strip()
        if not typed:
            return ""
        code = "".join(c for c in typed.upper() if c.isalnum())
        if not code or len(code) > TOKEN_MAX:
            raise ValidationError(
                _(
                    "Kode kunjungan tidak dikenal untuk unit layanan ini. Periksa kembali kode pada kertas Anda."
                )
            )
        return code

    def clean_service(self) -> Service | None:
        value = self.cleaned_data.get("service")
        return self.services.get(value) if value else None

    def full_clean(self) -> None:
        super().full_clean()
        if self.errors or not self._shared_fields:  # shared fields are described already, without errors
            self._own_fields()
            self.describe_fields(self.errors)
        if self.errors and hasattr(self.data, "lists"):
            # Shown again without the NUL characters (a browser would draw them as garbage).
            cleaned = QueryDict(mutable=True)
            for key, values in self.data.lists():
                cleaned.setlist(key, [v.replace("\x00", "") if isinstance(v, str) else v for v in values])
            self.data = cleaned

    def describe_fields(self, errors: Any = None) -> None:
        """Point assistive technology at each field's help and at its error message (ids the template
        gives them: <id>-help, <id>-error)."""
        errors = errors or {}
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            ids = []
            if field.help_text:
                ids.append(f"{self[name].auto_id}-help")
            if name in errors:
                ids.append(f"{self[name].auto_id}-error")
            field.described_by = " ".join(ids)  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.RadioSelect):
                continue  # a radio group is described on its fieldset (templates/surveys/public/_field.html)
            if name in errors:
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


def ticket_lookup_value(text: str) -> str:
    """The ticket a citizen typed in the look-up box, normalized, or "" when it cannot be one."""
    return normalize_ticket(text[:40])


class TicketLookupForm(TextLimits, forms.Form):
    kode = forms.CharField(
        label=_("Kode tiket"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("Delapan huruf dan angka, mis. K7M3-Q9X2."),
        error_messages={"required": REQUIRED},
    )

    def clean_kode(self) -> str:
        ticket = ticket_lookup_value(self.cleaned_data["kode"])
        if not ticket:
            raise ValidationError(_("Kode tiket terdiri dari delapan huruf dan angka, mis. K7M3-Q9X2."))
        return ticket
