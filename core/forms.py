"""Forms of core (login, organisation units) and `TextLimits`, the length limit of every text field
of every form in the project."""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import date_format, localize, number_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from .bounds import DATE_MAX, DATE_MIN, date_in_bounds
from .models import UnitKerja

# --- Length limits of free text ---------------------------------------------------------------
# A text field whose model column has a length keeps it (the ModelForm takes it over); every other
# text field gets one from here: a note, reason or comment (a text area) NOTE_MAX characters, a
# one-line text SHORT_MAX, and a few fields by name.
NOTE_MAX = 2000
SHORT_MAX = 200
LIMITS_BY_NAME = {
    "address": 500,
    "password": 1024,
}


def text_limit(name: str, field: forms.CharField) -> int:
    """The length limit of a text field that has none of its own."""
    if name in LIMITS_BY_NAME:
        return LIMITS_BY_NAME[name]
    return NOTE_MAX if isinstance(field.widget, forms.Textarea) else SHORT_MAX


def grouped(number: int) -> str:
    """2000 as "2.000" (Indonesian) or "2,000" (English)."""
    return number_format(number, force_grouping=True)


class TextLengthValidator(MaxLengthValidator):
    """The length check of a text field, its message in plain Indonesian with grouped numbers."""

    message = gettext_lazy("Teks terlalu panjang: paling banyak %(limit)s karakter (sekarang %(length)s).")

    def __call__(self, value: Any) -> None:
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit": grouped(self.limit_value), "length": grouped(length)},
            )


# --- Bounds of dates (core.bounds) -------------------------------------------------------------


def check_date_bounds(value: date | None) -> None:
    if value is not None and not date_in_bounds(value):
        raise ValidationError(
            gettext_lazy("Tanggal harus antara %(min)s dan %(max)s."),
            code="date_bounds",
            params={"min": date_format(DATE_MIN, "j F Y"), "max": date_format(DATE_MAX, "j F Y")},
        )


def bound_date_fields(form: forms.BaseForm) -> None:
    """Give every date field of the form the bounds above: checked when cleaned, sent to the
    browser's date picker (min, max). Idempotent."""
    for field in form.fields.values():
        if not isinstance(field, forms.DateField) or getattr(field, "_date_bounded", False):
            continue
        field.validators.append(check_date_bounds)
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("min", DATE_MIN.isoformat())
            field.widget.attrs.setdefault("max", DATE_MAX.isoformat())
        field._date_bounded = True  # type: ignore[attr-defined]


def limit_text_fields(form: forms.BaseForm) -> None:
    """Give every text field of the form a length limit: enforced when cleaned (an Indonesian
    message), sent to the browser (`maxlength`) and, under a text area, shown ("Maks. 2.000
    karakter"). Idempotent; a field that already has its limit only gets the message and the hint.
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or getattr(field, "_text_limited", False):
            continue
        if field.max_length is None:
            field.max_length = text_limit(name, field)
            field.validators.append(TextLengthValidator(field.max_length))
        else:
            # Same limit, clearer message (a field that dropped its validator, such as a NIP typed
            # with spaces, stays without one).
            field.validators = [
                TextLengthValidator(v.limit_value)
                if type(v) is MaxLengthValidator and v.limit_value == field.max_length
                else v
                for v in field.validators
            ]
        if not field.widget.is_hidden:
            field.widget.attrs["maxlength"] = str(field.max_length)
        if isinstance(field.widget, forms.Textarea):
            hint = gettext("Maks. %(limit)s karakter.") % {"limit": grouped(field.max_length)}
            field.help_text = format_lazy("{} {}", field.help_text, hint) if field.help_text else hint
        field._text_limited = True  # type: ignore[attr-defined]


class TextLimits:
    """Mixin of every form of the project (`tests/core/test_text_limits.py` checks): once the form
    is built, including fields its own `__init__` adds, every text field has a length limit and every
    date field the bounds DATE_MIN..DATE_MAX."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_text_fields(self)  # type: ignore[arg-type]
        bound_date_fields(self)  # type: ignore[arg-type]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("__init__")
        if own is None or getattr(own, "_limits_text", False):
            return

        @functools.wraps(own)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            own(self, *args, **kwargs)
            limit_text_fields(self)
            bound_date_fields(self)

        __init__._limits_text = True  # type: ignore[attr-defined]
        cls.__init__ = __init__  # type: ignore[method-assign]


# --- A select rendered in Python ---------------------------------------------------------------


def _html_attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html in Python: ` name="value"`, ` name` for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """forms.Select with the same HTML, built in Python instead of through a template per option.

    Django renders every <option> through its own template include; the employee list's filter bar
    has ten selects with about 110 options, which took 6–8 ms of every list page, a third of its
    Python time (bench/load_mixed.py; docs/benchmarks.md, "Mixed HR workload"). The output is
    byte-identical to forms.Select's (tests/core/test_fast_select.py)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_html_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{escape(str(option["value"]))}"{_html_attrs(option["attrs"])}>'
                    f"{conditional_escape(localize(option['label']))}</option>\n"  # the include's newline
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped


class LoginForm(TextLimits, AuthenticationForm):
    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}),
    )
    error_messages = {
        "invalid_login": _("NIP/nama pengguna atau kata sandi salah. Periksa kembali, lalu coba lagi."),
        "inactive": _("Akun ini tidak aktif. Hubungi petugas kepegawaian."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Masuk"), css_class="w-100"))


UNIT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class UnitForm(TextLimits, forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["parent", "code", "name", "kind", "head_title", "is_active"]

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        parents = UnitKerja.objects.filter(instansi=instansi).order_by("path")
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda u: f"{'— ' * u.depth}{u.name}"
        self.fields["parent"].empty_label = _("(unit tingkat teratas)")
        self.fields["code"].help_text = _(
            "Huruf, angka, titik, garis bawah atau tanda hubung; mis. DINKES atau 1.02.03."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))

    def clean_code(self) -> str:
        """A code is typed in the import's "Kode unit" column: letters, digits, '.', '_' and '-', starting
        with a letter or digit (never a formula, a date with slashes or markup)."""
        code = self.cleaned_data["code"].strip()
        if not UNIT_CODE.fullmatch(code):
            raise ValidationError(
                _(
                    "Kode unit hanya boleh berisi huruf, angka, titik, garis bawah atau tanda hubung, diawali huruf atau angka."
                )
            )
        return code
