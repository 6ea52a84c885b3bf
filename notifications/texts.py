"""Notification texts in the reader's language.

A notification is stored once for many readers and read later, in whatever language each reader
has chosen; so a text is stored as its message id (the Indonesian source of the catalogue) with its
parameters, and translated when it is shown. A parameter is plain data (a name, a number, free text
typed by a user), a date (formatted in the reader's language), a message id of its own (a label
such as a behaviour value or a field name), a nested Message, or a list of those (joined by ", ").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext

Encoded = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """A translatable text (a gettext_lazy msgid) and its %(name)s parameters."""

    text: str | Promise
    params: Mapping[str, Any] = field(default_factory=dict)

    def encode(self) -> Encoded:
        encoded: Encoded = {"msgid": msgid(self.text)}
        if self.params:
            encoded["params"] = {name: _encode(value) for name, value in self.params.items()}
        return encoded


@dataclass(frozen=True)
class DateParam:
    """A date shown in the reader's language with a Django date format (e.g. "F Y")."""

    value: date
    format: str = "DATE_FORMAT"


def msgid(text: str | Promise) -> str:
    """The untranslated source of a (lazy) translatable text."""
    with translation.override(None):
        return str(text)


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return value.encode()
    if isinstance(value, Promise):
        return {"msgid": msgid(value)}
    if isinstance(value, DateParam):
        return {"date": value.value.isoformat(), "format": value.format}
    if isinstance(value, date) and not isinstance(value, datetime):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return {"list": [_encode(item) for item in value]}
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "msgid" in value:
        return render(value)
    if "date" in value:
        return date_format(date.fromisoformat(value["date"]), value.get("format", "DATE_FORMAT"))
    if "list" in value:
        return ", ".join(str(_decode(item)) for item in value["list"])
    return str(value)


def render(encoded: Encoded) -> str:
    """The text in the active language, with its parameters."""
    text = gettext(encoded["msgid"])
    params = encoded.get("params")
    if not params:
        return text
    try:
        return text % {name: _decode(value) for name, value in params.items()}
    except (KeyError, TypeError, ValueError):  # a catalogue that lost a placeholder: show the source
        return encoded["msgid"] % {name: _decode(value) for name, value in params.items()}
