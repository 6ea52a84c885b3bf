"""Input of the attendance pages, by area: presence (the tap) and locations (HR's geofences)."""

from __future__ import annotations

from django import forms


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget but checkboxes."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
