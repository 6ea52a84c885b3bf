"""Indonesian by default, English on request; the English catalogue is complete; dates read the local way."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
ID_PO = LOCALE_DIR / "id" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


# --- A small .po reader (no new dependency) --------------------------------------------------


@dataclass
class PoEntry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def read_po(path: Path) -> list[PoEntry]:
    """Parse a gettext catalogue: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], flags, #~ entries."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    key: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, key, started
        if started:
            entries.append(entry)
        entry, key, started = PoEntry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if not line or line.startswith("#"):
                continue
        elif not line:
            finish()
            continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            assert key is not None, f"{path}:{number}: a continuation line without a keyword"
            text = ast.literal_eval(line)
        else:
            match = re.fullmatch(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")", line)
            assert match, f"{path}:{number}: cannot read {raw!r}"
            if started and (match[1] == "msgctxt" or (match[1] == "msgid" and key and key[0] == "msgstr")):
                finish()  # an entry without a blank line before the next one
            if not started:
                entry.line, started = number, True
            key = (match[1], int(match[2] or 0))
            text = ast.literal_eval(match[3])
            if key[0] == "msgstr":
                entry.msgstr.setdefault(key[1], "")
        if key[0] == "msgstr":
            entry.msgstr[key[1]] += text
        elif key[0] == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + text
        elif key[0] == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + text
        else:
            entry.msgid += text
    finish()
    return entries


def messages(path: Path) -> list[PoEntry]:
    return [e for e in read_po(path) if not e.obsolete and not e.is_header]


# --- Choosing the language ---------------------------------------------------------------------


def test_the_login_page_is_indonesian_by_default(db):
    response = Client().get("/masuk/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Masuk ke ASN Portal" in html
    assert '<html lang="id">' in html


def test_choosing_english_on_the_language_switch_turns_the_login_page_english(db):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    assert response["Location"] == "/masuk/"

    html = client.get("/masuk/").content.decode()
    assert "Log in to ASN Portal" in html
    assert "Masuk ke ASN Portal" not in html
    assert '<html lang="en">' in html


def test_switching_back_to_indonesian_restores_the_indonesian_text(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    client.post("/i18n/setlang/", {"language": "id", "next": "/masuk/"})
    html = client.get("/masuk/").content.decode()
    assert "Masuk ke ASN Portal" in html
    assert "Log in to ASN Portal" not in html


def test_a_browser_that_asks_for_english_gets_indonesian_until_the_user_switches(db):
    """Issue 10 item 19: the portal speaks the agency's language; Accept-Language does not choose."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    response = client.get("/masuk/")
    html = response.content.decode()
    assert "Masuk ke ASN Portal" in html
    assert "Log in to ASN Portal" not in html
    assert '<html lang="id">' in html
    assert "Accept-Language" not in response.get("Vary", "")
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    assert "Log in to ASN Portal" in client.get("/masuk/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "xx"
    assert "Masuk ke ASN Portal" in client.get("/masuk/").content.decode()


def test_the_hr_dashboard_is_english_for_an_hr_officer_who_chose_english(as_persona):
    client = as_persona("hr_sorong")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Active employees" in html
    assert "Pegawai aktif" not in html
    assert "Work unit" in html


def test_the_hr_dashboard_is_indonesian_by_default(as_persona):
    html = as_persona("hr_sorong").get("/").content.decode()
    assert "Pegawai aktif" in html
    assert "Active employees" not in html


# --- The catalogues ----------------------------------------------------------------------------


def test_every_english_message_is_translated_and_none_is_fuzzy():
    entries = messages(EN_PO)
    assert len(entries) > 100, "the English catalogue looks empty; run makemessages -l en"
    untranslated = [f"untranslated {e}" for e in entries if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [f"fuzzy {e}" for e in read_po(EN_PO) if "fuzzy" in e.flags and not e.obsolete]
    assert not untranslated + fuzzy, "locale/en/LC_MESSAGES/django.po: " + "; ".join(untranslated + fuzzy)


def test_english_plural_messages_have_a_singular_and_a_plural_form():
    plurals = [e for e in messages(EN_PO) if e.msgid_plural is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], str(entry)


def test_english_translations_keep_the_placeholders_of_the_indonesian_text():
    for entry in messages(EN_PO):
        expected = set(PLACEHOLDER.findall(entry.msgid))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) == expected, str(entry)


def test_the_indonesian_and_english_catalogues_list_the_same_messages():
    def keys(path: Path) -> set[tuple[str | None, str]]:
        return {(e.msgctxt, e.msgid) for e in messages(path)}

    assert keys(ID_PO) == keys(EN_PO), "run makemessages for both -l id and -l en"


def test_the_compiled_english_catalogue_matches_the_po_file():
    """A stale or missing django.mo would show Indonesian text to English readers."""
    with translation.override("en"):
        for entry in messages(EN_PO):
            if entry.msgid_plural is None:
                if entry.msgctxt is None:
                    got = translation.gettext(entry.msgid)
                else:
                    got = translation.pgettext(entry.msgctxt, entry.msgid)
                assert got == entry.msgstr[0], f"{entry}; run `make messages` (compilemessages)"
            elif entry.msgctxt is None:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                assert got == entry.msgstr[1], f"{entry}; run `make messages` (compilemessages)"
            else:
                got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                assert got == entry.msgstr[1], f"{entry}; run `make messages` (compilemessages)"


def test_the_po_reader_understands_plurals_context_continuations_and_obsolete_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Halo %(n)s"\nmsgstr "Hello %(n)s"\n\n'
        '#, fuzzy\nmsgctxt "bulan"\nmsgid ""\n"Mei"\nmsgstr "May"\n\n'
        'msgid "%(n)s unit"\nmsgid_plural "%(n)s unit"\nmsgstr[0] "%(n)s unit"\nmsgstr[1] ""\n\n'
        '#~ msgid "Lama"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    header, hello, may, units, old = read_po(po)
    assert header.is_header and header.msgstr == {0: "Language: en\n"}
    assert hello.flags == {"fuzzy", "python-format"} and hello.msgstr == {0: "Hello %(n)s"}
    assert (may.msgctxt, may.msgid, may.msgstr, may.flags) == ("bulan", "Mei", {0: "May"}, {"fuzzy"})
    assert units.msgid_plural == "%(n)s unit" and units.msgstr == {0: "%(n)s unit", 1: ""}
    assert old.obsolete and old.msgid == "Lama"


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(1986, 9, 26), "26 September 1986"), (date(2026, 8, 17), "17 Agustus 2026")],
)
def test_dates_read_day_month_name_year_in_indonesian(day, expected):
    with translation.override("id"):
        assert formats.date_format(day) == expected


def test_dates_read_day_month_name_year_in_english():
    with translation.override("en"):
        assert formats.date_format(date(2026, 8, 17)) == "17 August 2026"


def test_every_label_tag_text_is_in_both_catalogues():
    """`{% label "…" %}` (core/templatetags/lists.py) translates like `{% translate %}`, but makemessages
    does not know the tag: its texts must already be in the catalogues, or the English page shows
    Indonesian labels."""
    label = re.compile(r"""\{%\s*label\s+(?:'([^']*)'|"([^"]*)")\s*%\}""")
    texts = {
        single or double
        for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
        for single, double in label.findall(path.read_text(encoding="utf-8"))
    }
    assert len(texts) > 20  # the tables of every app use it
    english = {e.msgid: e.msgstr.get(0) for e in messages(EN_PO) if e.msgctxt is None}
    indonesian = {e.msgid for e in messages(ID_PO) if e.msgctxt is None}
    missing = sorted(t for t in texts if t not in indonesian or not english.get(t))
    assert not missing, f"add to locale/*/LC_MESSAGES/django.po: {missing}"


def test_a_label_is_translated_into_the_active_language_and_escaped():
    from django.template import Context, Template

    page = Template('{% load lists %}<td data-label="{% label "Unit kerja" %}">')
    with translation.override("en"):
        assert page.render(Context()) == '<td data-label="Work unit">'
    with translation.override("id"):
        assert page.render(Context()) == '<td data-label="Unit kerja">'
    assert Template('{% load lists %}{% label "<b>" %}').render(Context()) == "&lt;b&gt;"
