"""Hints for SQLite's query planner, written so that PostgreSQL reads plain SQL.

:func:`not_for_lookup` marks a column that SQLite must not look up by its index. A pull asks
for "this jobcoach's records after feed position N, in feed order, the first thousand". Without
statistics SQLite starts from the jobcoach's clients, gathers every record of every one of
them and sorts them all, for every page: a first pull of 50,000 records sorted 50,000 rows
fifty times. Told not to use the jobcoach's index, it walks the feed's index from N and checks
each record's client by its key, so a page costs what it returns, and a sync with nothing new
costs next to nothing. SQLite's own notation for this is a unary ``+`` before the column
(https://sqlite.org/optoverview.html, "Disqualifying WHERE clause terms").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement


class _NotForLookup(ColumnElement[Any]):
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type


def not_for_lookup(column: QueryableAttribute[Any]) -> ColumnElement[Any]:
    """``column``, which SQLite is not to search by index (PostgreSQL plans by itself)."""
    return _NotForLookup(column.expression)


@compiles(_NotForLookup)
def _plain(element: _NotForLookup, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(_NotForLookup, "sqlite")
def _unary_plus(element: _NotForLookup, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.column, **kw)
