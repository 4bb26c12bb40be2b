"""What the device knows about its sync: enrollment, cursor, last contact, the lease.

"Last successful sync" means a sync that pushed every sendable change and pulled to the end,
with every page durably applied; "last contact" is the last authenticated answer from the
server. The lease: a device that has not reached the server for ``lease`` (default 14 days)
keeps its data but must check in online before it unlocks again. A clock set back beyond the
last contact counts as expired too, so turning back the date does not extend the lease.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from pydantic import Field, SecretStr

from fieldapp.domain.base import AwareDatetime, DomainModel
from fieldapp.domain.client import Address
from fieldapp.domain.routing import Route, best_route
from fieldapp.domain.targets import Target

DEFAULT_LEASE = timedelta(days=14)
CLOCK_SLACK = timedelta(minutes=10)
"""How far the device clock may lie behind the last contact before it counts as set back."""


class Enrollment(DomainModel):
    server_url: str = Field(max_length=300)
    device_id: UUID
    token: SecretStr
    """Shown once by the server; kept only in the encrypted store, never logged."""
    user_id: UUID
    organisation_id: UUID
    role: str = Field(max_length=40)
    enrolled_at: AwareDatetime


class Recipient(DomainModel):
    """A receiving team the client can consent to (from the server's routing directory)."""

    recipient_id: str = Field(max_length=120)
    target: Target
    name: str = Field(max_length=200)


class SyncState(DomainModel):
    enrollment: Enrollment | None = None
    cursor: str | None = None
    last_success_at: AwareDatetime | None = None
    last_contact_at: AwareDatetime | None = None
    directory: tuple[Recipient, ...] = ()
    routes: tuple[Route, ...] = ()
    """The routing table: which team in ``directory`` serves which addresses."""

    def recipient_for(self, target: Target, address: Address | None) -> Recipient | None:
        """The team that will receive a referral to ``target`` for a client at ``address``."""
        if address is None:
            return None
        row = best_route(self.routes, target, address.postcode, address.house_number)
        if row is None:
            return None
        return next((r for r in self.directory if r.recipient_id == row.recipient_id), None)

    @property
    def enrolled(self) -> bool:
        return self.enrollment is not None

    def lease_expired(self, now: datetime, lease: timedelta = DEFAULT_LEASE) -> bool:
        """Whether an enrolled device must check in online before it unlocks."""
        if self.enrollment is None:
            return False  # never enrolled: the app works fully offline
        contact = self.last_contact_at or self.enrollment.enrolled_at
        return now - contact > lease or now < contact - CLOCK_SLACK
