"""Bounds every value of a record lies within (pure Python: rules may use them).

Every date of a personnel record lies between DATE_MIN and DATE_MAX: a typo such as 9999-12-31 would
otherwise be saved and break the date arithmetic of the career rules (KGB, pensiun) for a whole agency.
"""

from datetime import date

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)


def date_in_bounds(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX
