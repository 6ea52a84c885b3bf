"""Every text field of every form has a length limit: refused server-side with an Indonesian message,
sent to the browser as `maxlength`, and shown under a text area ("Maks. 2.000 karakter")."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import timezone

from core.access import actor_for
from core.forms import NOTE_MAX, TextLimits, limit_text_fields
from core.models import UnitKerja
from employees.forms.histories import history_form_class
from employees.models import CorrectionProposal, Employee
from employees.selectors.corrections import CORRECTABLE_FIELDS, serialize
from employees.selectors.histories import KINDS
from leave.models import LeaveType
from performance.choices import BehaviourValue, CoachingState
from performance.models import Appraisal, CoachingPlan, Feedback, Realisation, Skp, SkpTransition
from performance.services import appraisal as appraisal_services
from tests.performance.factories import ikis_of, make_skp, make_year, period
from tests.performance.matrix import nurse_skp
from training.models import Competency, Programme

HUGE = "x" * 100_000  # 100 KB
ERROR = "Teks terlalu panjang: paling banyak"
# A text field may go without a length check only for a stated reason.
UNCHECKED = {
    # Typed with spaces and dots, longer than the stored 18 digits; clean_nip refuses any value that
    # is not a NIP (so 100 KB never gets through).
    ("EmployeeForm", "nip"),
}


# --- Discovery ----------------------------------------------------------------------------------
def project_apps() -> list[Any]:
    root = Path(settings.BASE_DIR).resolve()
    return [
        c
        for c in apps.get_app_configs()
        # The venv lives under the project (.venv): its packages (django_otp…) are not ours.
        if Path(c.path).resolve().is_relative_to(root) and "site-packages" not in Path(c.path).parts
    ]


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's apps (every module imported, migrations aside)."""
    names = set()
    for config in project_apps():
        names.add(config.name)
        for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                names.add(info.name)
    found: dict[str, type[forms.BaseForm]] = {}
    for name in sorted(names):
        module = importlib.import_module(name)
        for _attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__.split(".")[0] in {c.name for c in project_apps()}
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    # Built at run time, one per kind of history row.
    for kind in KINDS.values():
        form_class = history_form_class(kind)
        found[f"history:{kind.slug}"] = form_class
    return list(found.values())


def test_discovery_finds_the_forms_of_every_app():
    modules = {cls.__module__.split(".")[0] for cls in project_form_classes()}
    assert {"core", "employees", "performance"} <= modules
    names = {cls.__name__ for cls in project_form_classes()}
    assert {"CorrectionForm", "RealisationForm", "AppraisalForm", "FeedbackForm", "LoginForm"} <= names


@pytest.fixture
def form_context(org) -> dict[str, Any]:
    """A value for each constructor argument that a form of the project requires."""
    skp = nurse_skp(org)
    qualitative = ikis_of(skp)[0]
    qualitative.target, qualitative.target_text = None, "Laporan diterima tanpa revisi"
    return {
        "actor": actor_for(org.users["hr_sorong"]),
        "employee": org.employee_dinkes_sorong,
        "instansi": org.sorong,
        "skp": skp,
        "iki": qualitative,  # a qualitative IKI: its realisation is a text
        "behaviours": [],
        "topics": [("umum", "Umum")],
        "appraisal": None,
        "suggested": None,
        "units": [org.dinkes_sorong, org.pkm_sorong],
        "current": {},
        "subordinates": Employee.objects.none(),
        "employees": Employee.objects.none(),  # surveys: whom a follow-up may be assigned to
        "today": timezone.localdate(),
        "data": None,  # EmployeeFilterForm takes its GET data first
        # leave: the types an employee may choose, the year of the buckets, units and people to name
        "types": LeaveType.objects.all(),
        "year": 2026,
        "unit_qs": UnitKerja.objects.filter(instansi=org.sorong),
        "people": Employee.objects.none(),
        # training needs: the competency list and the programmes that may answer a need
        "competencies": Competency.objects.none(),
        "programmes": Programme.objects.none(),
        # attendance: the agency whose work locations and units a form offers
        "instansi_id": org.sorong.pk,
    }


def build(form_class: type[forms.BaseForm], context: dict[str, Any]) -> forms.BaseForm:
    kwargs = {}
    for name, param in inspect.signature(form_class.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.default is param.empty:
            assert name in context, f"{form_class.__name__}: add a value for {name!r} to form_context"
            kwargs[name] = context[name]
    return form_class(**kwargs)


@pytest.mark.django_db
def test_every_text_field_of_every_form_has_a_limit_in_the_browser_and_on_the_server(form_context):
    checked = 0
    for form_class in project_form_classes():
        assert issubclass(form_class, TextLimits), (
            f"{form_class.__qualname__} does not use core.forms.TextLimits"
        )
        if issubclass(form_class, forms.BaseModelForm) and form_class._meta.model is None:
            continue  # a base of model forms (its subclasses are walked)
        form = build(form_class, form_context)
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            checked += 1
            where = f"{form_class.__name__}.{name}"
            assert field.max_length is not None, f"{where} has no max_length"
            assert field.max_length <= 4000, f"{where}: {field.max_length} is not a sensible limit"
            if field.widget.is_hidden:
                continue
            assert f'maxlength="{field.max_length}"' in str(form[name]), f"{where}: no maxlength rendered"
            if (form_class.__name__, name) not in UNCHECKED:
                limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
                assert field.max_length in limits, f"{where}: the limit is not checked when cleaned"
                with pytest.raises(forms.ValidationError, match="Teks terlalu panjang"):
                    field.run_validators("y" * (field.max_length + 1))
            if isinstance(field.widget, forms.Textarea):
                assert "Maks." in str(field.help_text), f"{where}: the limit is not shown under the text area"
    assert checked > 40, "the walk reached the text fields"


def test_the_limit_is_set_once_and_a_hint_is_not_repeated():
    class Note(TextLimits, forms.Form):
        note = forms.CharField(widget=forms.Textarea)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["extra"] = forms.CharField(widget=forms.Textarea, help_text="Mis. apa saja.")

    form = Note()
    limit_text_fields(form)
    assert form.fields["note"].max_length == NOTE_MAX
    assert str(form.fields["note"].help_text) == "Maks. 2.000 karakter."
    assert form.fields["extra"].max_length == NOTE_MAX, "a field added by the form's own __init__"
    assert str(form.fields["extra"].help_text) == "Mis. apa saja. Maks. 2.000 karakter."
    assert sum(isinstance(v, MaxLengthValidator) for v in form.fields["note"].validators) == 1
    bound = Note({"note": "a" * 2001, "extra": "ok"})
    assert not bound.is_valid()
    assert bound.errors["note"] == ["Teks terlalu panjang: paling banyak 2.000 karakter (sekarang 2.001)."]


# --- 100 KB through the real pages: a 200 with the message, nothing saved -------------------------
@pytest.fixture
def skp(org) -> Skp:
    return nurse_skp(org)


@pytest.fixture
def january(skp):
    return period(skp.year, 1)


def test_a_100_kb_correction_reason_is_refused(org, as_persona):
    nurse = org.employee_dinkes_sorong
    data = {name: serialize(getattr(nurse, name)) for name in CORRECTABLE_FIELDS}
    data.update(name="Siti Aminah", reason=HUGE, attachment_kind="lainnya")
    response = as_persona("employee_dinkes_sorong").post(reverse("employees:correction_mine"), data)
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert 'maxlength="2000"' in response.content.decode()
    assert "Maks. 2.000 karakter." in response.content.decode(), "the reason's limit is shown"
    assert "Maks. 500 karakter." in response.content.decode(), "the address's limit is shown"
    assert not CorrectionProposal.objects.exists()
    # A 100 KB address (one of the proposed values) is refused too.
    data.update(reason="Pindah rumah.", address=HUGE)
    response = as_persona("employee_dinkes_sorong").post(reverse("employees:correction_mine"), data)
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert not CorrectionProposal.objects.exists()


def test_a_100_kb_correction_decision_note_is_refused(org, as_persona):
    nurse = org.employee_dinkes_sorong
    data = {name: serialize(getattr(nurse, name)) for name in CORRECTABLE_FIELDS}
    data.update(name="Siti Aminah", reason="Salah ketik.", attachment_kind="lainnya")
    assert (
        as_persona("employee_dinkes_sorong").post(reverse("employees:correction_mine"), data).status_code
        == 302
    )
    proposal = CorrectionProposal.objects.get()
    response = as_persona("hr_sorong").post(
        reverse("employees:correction_reject", args=[proposal.pk]), {"decision_note": HUGE}
    )
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == ("diajukan", "")


def test_a_100_kb_realisation_note_or_text_is_refused(org, as_persona, skp, january):
    patients, days = ikis_of(skp)
    url = reverse("performance:realisation", args=[skp.pk, january.pk])
    data = {f"iki-{patients.pk}-value": "80", f"iki-{patients.pk}-note": HUGE, f"iki-{days.pk}-value": "4"}
    response = as_persona("employee_dinkes_sorong").post(url, data)
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert "Maks. 2.000 karakter." in response.content.decode()
    assert not Realisation.objects.exists()
    days.target, days.unit, days.target_text = None, "", "Laporan tepat waktu"
    days.save()
    data = {f"iki-{patients.pk}-value": "80", f"iki-{days.pk}-text": HUGE}
    response = as_persona("employee_dinkes_sorong").post(url, data)
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert not Realisation.objects.exists()


def test_a_100_kb_appraisal_note_or_reason_is_refused(org, as_persona, skp, january):
    url = reverse("performance:appraisal", args=[skp.pk, january.pk])
    data = {"rating_hasil": "meets", "rating_perilaku": "meets", "action": "draft"}
    data.update({f"perilaku_{v}": "meets" for v in BehaviourValue.values})
    for field in ("note", "override_reason", f"catatan_{BehaviourValue.values[0]}"):
        response = as_persona("head_dinkes_sorong").post(url, {**data, field: HUGE})
        assert response.status_code == 200, field
        assert ERROR in response.content.decode(), field
        assert not Appraisal.objects.exists(), field
    page = as_persona("head_dinkes_sorong").get(url).content.decode()
    assert "Maks. 2.000 karakter." in page


def test_a_100_kb_dialog_message_is_refused(org, as_persona, skp, january):
    url = f"{reverse('performance:dialog', args=[skp.pk])}?period={january.pk}"
    response = as_persona("employee_dinkes_sorong").post(url, {"topic": "umum", "text": HUGE})
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert not Feedback.objects.exists()
    assert "Maks. 4.000 karakter." in as_persona("employee_dinkes_sorong").get(url).content.decode()


def test_a_100_kb_reopening_reason_or_coaching_plan_is_refused(org, as_persona, skp, january):
    head = actor_for(org.users["head_dinkes_sorong"])
    appraisal = appraisal_services.appraisal_save(
        actor=head,
        skp=skp,
        period=january,
        rating_hasil="below",
        rating_perilaku="below",
        behaviour_ratings={v: "below" for v in BehaviourValue.values},
        finalise=True,
    )
    plan = CoachingPlan.objects.get()
    coaching = {
        "problem": "Terlambat.",
        "actions": "Pendampingan.",
        "due_date": "2026-12-31",
        "action": "save",
    }
    for field in ("problem", "actions"):
        response = as_persona("head_dinkes_sorong").post(
            reverse("performance:coaching", args=[plan.pk]), {**coaching, field: HUGE}
        )
        assert response.status_code == 200, field
        assert ERROR in response.content.decode(), field
        plan.refresh_from_db()
        assert (plan.state, plan.problem) == (CoachingState.OPEN, ""), field
    response = as_persona("hr_sorong").post(
        reverse("performance:appraisal_reopen", args=[appraisal.pk]), {"reason": HUGE}
    )
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    appraisal.refresh_from_db()
    assert appraisal.state == "final"


def test_a_100_kb_skp_comment_is_refused_and_the_skp_stays_where_it_was(org, as_persona):
    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state="submitted")
    for name in ("skp_return", "skp_approve"):
        response = as_persona("head_dinkes_sorong").post(
            reverse(f"performance:{name}", args=[skp.pk]), {"comment": HUGE}, follow=True
        )
        assert response.status_code == 200, name
        assert ERROR in response.content.decode(), name
        skp.refresh_from_db()
        assert skp.state == "submitted", name
        assert not SkpTransition.objects.filter(skp=skp, action__in=["return", "approve"]).exists(), name
