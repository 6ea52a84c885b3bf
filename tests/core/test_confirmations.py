"""Every irreversible action asks before it happens (issue 10, item 1): a scan of the templates.

static/js/portal.js asks `window.confirm` with the `data-confirm` of the button that submits a form,
else with the form's own. This scan finds every POST form of every template and fails when
- an action listed in IRREVERSIBLE is missing (a scan that finds nothing fails), or carries no
  translated `data-confirm`, or a form with a harmless button beside it asks on the whole form;
- a POST form that is not listed looks irreversible (its URL name or a button's label says delete,
  approve, reject, finalise, deactivate, apply, reopen, cancel, reset, revoke, ...) and asks nothing,
  unless NOT_IRREVERSIBLE says why it need not.
The browser journey tests/browser/test_confirmations.py clicks each of these in Chromium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# The inside of an opening tag: template tags and variables may hold ">" (`{% if n > 1 %}`).
_TAG_BODY = r"(?:\{%.*?%\}|\{\{.*?\}\}|[^>])*?"
FORM = re.compile(rf"<form\b(?P<attrs>{_TAG_BODY})>(?P<body>.*?)</form\s*>", re.S | re.I)
BUTTON = re.compile(rf"<button\b(?P<attrs>{_TAG_BODY})>(?P<label>.*?)</button\s*>", re.S | re.I)
INPUT_SUBMIT = re.compile(rf"<input\b(?P<attrs>{_TAG_BODY})>", re.S | re.I)
URL_NAME = re.compile(r"""\baction\s*=\s*"\s*\{%\s*url\s+['"](?P<name>[\w:-]+)['"]""")
CONFIRM = re.compile(r"""\bdata-confirm\s*=\s*"(?P<message>.*?)"(?=[\s>{]|$)""", re.S)
TRANSLATE = re.compile(r"""^\{%\s*translate\s+(?P<q>['"])(?P<msgid>.+?)(?P=q)\s*%\}$""", re.S)
BLOCK_PLURAL = re.compile(
    r"""^\{%\s*blocktranslate\s+count\s+counter=[^%]*%\}(?P<singular>.*?)\{%\s*plural\s*%\}"""
    r"""(?P<plural>.*?)\{%\s*endblocktranslate\s*%\}$""",
    re.S,
)


def attribute(attrs: str, name: str) -> str | None:
    match = re.search(rf"""(?<![\w-]){re.escape(name)}\s*=\s*"([^"]*)\"""", attrs)
    return match[1] if match else None


def text_of(raw: str) -> str:
    """What a label reads: translated literals kept, other template tags and markup dropped."""
    raw = re.sub(r"""\{%\s*translate\s+(['"])(.*?)\1.*?%\}""", r" \2 ", raw, flags=re.S)
    raw = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|<[^>]+>", " ", raw, flags=re.S)
    return " ".join(raw.split())


@dataclass(frozen=True)
class Submit:
    name_value: str  # "action=final"; "" for a button without name
    label: str
    confirm: str | None  # the raw data-confirm value


@dataclass(frozen=True)
class PostForm:
    template: str
    url_name: str  # "" when the form posts to its own page
    confirm: str | None
    buttons: tuple[Submit, ...]

    def __str__(self) -> str:
        return f"{self.template} → {self.url_name or '(its own page)'}"


def submits_of(body: str) -> list[Submit]:
    found = []
    for match in BUTTON.finditer(body):
        attrs = match["attrs"]
        if (attribute(attrs, "type") or "submit") != "submit":
            continue
        name, value = attribute(attrs, "name"), attribute(attrs, "value")
        found.append(
            Submit(
                name_value=f"{name}={value}" if name else "",
                label=text_of(match["label"]),
                confirm=confirm_of(attrs),
            )
        )
    for match in INPUT_SUBMIT.finditer(body):
        attrs = match["attrs"]
        if attribute(attrs, "type") == "submit":
            name = attribute(attrs, "name")
            found.append(
                Submit(
                    name_value=f"{name}={attribute(attrs, 'value')}" if name else "",
                    label=text_of(attribute(attrs, "value") or ""),
                    confirm=confirm_of(attrs),
                )
            )
    return found


def confirm_of(attrs: str) -> str | None:
    match = CONFIRM.search(attrs)
    return match["message"].strip() if match else None


def post_forms_in(template: str, source: str) -> list[PostForm]:
    forms = []
    for match in FORM.finditer(source):
        attrs = match["attrs"]
        if (attribute(attrs, "method") or "get").lower() != "post":
            continue
        url = URL_NAME.search(attrs)
        forms.append(
            PostForm(
                template=template,
                url_name=url["name"] if url else "",
                confirm=confirm_of(attrs),
                buttons=tuple(submits_of(match["body"])),
            )
        )
    return forms


def all_post_forms() -> list[PostForm]:
    forms = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        forms += post_forms_in(str(path.relative_to(TEMPLATES)), path.read_text(encoding="utf-8"))
    return forms


# --- What counts as irreversible ---------------------------------------------------------------


@dataclass(frozen=True)
class Irreversible:
    template: str
    url_name: str  # the form's action; "" when the page posts to itself
    button: str  # "name=value" of the submit button when the form also has a harmless one; "" = the form
    why: str

    @property
    def id(self) -> str:
        return f"{self.url_name or self.template}{'[' + self.button + ']' if self.button else ''}"


IRREVERSIBLE = [
    Irreversible("performance/appraisal.html", "", "action=final", "only HR can reopen a final appraisal"),
    Irreversible("performance/coaching_form.html", "", "action=done", "a finished plan is locked"),
    Irreversible("performance/appraisal_reopen.html", "", "", "the predikat is cleared"),
    Irreversible("performance/skp_detail.html", "performance:skp_submit", "", "the owner can no longer edit"),
    Irreversible("performance/skp_detail.html", "performance:skp_approve", "", "the SKP is locked"),
    Irreversible("performance/skp_detail.html", "performance:skp_return", "", "the employee must resubmit"),
    Irreversible("employees/correction_detail.html", "employees:correction_approve", "", "changes the data"),
    Irreversible("attendance/correction_queue.html", "attendance:correction_approve", "", "writes presensi"),
    Irreversible("attendance/correction_queue.html", "attendance:correction_reject", "", "a final decision"),
    Irreversible("attendance/_corrections.html", "attendance:correction_cancel", "", "a final state"),
    Irreversible("employees/correction_detail.html", "employees:correction_reject", "", "a final decision"),
    Irreversible("employees/correction_detail.html", "employees:correction_withdraw", "", "a final decision"),
    Irreversible("employees/employee_detail.html", "employees:set_active", "", "deactivates the employee"),
    Irreversible("employees/_documents.html", "employees:document_delete", "", "the file is deleted"),
    Irreversible("employees/_history_tables.html", "employees:history_delete", "", "the row is deleted"),
    Irreversible("employees/import_preview.html", "employees:import_apply", "", "writes every row at once"),
    Irreversible(
        "surveys/service_unit_detail.html",
        "surveys:service_unit_set_active",
        "",
        "the form stops taking answers",
    ),
    Irreversible(
        "surveys/service_unit_detail.html", "surveys:service_set_active", "", "the form stops offering it"
    ),
    Irreversible(
        "surveys/period_detail.html", "surveys:period_open", "", "dates and questionnaire are fixed"
    ),
    Irreversible("surveys/period_detail.html", "surveys:period_close", "", "a closed period never reopens"),
    Irreversible(
        "surveys/questionnaire_detail.html", "surveys:question_remove", "", "the question is deleted"
    ),
    Irreversible("surveys/follow_up_detail.html", "surveys:follow_up_close", "", "the answer is final"),
    Irreversible(
        "training/enrolment_detail.html", "training:enrolment_cancel", "", "the place goes to the waitlist"
    ),
    Irreversible(
        "attendance/device_form.html", "attendance:device_rotate", "", "the device's old token stops at once"
    ),
    Irreversible(
        "attendance/device_form.html", "attendance:device_deactivate", "", "the device's logs are refused"
    ),
    Irreversible("attendance/import_preview.html", "attendance:import_apply", "", "writes every row at once"),
]

# Deletes that open a page of their own ("Yakin menghapus ...?"): the page is the question, and a
# dialog on top of it would ask twice. The links to them are plain GET links.
CONFIRMATION_PAGE = "performance/skp_confirm_delete.html"
CONFIRMED_BY_PAGE = ("performance:rhk_delete", "performance:iki_delete")
# Other pages that are the question themselves (reached by a GET link, their form is the answer).
OTHER_CONFIRMATION_PAGES = {
    "accounts/two_factor_reset.html": "resetting another account's second factor (tests/accounts/test_two_factor.py)",
}

# POST forms whose name or label sounds irreversible but that lose nothing a person entered.
NOT_IRREVERSIBLE = {
    ("employees/import_preview.html", "employees:import_cancel"): (
        "discards an upload that was never applied; the file can be uploaded again"
    ),
    ("performance/scoring.html", "performance:scoring_start"): (
        "recalculation derives the scores from the stored data again (idempotent); nothing is lost"
    ),
    ("surveys/result_period.html", "surveys:result_recompute"): (
        "the IKM is derived from the stored responses again (idempotent); nothing is lost"
    ),
    ("training/compliance_dashboard.html", "training:compliance_recompute"): (
        "the JP summary is derived from the riwayat diklat again (idempotent); nothing is lost"
    ),
    ("attendance/import_preview.html", "attendance:import_cancel"): (
        "discards a device file that was never applied; the file can be uploaded again"
    ),
    ("attendance/presence.html", "attendance:record"): (
        "'Presensi pulang' is the check-out ('pulang' is going home, not 'ulang'): one tap, asked of "
        "nobody; a second check-in records nothing and a second check-out moves the check-out"
    ),
}

# Words of a URL name or of a button label (lower case) that mean an action cannot be taken back.
URL_WORDS = (
    "delete",
    "remove",
    "approve",
    "reject",
    "return",
    "withdraw",
    "apply",
    "reopen",
    "final",
    "deactivate",
    "set_active",
    "cancel",
    "done",
    "reset",
    "revoke",
    "close",
    "recalculate",
)
LABEL_WORDS = (
    "hapus",
    "setujui",
    "tolak",
    "final",
    "nonaktif",
    "terapkan",
    "kembali",
    "batal",
    "selesai",
    "cabut",
    "reset",
    "ulang",
    "hentikan",
    "tutup",
)


def looks_irreversible(form: PostForm) -> list[str]:
    """Why the form looks irreversible (empty: it does not)."""
    name = form.url_name.split(":")[-1].lower()
    reasons = [f"URL name has {word!r}" for word in URL_WORDS if word in name]
    for button in form.buttons:
        reasons += button_reasons(button)
    return reasons


def button_reasons(button: Submit) -> list[str]:
    label = button.label.lower()
    return [f"button {button.label!r} has {word!r}" for word in LABEL_WORDS if word in label]


def silent_reasons(form: PostForm) -> list[str]:
    """What looks irreversible in the form and submits without a question."""
    if form.confirm:
        return []
    name = form.url_name.split(":")[-1].lower()
    reasons = []
    if not (form.buttons and all(b.confirm for b in form.buttons)):
        reasons += [f"URL name has {word!r}" for word in URL_WORDS if word in name]
    for button in form.buttons:
        if not button.confirm:
            reasons += button_reasons(button)
    return reasons


def matching(action: Irreversible, forms: list[PostForm]) -> list[PostForm]:
    return [f for f in forms if (f.template, f.url_name) == (action.template, action.url_name)]


def english(message: str) -> str:
    """The English of a data-confirm value, which must be a `translate` or a counted `blocktranslate`."""
    if match := TRANSLATE.match(message):
        with translation.override("en"):
            return translation.gettext(match["msgid"])
    if match := BLOCK_PLURAL.match(message):
        singular, plural = (re.sub(r"\{\{\s*counter\s*\}\}", "%(counter)s", match[g]) for g in (1, 2))
        with translation.override("en"):
            return translation.ngettext(singular, plural, 2) % {"counter": 2}
    raise AssertionError(f"data-confirm is not one translate/blocktranslate tag: {message!r}")


FORMS = all_post_forms()


# --- The tests ---------------------------------------------------------------------------------


def test_the_scan_reads_the_post_forms_of_the_templates():
    templates = {form.template for form in FORMS}
    assert len(FORMS) >= 25 and len(templates) >= 15, (len(FORMS), sorted(templates))
    assert any(form.url_name == "core:logout" for form in FORMS)
    # The appraisal form holds a harmless and an irreversible button: the scan tells them apart.
    (appraisal,) = [form for form in FORMS if form.template == "performance/appraisal.html"]
    assert [b.name_value for b in appraisal.buttons] == ["action=draft", "action=final"]
    assert [b.label for b in appraisal.buttons] == ["Simpan draf", "Finalkan"]


@pytest.mark.parametrize("action", IRREVERSIBLE, ids=lambda action: action.id)
def test_every_irreversible_action_asks_a_translated_question_first(action):
    forms = matching(action, FORMS)
    assert forms, f"no POST form of {action.id} in {action.template}: the list or the scan is out of date"
    for form in forms:
        if action.button:
            buttons = [b for b in form.buttons if b.name_value == action.button]
            assert len(buttons) == 1, f"{form}: no single button {action.button}"
            message = buttons[0].confirm
            assert form.confirm is None, f"{form}: the whole form asks, so its harmless buttons ask too"
            others = [b for b in form.buttons if b.name_value != action.button]
            assert others, f"{form}: a single button; put data-confirm on the form"
        else:
            message = form.confirm
        assert message, f"{form} ({action.why}) submits without asking: add data-confirm"
        translated = english(message)
        assert translated and translated != message, f"{form}: the question has no English translation"
        assert translated.endswith("?") or "?" in translated, f"{form}: {translated!r} is not a question"


def test_no_other_post_form_that_looks_irreversible_submits_without_asking():
    listed = {(action.template, action.url_name) for action in IRREVERSIBLE}
    silent = []
    for form in FORMS:
        key = (form.template, form.url_name)
        if (
            key in listed
            or key in NOT_IRREVERSIBLE
            or form.template in {CONFIRMATION_PAGE, *OTHER_CONFIRMATION_PAGES}
        ):
            continue
        reasons = silent_reasons(form)
        if reasons:
            silent.append(f"{form}: {', '.join(reasons)}")
    assert not silent, "irreversible-looking forms without data-confirm:\n" + "\n".join(silent)


def test_every_exemption_still_exists_and_still_looks_irreversible():
    for (template, url_name), why in NOT_IRREVERSIBLE.items():
        forms = [f for f in FORMS if (f.template, f.url_name) == (template, url_name)]
        assert forms, f"{template} → {url_name} is gone: remove its exemption ({why})"
        assert all(looks_irreversible(f) for f in forms), f"{template} → {url_name} needs no exemption"


@pytest.mark.parametrize(
    ("snippet", "flagged"),
    [
        (
            """<form method="post" action="{% url 'x:thing_delete' t.pk %}">{% csrf_token %}"""
            """<button class="btn" type="submit">{% translate "Hapus" %}</button></form>""",
            True,
        ),
        (
            """<form method="POST" action="?{% if page.number > 1 %}page=2{% endif %}">"""
            """<button type="submit" name="action" value="x">{% translate "Cabut izin" %}</button></form>""",
            True,
        ),
        (
            """<form method="post" action="{% url 'x:thing_delete' t.pk %}" """
            """data-confirm="{% translate 'Hapus?' %}"><button type="submit">Hapus</button></form>""",
            False,
        ),
        (
            """<form method="post"><button type="submit">{% translate "Simpan" %}</button>"""
            """<button type="submit" data-confirm="{% translate 'Terapkan?' %}">Terapkan</button></form>""",
            False,
        ),
        (
            """<form method="get" action="{% url 'x:thing_delete' %}"><button>Hapus</button></form>""",
            False,
        ),
        (
            """<form method="post"><button type="submit" name="action" value="save">Simpan</button>"""
            """<button type="submit" name="action" value="apply">{% translate "Terapkan" %}</button></form>""",
            True,
        ),
    ],
)
def test_the_scan_flags_a_silent_irreversible_form_and_nothing_else(snippet, flagged):
    forms = post_forms_in("snippet.html", snippet)
    assert bool([f for f in forms if silent_reasons(f)]) is flagged


def test_the_plan_deletes_are_plain_links_to_their_confirmation_page(org, as_persona):
    from performance.models import Iki

    from ..performance.factories import make_skp, make_year

    skp = make_skp(org.employee_dinkes_sorong, make_year(org.sorong), state="draft")
    iki = Iki.objects.filter(rhk__skp=skp).first()
    assert iki is not None
    client = as_persona("employee_dinkes_sorong")
    plan = (TEMPLATES / "performance" / "_skp_plan.html").read_text(encoding="utf-8")
    for name, pk in (("performance:rhk_delete", iki.rhk_id), ("performance:iki_delete", iki.pk)):
        assert name in CONFIRMED_BY_PAGE
        assert re.search(rf"""<a\b[^>]*href="\{{% url '{name}' """, plan), f"{name} is not a link"
        assert not [f for f in FORMS if f.url_name == name], f"{name} is posted without its page"
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 200
        assert CONFIRMATION_PAGE in [t.name for t in response.templates]
        assert "Yakin menghapus" in response.content.decode()
    (page_form,) = [f for f in FORMS if f.template == CONFIRMATION_PAGE]
    assert [b.label for b in page_form.buttons] == ["Ya, hapus"]


def test_every_listed_url_name_exists():
    for name in [a.url_name for a in IRREVERSIBLE if a.url_name] + list(CONFIRMED_BY_PAGE):
        with pytest.raises(NoReverseMatch, match="arguments"):
            reverse(name)  # exists, but needs its arguments
