"""Two versions of one record, and the user's field-by-field choice between them.

A conflict arises when the device edited a record the server had meanwhile taken in another
version (from another device of the same user, or a coordinator). Nothing is decided by clocks
and nothing silently wins: the user sees each field that differs and picks per field; the
merged record becomes the version after the server's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from fieldapp.domain.errors import DomainError, ErrorCode

M = TypeVar("M", bound=BaseModel)
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})
"""Fields the user does not choose between."""


@dataclass(frozen=True)
class FieldDifference:
    name: str
    mine: Any
    theirs: Any


def differences(mine: BaseModel, theirs: BaseModel) -> list[FieldDifference]:
    """The fields (in model order) where the two versions disagree."""
    if type(mine) is not type(theirs) or getattr(mine, "id", None) != getattr(theirs, "id", 0):
        raise DomainError(ErrorCode.NOT_FOUND, id=str(getattr(mine, "id", "")))
    return [
        FieldDifference(name, getattr(mine, name), getattr(theirs, name))
        for name in type(mine).model_fields
        if name not in BOOKKEEPING and getattr(mine, name) != getattr(theirs, name)
    ]


def merge(mine: M, theirs: M, take_theirs: Iterable[str]) -> M:
    """``mine`` with the named fields taken from ``theirs``; the version after theirs."""
    chosen = set(take_theirs)
    unknown = chosen - set(type(mine).model_fields)
    if unknown:
        raise DomainError(ErrorCode.NOT_FOUND, id=sorted(unknown)[0])
    values = mine.model_dump()
    values.update({name: getattr(theirs, name) for name in chosen})
    values["version"] = getattr(theirs, "version", 0) + 1  # made on the server's version
    return type(mine).model_validate(values)
