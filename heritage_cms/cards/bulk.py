"""Many rows in one SQL statement, for the hot paths (a gate's batch of taps and its postings).

Rows are plain tuples rather than model instances: at gate-backlog sizes, building and preparing
~1,000 model objects per batch costs more than the database work itself.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, models


def db_datetime(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def insert_rows(
    model: type[models.Model], columns: list[str], rows: list, returning: list[str] | None = None
) -> list[tuple]:
    """One multi-row INSERT (with RETURNING where asked; PostgreSQL and SQLite ≥ 3.35)."""
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES {', '.join([one] * len(rows))}"
    )
    if returning:
        sql += f" RETURNING {', '.join(map(quote, returning))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        return cursor.fetchall() if returning else []


def update_rows(model: type[models.Model], assignments: str, rows: list[tuple]) -> None:
    """All rows in one ``UPDATE … FROM (VALUES …)`` (PostgreSQL and SQLite ≥ 3.33 alike).

    ``assignments`` refers to the values as v.column1, v.column2, …; the last column is the id.
    The ORM's bulk update builds a CASE per row and costs more in Python than the whole batch
    costs in the database, and one statement per row costs a round trip each.
    """
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    width = len(rows[0])
    values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v "
            f"WHERE {table}.id = v.column{width}",
            [value for row in rows for value in row],
        )
