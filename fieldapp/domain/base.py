"""The base every domain model shares: strict fields, aware datetimes and the text guards.

Every string a model holds, at any depth of lists, tuples and dicts, is checked for a NUL
character (``domain.nul_in_text``: invisible, and PostgreSQL cannot store it in text) and
by :func:`~fieldapp.domain.bsn.contains_bsn` (``domain.bsn_in_text``). A hit is refused with
the stable code and the field's name, never the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.bsn import contains_bsn
from fieldapp.domain.errors import ErrorCode

NUL = "\x00"
"""Refused in every text: invisible, and PostgreSQL cannot store it in a text column."""
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
"""Times outside these years are typing mistakes, and would overflow date arithmetic."""


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError(ErrorCode.NAIVE_DATETIME.value, "datetime must carry a timezone")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise PydanticCustomError(
            ErrorCode.DATETIME_OUT_OF_RANGE.value,
            "a time must lie between {earliest} and {latest}",
            {"earliest": str(EARLIEST_YEAR), "latest": str(LATEST_YEAR)},
        )
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
"""A datetime that must carry a timezone (device clocks and servers disagree otherwise)."""


def _strings_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(key)
            yield from _strings_in(item)


class DomainModel(BaseModel):
    """Immutable, closed models: unknown fields (a ``bsn`` key, say) are refused.

    Validation errors never repeat the input (``hide_input_in_errors``): an exception text
    can end up in a log, and the input is client data.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, hide_input_in_errors=True
    )

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul_and_bsn(cls, value: Any, info: ValidationInfo) -> Any:
        for text in _strings_in(value):
            if NUL in text:
                raise PydanticCustomError(
                    ErrorCode.NUL_IN_TEXT.value,
                    "field '{field}' contains a NUL character",
                    {"field": info.field_name},
                )
            if contains_bsn(text):
                raise PydanticCustomError(
                    ErrorCode.BSN_IN_TEXT.value,
                    "field '{field}' contains what looks like a BSN; Veldwerk never stores a BSN",
                    {"field": info.field_name},
                )
        return value
