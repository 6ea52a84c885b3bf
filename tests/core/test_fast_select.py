"""core.forms.FastSelect renders exactly what forms.Select renders (it only skips the template per
option, which cost the employee list a third of its Python time: docs/benchmarks.md)."""

import pytest
from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import access
from core.forms import FastSelect
from employees.forms.records import EmployeeFilterForm

CHOICES = [
    ("", "---------"),
    ("a<b", "A & B"),
    ("x", 'X "quoted"'),
    ("Group <1>", [("g1", "G1"), ("g2", _("Golongan"))]),
    (3, 1000),  # a number label is localised, as a template would show it
]


@pytest.mark.parametrize("value", ["", "x", "g2", 3, None, ["a<b"], "not a choice"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_html_is_the_same_as_a_plain_select(value, language):
    attrs = {"class": "form-select form-select-sm", "data-x": 'a"b', "disabled": True, "hidden": False}
    with translation.override(language):
        plain = forms.Select(choices=CHOICES, attrs=attrs).render("na<me", value, attrs={"id": "id_x"})
        fast = FastSelect(choices=CHOICES, attrs=attrs).render("na<me", value, attrs={"id": "id_x"})
    assert fast == plain
    assert "&lt;" in fast and "<option" in fast


def test_every_select_of_the_employee_filter_renders_as_before(org):
    actor = access.actor_for(org.users["hr_sorong"])
    data = {"unit": org.dinkes_sorong.pk, "golongan": "III/b", "kind": "PNS", "sort": "-golongan"}
    form = EmployeeFilterForm(data, actor=actor, today=timezone.localdate())
    assert form.is_valid(), form.errors
    fast = [name for name, field in form.fields.items() if isinstance(field.widget, FastSelect)]
    assert len(fast) == 10
    for name in fast:
        widget = form.fields[name].widget
        rendered = str(form[name])
        plain = forms.Select(choices=widget.choices, attrs=widget.attrs)
        assert rendered == form[name].as_widget(widget=plain), name
    assert '<option value="III/b" selected>' in str(form["golongan"])
