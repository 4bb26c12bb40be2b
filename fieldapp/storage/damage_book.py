"""What the store found missing or rolled back and the person has not yet dealt with (ADR
0001): found by the check at unlock and by any read since, each logged once."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator

from fieldapp.domain.store_errors import Damage, MissingDataError

logger = logging.getLogger(__name__)


class DamageBook:
    def __init__(self) -> None:
        self._found: dict[str, Damage] = {}

    def replace(self, found: Iterable[Damage]) -> None:
        """What the check at unlock found, instead of anything noted before."""
        self._found = {}
        for damage in found:
            self.note(damage)

    def note(self, damage: Damage) -> None:
        if damage.file not in self._found:
            logger.error("store damage: %s (%s)", damage.kind.value, damage.file)
        self._found[damage.file] = damage

    @contextlib.contextmanager
    def noting(self) -> Iterator[None]:
        """A read that finds a part missing notes it, and still raises."""
        try:
            yield
        except MissingDataError as error:
            self.note(error.damage)
            raise

    def listed(self) -> list[Damage]:
        return sorted(self._found.values(), key=lambda damage: damage.file)

    def resolved(self, damage: Damage) -> None:
        self._found.pop(damage.file, None)
