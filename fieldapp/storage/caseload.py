"""The caseload repository: domain objects in the encrypted store, one partition per client.

A client's whole dossier (profile, visits, goals, checks, signals, consents, referrals,
placements, the participation ladder) lives in the client's partition, so saving a visit with
its signals, consent and referral, plus one pending change for each, is one atomic write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from pydantic import BaseModel

from fieldapp.domain.client import Client
from fieldapp.domain.concern import EmployerConcern
from fieldapp.domain.consent import ConsentRecord
from fieldapp.domain.outbox import PendingChange
from fieldapp.domain.participation import LadderStep, ladder
from fieldapp.domain.placement import Placement, path
from fieldapp.domain.ports import ENTITY_KINDS, Dossier, Entity, Overview
from fieldapp.domain.rating import SupportRating
from fieldapp.domain.referral import Referral
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.visit import Goal, Visit
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.storage.caseload_index import CaseloadIndex
from fieldapp.storage.pending_entry import PendingEntry
from fieldapp.storage.record_writer import CLIENT_PREFIX, client_partition, save_with_changes
from fieldapp.storage.store import EncryptedStore, Record

M = TypeVar("M", bound=BaseModel)


def _client_of(partition: str) -> UUID | None:
    if not partition.startswith(CLIENT_PREFIX):
        return None
    return UUID(partition.removeprefix(CLIENT_PREFIX))


class CaseloadStore:
    """Implements :class:`fieldapp.domain.ports.CaseloadRepository` on an EncryptedStore."""

    def __init__(self, store: EncryptedStore, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock

    def save(
        self,
        client_id: UUID,
        entities: Sequence[Entity],
        *,
        supersedes: Sequence[UUID] = (),
        extra_puts: Sequence[Record] = (),
    ) -> list[PendingChange]:
        """See :func:`fieldapp.storage.record_writer.save_with_changes`."""
        return save_with_changes(
            self._store,
            self._clock(),
            client_id,
            entities,
            supersedes=supersedes,
            extra_puts=extra_puts,
        )

    def dossier(self, client_id: UUID) -> Dossier:
        by_kind: dict[str, list[dict[str, object]]] = {}
        for record in self._store.records(client_partition(client_id)):
            by_kind.setdefault(record["kind"], []).append(record["data"])

        def load(model: type[M]) -> list[M]:
            return [
                model.model_validate(data) for data in by_kind.get(ENTITY_KINDS[model].value, [])
            ]

        clients = load(Client)
        return Dossier(
            client=clients[-1] if clients else None,
            visits=sorted(load(Visit), key=lambda v: v.started_at),
            goals=load(Goal),
            checks=sorted(load(WellbeingCheck), key=lambda c: c.taken_at),
            signals=sorted(load(SignalObservation), key=lambda s: s.observed_at),
            consents=load(ConsentRecord),
            referrals=load(Referral),
            placements=path(load(Placement)),
            ladder=ladder(load(LadderStep)),
            ratings=sorted(load(SupportRating), key=lambda r: (r.rated_on, str(r.id))),
            concerns=sorted(load(EmployerConcern), key=lambda c: c.reported_at),
        )

    def _index(self) -> CaseloadIndex:
        return CaseloadIndex(self._store, client_partition, _client_of, self.dossier)

    def overviews(self) -> list[Overview]:
        return self._index().overviews()

    def last_known_names(self) -> dict[UUID, str]:
        return self._index().names()

    def client_ids(self) -> list[UUID]:
        return [
            UUID(name.removeprefix(CLIENT_PREFIX))
            for name in self._store.partitions()
            if name.startswith(CLIENT_PREFIX)
        ]

    def _pending_entries(self) -> list[PendingEntry]:
        return self._store.pending()

    def pending_changes(self) -> list[PendingChange]:
        return [PendingChange.model_validate(item.entry) for item in self._pending_entries()]

    def mark_sent(self, change_ids: Sequence[UUID]) -> None:
        wanted = {str(change_id) for change_id in change_ids}
        self._store.acknowledge(
            item for item in self._pending_entries() if item.entry["change_id"] in wanted
        )
