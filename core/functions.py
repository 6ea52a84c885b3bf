"""Database functions that PostgreSQL and SQLite evaluate alike, for dates counted in SQL.

A month is counted as its index, year * 12 + (month - 1), so that "24 months later" or "the same
month of the year" is integer arithmetic. YearOf, MonthOf and DayOfMonth are integers on both
engines (Django's Extract is numeric on PostgreSQL, where a division would not truncate) and
immutable, usable in a generated column: on SQLite they read the ISO text Django stores instead of
calling the Python functions Django registers there, which the database file does not know.
Integer division truncates on both engines; idiv and imod are only given operands that are never
negative, so that they agree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import ExpressionWrapper, Func, IntegerField, Value


class _DatePart(Func):
    """An integer part of a date column: `pg_field` for EXTRACT on PostgreSQL, `sqlite_slice` (start, length)
    of the ISO text SQLite stores."""

    arity = 1
    output_field = IntegerField()
    pg_field = ""
    sqlite_slice = (0, 0)

    def as_sql(
        self,
        compiler: Any,
        connection: Any,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(EXTRACT({self.pg_field} FROM {sql}) AS integer)", list(params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        start, length = self.sqlite_slice
        return f"CAST(substr({sql}, {start}, {length}) AS integer)", list(params)


class YearOf(_DatePart):
    pg_field = "year"
    sqlite_slice = (1, 4)


class MonthOf(_DatePart):
    pg_field = "month"
    sqlite_slice = (6, 2)


class DayOfMonth(_DatePart):
    pg_field = "day"
    sqlite_slice = (9, 2)


def month_index_of(field: Any) -> ExpressionWrapper:
    """The month index of a date column: year * 12 + month - 1."""
    return ExpressionWrapper(
        YearOf(field) * Value(12) + MonthOf(field) - Value(1), output_field=IntegerField()
    )


def idiv(a: Any, b: int) -> ExpressionWrapper:
    """a // b for a >= 0."""
    return ExpressionWrapper(a / Value(b), output_field=IntegerField())


def imod(a: Any, b: int) -> ExpressionWrapper:
    """a mod b for a >= 0 (MOD() is a float on SQLite)."""
    return ExpressionWrapper(a - Value(b) * idiv(a, b), output_field=IntegerField())


def execute_counted(cursor: Any, sql: str, params: Any = None) -> int:
    """Run one data-changing statement and return the rows it inserted, updated or deleted. Python
    3.11's sqlite3 leaves `rowcount` at -1 for a statement that starts with WITH (it only counts those
    that start with INSERT, UPDATE, DELETE or REPLACE); SQLite's own change counter counts it."""
    raw = getattr(cursor, "db", None)
    if raw is not None and raw.vendor == "sqlite":
        raw.ensure_connection()
        before = raw.connection.total_changes
        cursor.execute(sql, params)
        return raw.connection.total_changes - before
    cursor.execute(sql, params)
    return max(cursor.rowcount, 0)
