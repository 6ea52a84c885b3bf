"""Phone numbers as people type them: one stored form. Pure, no ORM.

`0812-3456-7890`, `0812 3456 7890`, `+62 812 3456 7890`, `62-812-3456-7890`, `(0951) 321 456` and
`+62 (0) 812 3456 7890` are all stored as the national form `081234567890` / `0951321456`; a
foreign number keeps its `+` and country code (`+6591234567`).
"""

from __future__ import annotations

import re

# Separators people type inside a number.
_SEPARATORS = re.compile(r"[\s\-.()\u00a0]")  # not "/": 12/31/2026 is a date, not a number
INDONESIA = "62"


def normalize_phone(raw: str) -> str:
    """The canonical form of a phone number; the input unchanged (but trimmed) when it is not one,
    so that the field's validator can say why."""
    text = (raw or "").strip()
    if not text:
        return ""
    number = _SEPARATORS.sub("", text)
    if number.startswith("00"):  # the international call prefix
        number = "+" + number[2:]
    if number.startswith("+" + INDONESIA):
        number = "0" + number[3:].lstrip("0")
    elif number.startswith(INDONESIA) and len(number) >= 10:
        # 62 without the plus: no Indonesian national number starts with 62 (they start with 0).
        number = "0" + number[2:].lstrip("0")
    if re.fullmatch(r"\+?[0-9]+", number) is None:
        return text
    return number


# What a stored number looks like: national (0 and 7–14 digits) or international (+, a country code
# that does not start with 0, 7–14 more digits).
_STORED = re.compile(r"0[0-9]{7,14}|\+[1-9][0-9]{7,14}")


def is_phone(number: str) -> bool:
    """Whether a normalised number (normalize_phone) is a phone number we store."""
    return _STORED.fullmatch(number) is not None
