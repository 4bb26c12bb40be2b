"""Hints for SQLite's query planner, written so that PostgreSQL reads plain SQL.

:func:`not_for_lookup` marks a column that SQLite must not look up by its index. A pull asks
for "this jobcoach's records after feed position N, in feed order, the first thousand". Without
statistics SQLite starts from the jobcoach's clients, gathers every record of every one of
them and sorts them all, for every page: a first pull of 50,000 records sorted 50,000 rows
fifty times. Told not to use the jobcoach's index, it walks the feed's index from N and checks
each record's client by its key, so a page costs what it walks. The pull moves a cursor with
nothing left to the feed's head (:func:`sync_server.services.feed.head`), so what it walks is
what the organisation changed since the last sync, not everything after the jobcoach's last
own change. SQLite's own notation for this is a unary ``+`` before the column
(https://sqlite.org/optoverview.html, "Disqualifying WHERE clause terms").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal, _TraverseInternalsType


class _NotForLookup(ColumnElement[Any]):
    inherit_cache = True
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 - SQLAlchemy's own shape
        ("column", InternalTraversal.dp_clauseelement)
    ]
    """So the statement's cache key covers the column (and the compiled SQL is cached)."""

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
