"""The ledger's reasons in the reader's language. The rows the portal writes itself (the yearly
opening, a request's use and return, cuti besar) are stored in Indonesian, the language of the
record; read in another language they are rebuilt from their msgids (found by the trial: Indonesian
reasons in the English interface). A reason HR typed shows as typed."""

from __future__ import annotations

import re
from datetime import date

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import RequestState

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
_DAY = r"(\d{1,2} (?:" + "|".join(MONTHS) + r") \d{4})"
_USE = re.compile(rf"^Cuti tahunan {_DAY} s\.d\. {_DAY}$")
_RETURN = re.compile(rf"^Dikembalikan: permintaan cuti {_DAY} s\.d\. {_DAY} (.+)$")
_GRANT = re.compile(r"^Hak cuti tahunan (\d{4})$")
_BESAR = re.compile(r"^Hak cuti tahunan (\d{4}) dihapus karena cuti besar$")
_EXPIRED = re.compile(r"^Sisa hak (\d{4}) yang melebihi batas penangguhan hangus pada (\d{4})$")


def _day(text: str) -> str:
    day, month, year = text.split()
    return date_format(date(int(year), MONTHS.index(month) + 1, int(day)), "j F Y")


def _state(text: str) -> str:
    with translation.override("id"):
        stored = {str(label).lower(): value for value, label in RequestState.choices}
    value = stored.get(text)
    return str(RequestState(value).label).lower() if value else text


def reason_text(reason: str) -> str:
    """`reason` as the active language says it (unchanged in Indonesian, or when not ours)."""
    if (translation.get_language() or "id") == "id":
        return reason
    if found := _USE.match(reason):
        return _("Cuti tahunan %(start)s s.d. %(end)s") % {
            "start": _day(found[1]),
            "end": _day(found[2]),
        }
    if found := _RETURN.match(reason):
        return _("Dikembalikan: permintaan cuti %(start)s s.d. %(end)s %(state)s") % {
            "start": _day(found[1]),
            "end": _day(found[2]),
            "state": _state(found[3]),
        }
    if found := _GRANT.match(reason):
        return _("Hak cuti tahunan %(year)s") % {"year": found[1]}
    if found := _BESAR.match(reason):
        return _("Hak cuti tahunan %(year)s dihapus karena cuti besar") % {"year": found[1]}
    if found := _EXPIRED.match(reason):
        return _("Sisa hak %(bucket)s yang melebihi batas penangguhan hangus pada %(year)s") % {
            "bucket": found[1],
            "year": found[2],
        }
    return reason
