"""The organisation's employer register as this device holds it, in the encrypted store (the
:class:`~fieldapp.domain.ports.EmployerRepository` port). One partition for the register: it
holds no client data, and a client's placement names its employer by id. Each save queues its
change for the server in the same write, like a client's records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from fieldapp.domain.employer import Employer
from fieldapp.domain.outbox import EntityKind
from fieldapp.storage.record_writer import EMPLOYERS_PARTITION, save_with_changes
from fieldapp.storage.store import EncryptedStore

KIND = EntityKind.EMPLOYER.value


class EmployerStore:
    def __init__(self, store: EncryptedStore, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock

    def employers(self) -> list[Employer]:
        return [
            Employer.model_validate(r["data"])
            for r in self._store.records(EMPLOYERS_PARTITION, KIND)
        ]

    def employer(self, employer_id: UUID) -> Employer | None:
        found = self._store.get(EMPLOYERS_PARTITION, KIND, str(employer_id))
        return None if found is None else Employer.model_validate(found["data"])

    def save(self, employer: Employer) -> None:
        save_with_changes(self._store, self._clock(), None, [employer])
