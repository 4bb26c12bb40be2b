"""The organisation's employer register as this device holds it, in the encrypted store (the
:class:`~fieldapp.domain.ports.EmployerRepository` port). One partition for the register: it
holds no client data, and a client's placement names its employer by id."""

from __future__ import annotations

from uuid import UUID

from fieldapp.domain.employer import Employer
from fieldapp.storage.store import EncryptedStore

PARTITION = "org:employers"
KIND = "employer"


class EmployerStore:
    def __init__(self, store: EncryptedStore) -> None:
        self._store = store

    def employers(self) -> list[Employer]:
        return [Employer.model_validate(r["data"]) for r in self._store.records(PARTITION, KIND)]

    def employer(self, employer_id: UUID) -> Employer | None:
        found = self._store.get(PARTITION, KIND, str(employer_id))
        return None if found is None else Employer.model_validate(found["data"])

    def save(self, employer: Employer) -> None:
        record = {"kind": KIND, "id": str(employer.id), "data": employer.model_dump(mode="json")}
        self._store.commit(PARTITION, [record])
