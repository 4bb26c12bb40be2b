"""The declarative base of the server's tables and its naming convention."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, MetaData, Table, Uuid
from sqlalchemy.orm import DeclarativeBase

from sync_server.db.types import UtcDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UtcDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON(),
    }


def table_of(model: type[Base]) -> Table:
    """The Core table of a model: hot-path bulk inserts skip the ORM's per-row bookkeeping."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
