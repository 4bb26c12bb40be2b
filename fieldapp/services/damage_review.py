"""Missing or rolled-back files after unlock (ADR 0001): what was found, with the names the
caseload last knew for the clients concerned, and the person's choice per item."""

from __future__ import annotations

from uuid import UUID

from fieldapp.domain.ports import DamageRepair
from fieldapp.domain.store_errors import Damage, MissingDataError
from fieldapp.services.caseload import CaseloadService


class DamageReview:
    def __init__(self, repair: DamageRepair, caseload: CaseloadService) -> None:
        self._repair, self._caseload = repair, caseload

    def found(self) -> list[Damage]:
        return self._repair.damage()

    def known_names(self) -> dict[UUID, str]:
        """Client names as the caseload's index last held them; none when that index is
        itself among the damage."""
        try:
            return self._caseload.last_known_names()
        except MissingDataError:
            return {}

    def restore(self, damage: Damage) -> int:
        return self._repair.restore_previous_copy(damage)

    def go_on_without(self, damage: Damage) -> None:
        self._repair.accept_loss(damage)
