"""An employer's concern about a worker placed with them (issue 22, item 5): what the employer
saw at work, for the jobcoach to discuss with the client.

Employers notice money trouble in behaviour before anyone else: more often absent, stressed,
less focused, many calls at work, and at the extreme a wage garnishment notice. A concern is
information, never a referral: employers are not signal partners under the Wgs, and consent
given through an employer is not free. It exists only where the client agreed that this
employer may pass concerns to the jobcoach (:attr:`Purpose.EMPLOYER_CONTACT`), and nothing
goes back to the employer beyond "received". The server makes it; the jobcoach's device
receives it with the client's records.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.errors import ErrorCode

MAX_TEXT = 1000
EMPLOYER_RECIPIENT = "employer:"
"""The prefix of an employer's recipient id in a consent: ``employer:<employer id>``."""


def employer_recipient(employer_id: UUID) -> str:
    return f"{EMPLOYER_RECIPIENT}{employer_id}"


class ConcernSign(StrEnum):
    """What an employer can see at work."""

    ABSENCE = "absence"
    STRESS = "stress"
    CONCENTRATION = "concentration"
    CALLS_AT_WORK = "calls_at_work"
    WAGE_GARNISHMENT = "wage_garnishment"
    """A garnishment notice (loonbeslag) reached the employer."""


class EmployerConcern(DomainModel):
    id: UUID
    client_id: UUID
    employer_id: UUID
    signs: tuple[ConcernSign, ...] = ()
    text: str = Field(default="", max_length=MAX_TEXT)
    reported_at: AwareDatetime
    version: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _says_something(self) -> EmployerConcern:
        if not (self.signs or self.text.strip()):
            raise PydanticCustomError(
                ErrorCode.CONCERN_EMPTY.value, "a concern names a sign or says something"
            )
        return self
