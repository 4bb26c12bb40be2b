"""The caseload index: each client's overview, kept in one partition so that the caseload
opens with one read instead of one per client.

It is a cache, never the truth. Each entry carries the stamp of the client's partition (its
segments' numbers and generations, read from the plaintext headers without decrypting), taken
before the client's records were read. An entry whose stamp no longer matches is rebuilt from
the client's partition; a client whose partition is gone is dropped; a client partition the
index has not seen is added. Whatever wrote to a client's partition, and in whatever order,
the overviews returned are the partitions' current state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from fieldapp.domain.base import AwareDatetime
from fieldapp.domain.client import Client
from fieldapp.domain.ports import Dossier, Overview
from fieldapp.domain.referral import Referral
from fieldapp.domain.signals import SignalObservation
from fieldapp.domain.wellbeing import WellbeingCheck
from fieldapp.storage.store import EncryptedStore, Record

PARTITION = "device:caseload-index"
KIND = "overview"
FORMAT = "4"
"""The entries' shape; an entry of another shape is rebuilt, as if its client had changed
(format 2 added placements; 3 keeps only their contract ends; 4 an employer's concern to
discuss)."""


class _Entry(BaseModel):
    model_config = ConfigDict(frozen=True)

    stamp: str
    client: Client
    visit_count: int
    last_visit_at: AwareDatetime | None = None
    signals: tuple[SignalObservation, ...] = ()
    checks: tuple[WellbeingCheck, ...] = ()
    referrals: tuple[Referral, ...] = ()
    contract_ends: tuple[date, ...] = ()
    concern_to_discuss: bool = False

    def overview(self) -> Overview:
        return Overview(
            client=self.client,
            visit_count=self.visit_count,
            last_visit_at=self.last_visit_at,
            signals=self.signals,
            checks=self.checks,
            referrals=self.referrals,
            contract_ends=self.contract_ends,
            concern_to_discuss=self.concern_to_discuss,
        )

    @classmethod
    def of(cls, overview: Overview, stamp: str) -> _Entry:
        return cls(
            stamp=stamp,
            client=overview.client,
            visit_count=overview.visit_count,
            last_visit_at=overview.last_visit_at,
            signals=tuple(overview.signals),
            checks=tuple(overview.checks),
            referrals=tuple(overview.referrals),
            contract_ends=tuple(overview.contract_ends),
            concern_to_discuss=overview.concern_to_discuss,
        )


def _formatted(stamp: str | None) -> str | None:
    """A partition's stamp as this format of the index keeps it."""
    return None if stamp is None else f"{FORMAT}:{stamp}"


class CaseloadIndex:
    def __init__(
        self,
        store: EncryptedStore,
        partition_of: Callable[[UUID], str],
        client_of: Callable[[str], UUID | None],
        dossier: Callable[[UUID], Dossier],
    ) -> None:
        self._store = store
        self._partition_of, self._client_of, self._dossier = partition_of, client_of, dossier

    def overviews(self) -> list[Overview]:
        """Every client's overview; stale entries are rebuilt and saved in one write."""
        stamps = self._store.version_stamps()
        own = self._store.directory_name(PARTITION)
        found: list[Overview] = []
        puts: list[Record] = []
        seen = {own}
        for record in self._store.records(PARTITION, KIND):
            client_id = UUID(record["id"])
            directory = self._store.directory_name(self._partition_of(client_id))
            seen.add(directory)
            stamp = _formatted(stamps.get(directory))
            if stamp is None:  # the client left this device
                puts.append({"kind": KIND, "id": record["id"], "deleted": True})
            elif record["data"]["stamp"] == stamp:
                found.append(_Entry.model_validate(record["data"]).overview())
            else:
                self._rebuild(client_id, stamp, found, puts)
        for directory in sorted(set(stamps) - seen):
            name = self._store.name_of_directory(directory)
            newcomer = self._client_of(name) if name else None
            if newcomer is not None:
                self._rebuild(newcomer, f"{FORMAT}:{stamps[directory]}", found, puts)
        if puts:
            self._store.commit(PARTITION, puts)
        return found

    def names(self) -> dict[UUID, str]:
        """Client id -> display name, from the index alone."""
        return {
            UUID(record["id"]): _Entry.model_validate(record["data"]).client.display_name
            for record in self._store.records(PARTITION, KIND)
        }

    def _rebuild(
        self, client_id: UUID, stamp: str, found: list[Overview], puts: list[Record]
    ) -> None:
        dossier = self._dossier(client_id)  # read after the stamp: never newer than the data
        if dossier.client is None:
            return
        overview = Overview.of(dossier)
        found.append(overview)
        entry = _Entry.of(overview, stamp).model_dump(mode="json")
        puts.append({"kind": KIND, "id": str(client_id), "data": entry})
