"""Which team a referral goes to: the routing table the app last pulled, for one lookup."""

from __future__ import annotations

from collections.abc import Callable

from fieldapp.domain.client import Address
from fieldapp.domain.ports import SyncStateRepository
from fieldapp.domain.sync_state import Recipient
from fieldapp.domain.targets import Target

TeamFor = Callable[[Target, Address | None], Recipient | None]
"""Names the team serving ``address`` for ``target``; None when the table names none."""


def teams_from(states: SyncStateRepository) -> TeamFor:
    """The table read once; the lookup it returns answers every suggestion of one summary."""
    return states.load_sync_state().recipient_for


class TeamDirectory:
    """The teams the routing directory names, as the device last pulled it."""

    def __init__(self, states: SyncStateRepository) -> None:
        self._states = states

    def names(self) -> dict[str, str]:
        """Recipient id -> the team's name."""
        return {team.recipient_id: team.name for team in self._states.load_sync_state().directory}
