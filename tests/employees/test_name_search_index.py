"""The name search is served by a trigram index on PostgreSQL (issue 11, item 2; the figure at 100,000
employees is in docs/benchmarks.md)."""

from __future__ import annotations

import pytest
from django.db import connection

from employees.models import Employee

pytestmark = pytest.mark.postgres


def test_the_trigram_index_exists_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'employee_name_trgm_idx'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "gin_trgm_ops" in definition and "upper" in definition.lower()


def test_the_search_query_of_the_list_can_use_it(org):
    queryset = Employee.objects.search("siti")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table: the planner would read it whole, or walk the name-ordered B-tree. Leave it
        # only the index that can *answer* the condition.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "employee_name_trgm_idx" in plan, plan


def test_the_index_finds_what_the_search_finds(org):
    expected = sorted(Employee.objects.filter(name__icontains="ti").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        found = sorted(Employee.objects.search("ti").values_list("pk", flat=True))
    assert found == expected and found
