"""Resolving a sync conflict: show what differs, take the user's choice per field, save.

The merged record is the version after the server's, so the server takes it as an edit of
what it holds; it replaces the conflicting change in the same write (nothing lost if the app
dies in between).
"""

from __future__ import annotations

from collections.abc import Iterable

from fieldapp.domain.conflicts import FieldDifference, differences, merge
from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.ports import Conflict, ConflictRepository, Entity


class ConflictService:
    def __init__(self, repository: ConflictRepository) -> None:
        self._repository = repository

    def open_conflicts(self) -> list[Conflict]:
        return self._repository.conflicts()

    @staticmethod
    def differences(conflict: Conflict) -> list[FieldDifference]:
        """Empty until the server's version arrived with a pull."""
        if conflict.theirs is None:
            return []
        return differences(conflict.mine, conflict.theirs)

    def resolve(self, conflict: Conflict, take_theirs: Iterable[str]) -> Entity:
        """Keep the device's value of every field except those named in ``take_theirs``."""
        if conflict.theirs is None:  # the server's version has not been pulled yet
            raise DomainError(ErrorCode.NOT_FOUND, id=str(conflict.change.entity_id))
        merged = merge(conflict.mine, conflict.theirs, take_theirs)
        self._repository.resolve(conflict, merged)
        return merged
