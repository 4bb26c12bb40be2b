"""The employer register as the jobcoach keeps it on the device, offline: employers in name
order, each edit one version on, and a placement's employer and site checked against it."""

from __future__ import annotations

from uuid import UUID

from fieldapp.domain.employer import Employer, EmployerKind
from fieldapp.domain.errors import DomainError, ErrorCode
from fieldapp.domain.placement import Placement
from fieldapp.domain.ports import EmployerRepository


class EmployerRegister:
    def __init__(self, repository: EmployerRepository) -> None:
        self._repository = repository

    def employers(self, kind: EmployerKind | None = None) -> list[Employer]:
        found = self._repository.employers()
        if kind is not None:
            found = [employer for employer in found if employer.kind is kind]
        return sorted(found, key=lambda employer: (employer.name.casefold(), str(employer.id)))

    def employer(self, employer_id: UUID) -> Employer:
        found = self._repository.employer(employer_id)
        if found is None:
            raise DomainError(ErrorCode.NOT_FOUND, id=str(employer_id))
        return found

    def save(self, employer: Employer) -> Employer:
        """Saved as version 1 when new, else one version on from the one held (what the
        form started from does not matter: the register numbers the edits)."""
        held = self._repository.employer(employer.id)
        numbered = employer.model_copy(update={"version": 1 if held is None else held.version + 1})
        self._repository.save(numbered)
        return numbered

    def check_place(self, placement: Placement) -> Employer:
        """The placement's employer, known, and its site one of the employer's."""
        employer = self.employer(placement.employer_id)
        if placement.site_id is not None and employer.site(placement.site_id) is None:
            raise DomainError(ErrorCode.PLACEMENT_UNKNOWN_SITE, field="site_id")
        return employer
