"""The push's unit of work: one batch of changes being applied in one transaction.

:class:`Scope` carries the server, the transaction, the caller and the time, the feed positions
reserved for the batch, what the batch touches (loaded in one query each) and what it has
written and noted for the audit log so far. :mod:`sync_server.services.push` drives it;
:mod:`sync_server.services.records` and the referral intake
(:mod:`sync_server.services.referrals`) write through it. A change that is not applied raises
:class:`ChangeRefusedError` before it writes anything.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from fieldapp.wire import ChangeResult, Outcome
from sync_server.audit import Event, record_at_commit
from sync_server.db.schema import Base, ClientRow, IdempotencyRow, RecordRow, table_of
from sync_server.services.context import Principal, ServerContext

CLIENTS = "clients"
"""The sealing namespace of clients (:class:`sync_server.sealing.Sealer`)."""
RECORDS = "records"
"""The sealing namespace of visits, goals, checks, signals and consents."""
EMPLOYERS = "employers"
"""The sealing namespace of the employer register."""


_INSERT_RECORDS = insert(table_of(RecordRow))
_INSERT_KEYS = insert(table_of(IdempotencyRow))
"""Every push runs them: built once."""


@dataclass
class Scope:
    """One push being applied: the server, its transaction, the caller and the time, plus
    what the batch touches, loaded in one query each and kept current as changes apply (so
    the common case, a batch of new visits, costs no query per change)."""

    ctx: ServerContext
    session: Session
    principal: Principal
    now: datetime
    seqs: Iterator[int]
    clients: dict[uuid.UUID, ClientRow] = field(default_factory=dict)
    records: dict[uuid.UUID, RecordRow] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    new_records: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    """Records this batch creates, inserted together by :meth:`write_new` (no ORM objects:
    building those was a third of the time of a batch of new visits)."""
    new_keys: list[dict[str, Any]] = field(default_factory=list)
    new_facts: list[tuple[type[Base], dict[str, Any]]] = field(default_factory=list)
    """What the outcome report counts of the placements and ladder steps written so far
    (:mod:`sync_server.services.outcome_facts`), after their records."""
    written: set[uuid.UUID] = field(default_factory=set)

    def next_seq(self) -> int:
        """The next of the feed positions reserved for this batch."""
        return next(self.seqs)

    def audit(self, action: str, object_type: str, object_id: str) -> None:
        """Note an audit entry; the batch's entries join the chain by :meth:`write_audit`."""
        self.events.append(Event(action, object_type, object_id))

    def write_audit(self) -> None:
        """Append the noted entries, as the device's, just before the transaction commits
        (once for every batch of a grouped commit)."""
        keys = self.ctx.audit_key
        record_at_commit(self.session, keys, self.principal.actor, self.events, self.now)

    def write_new(self) -> None:
        """Insert what the batch created so far; before any query that must see it."""
        if self.new_records:
            self.session.execute(_INSERT_RECORDS, list(self.new_records.values()))
            self.written.update(self.new_records)
            self.new_records.clear()
        if self.new_keys:
            self.session.execute(_INSERT_KEYS, self.new_keys)
            self.new_keys = []
        if self.new_facts:
            replace_rows(self.session, self.new_facts)
            self.new_facts = []

    def existing_record(self, record_id: uuid.UUID) -> RecordRow | None:
        if record_id in self.written:  # inserted earlier in this batch
            self.written.discard(record_id)
            found = self.session.get(RecordRow, record_id)
            if found is not None:
                self.records[record_id] = found
        return self.records.get(record_id)


def replace_rows(session: Session, rows: list[tuple[type[Base], dict[str, Any]]]) -> None:
    """Write ``rows`` (model, values with an ``id``), replacing rows with the same ids."""
    for model in dict.fromkeys(model for model, _ in rows):
        values = [row for kind, row in rows if kind is model]
        table = table_of(model)
        session.execute(delete(table).where(table.c.id.in_([row["id"] for row in values])))
        session.execute(insert(table), values)


class ChangeRefusedError(Exception):
    """A change that is not applied. Raised before the change writes anything."""

    def __init__(
        self,
        outcome: Outcome,
        code: str,
        *,
        server_version: int | None = None,
        fields: list[str] | None = None,
    ) -> None:
        super().__init__(code)
        self.outcome, self.code = outcome, code
        self.server_version, self.fields = server_version, fields or []

    def result(self, change_id: Any) -> ChangeResult:
        return ChangeResult(
            change_id=change_id,
            outcome=self.outcome,
            code=self.code,
            server_version=self.server_version,
            fields=self.fields,
        )
