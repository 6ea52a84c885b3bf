"""What keeps the employee list fast under load on PostgreSQL (issue 11, item 10; the figures are in
docs/benchmarks.md, "Mixed HR workload"): no parallel workers per query, and the count of an agency's
list from an index of who is in service in which unit."""

from __future__ import annotations

import pytest
from django.db import connection

from core import access
from employees.models import Employee
from employees.selectors.records import employee_list
from tests.factories import make_employees_bulk

pytestmark = pytest.mark.postgres


def test_connections_run_each_query_in_one_process(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)


def test_the_count_of_an_agency_list_can_read_the_index_only(org):
    make_employees_bulk(org.dishub_sorong, 30)
    queryset = employee_list(actor=access.actor_for(org.users["hr_sorong"])).order_by()
    sql, params = queryset.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table is read whole; without that choice the planner must take an index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) AS listed", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using employee_active_unit_idx" in plan, plan
    in_service = Employee.objects.filter(unit__instansi=org.sorong, is_active=True)
    assert queryset.count() == in_service.count() > 30
