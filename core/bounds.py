"""Bounds every value of a record lies within (pure Python: rules may use them).

Every date of a personnel record lies between DATE_MIN and DATE_MAX: a typo such as 9999-12-31 would
otherwise be saved and break the date arithmetic of the career rules (KGB, pensiun) for a whole agency.
"""

from datetime import date

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)


def date_in_bounds(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


# A whole number typed into a URL or a cell has at most this many digits: more is not an id, a page or
# a count of ours (and Python refuses to convert strings of over 4,300 digits).
INT_DIGITS_MAX = 18


def parse_int(raw: str) -> int | None:
    """A non-negative whole number written in ASCII digits (not "²" or "١", which str.isdigit()
    accepts and int() refuses), at most INT_DIGITS_MAX of them; None for anything else."""
    raw = raw.strip()
    if raw and len(raw) <= INT_DIGITS_MAX and raw.isascii() and raw.isdigit():
        return int(raw)
    return None
