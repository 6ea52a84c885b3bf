"""Permission matrix of the navbar's employee search: open to every signed-in user, each finding
only the people the employee list shows them (tests/employees/test_employee_search.py checks whom)."""

import pytest
from django.urls import reverse as R

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params

ROWS = [
    Row(
        "employees:search", "empty search", lambda o: R("employees:search"), expect(anonymous=302, others=200)
    ),
    Row(
        "employees:search",
        "a name",
        lambda o: R("employees:search") + "?q=Siti",
        expect(anonymous=302, others=200),
    ),
    Row(
        "employees:search",
        "a NIP with spaces",
        lambda o: R("employees:search") + "?q=" + o.employee_dinkes_sorong.nip_display,
        expect(anonymous=302, others=200),
    ),
    # A read-only page: a POST is refused (405) and changes nothing.
    Row(
        "employees:search",
        "POST",
        lambda o: R("employees:search"),
        expect(anonymous=302, others=405),
        method="post",
        data=lambda o: {"q": "Siti"},
        allowed=NOBODY,
    ),
]


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_search_matrix(org, row, persona):
    check_row(org, row, persona)
