"""Which receiving team serves an address: the most specific routing row that contains it.

A row names a postcode key (a full postcode ``"1091 AB"``, its four-digit area ``"1091"``, or
``"*"``) and an inclusive house range; one postcode can span two neighbourhoods. The server
routes with this, and the app uses the same function on the table it pulled, so the team the
client consents to is the team the server will deliver to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from pydantic import Field

from fieldapp.domain.base import DomainModel
from fieldapp.domain.targets import Target

HOUSE_MIN, HOUSE_MAX = 1, 99_999


class RouteLike(Protocol):
    @property
    def target(self) -> Target: ...
    @property
    def postcode(self) -> str: ...
    @property
    def low(self) -> int: ...
    @property
    def high(self) -> int: ...


R = TypeVar("R", bound=RouteLike)


class _OpenRange(Protocol):
    @property
    def house_from(self) -> int | None: ...
    @property
    def house_to(self) -> int | None: ...


class HouseRange:
    """``low``/``high`` for a row whose ``house_from``/``house_to`` may be open (``None``)."""

    @property
    def low(self: _OpenRange) -> int:
        return HOUSE_MIN if self.house_from is None else self.house_from

    @property
    def high(self: _OpenRange) -> int:
        return HOUSE_MAX if self.house_to is None else self.house_to


class Route(HouseRange, DomainModel):
    """A routing row as the app keeps it (without the area name)."""

    target: Target
    postcode: str = Field(max_length=8)
    house_from: int | None = None
    house_to: int | None = None
    recipient_id: str = Field(max_length=120)


def best_route(
    rows: Iterable[R], target: Target, full_postcode: str, house_number: int
) -> R | None:
    """The most specific row for ``target`` containing the address: full postcode, then the
    four-digit area, then ``"*"``. ``full_postcode`` is normalised (``"1091 AB"``)."""
    rank = {full_postcode: 2, full_postcode[:4]: 1, "*": 0}
    best: R | None = None
    best_rank = -1
    for row in rows:
        row_rank = rank.get(row.postcode, -1)
        if row.target is target and row_rank > best_rank and row.low <= house_number <= row.high:
            best, best_rank = row, row_rank
    return best
