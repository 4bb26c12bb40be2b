"""The sync screen's list: every change not yet acknowledged, with its state and, for a refused
one, the server's reason in words. Pure (no Flet)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from fieldapp.domain.outbox import ChangeState, EntityKind, PendingChange
from fieldapp.i18n import N_, _, format_datetime, message_for

KINDS = {
    EntityKind.CLIENT: N_("Client details"),
    EntityKind.VISIT: N_("Visit"),
    EntityKind.GOAL: N_("Goal"),
    EntityKind.WELLBEING_CHECK: N_("Wellbeing check"),
    EntityKind.SIGNAL: N_("Signal"),
    EntityKind.CONSENT: N_("Consent"),
    EntityKind.REFERRAL: N_("Referral"),
    EntityKind.PLACEMENT: N_("Placement"),
    EntityKind.LADDER_STEP: N_("Participation ladder"),
    EntityKind.RATING: N_("Rating of the support"),
    EntityKind.EMPLOYER: N_("Employer"),
    EntityKind.OUTREACH_EVENT: N_("Flying Squad event"),
    EntityKind.VISIT_REQUEST: N_("Request for a visit"),
    EntityKind.CONCERN: N_("Concern from the employer"),
}
"""Every kind the outbox can hold (a test checks the table names each one)."""
STATES = {
    ChangeState.PENDING: N_("Waiting to be sent"),
    ChangeState.SENT: N_("Sent"),
    ChangeState.REJECTED: N_("Refused by the server"),
    ChangeState.CONFLICT: N_("Conflict: changed elsewhere too"),
}


@dataclass(frozen=True)
class RecordLine:
    change_id: UUID
    title: str
    state: ChangeState
    state_label: str
    reason: str
    saved: str

    @property
    def retryable(self) -> bool:
        return self.state is ChangeState.REJECTED

    @property
    def resolvable(self) -> bool:
        return self.state is ChangeState.CONFLICT


def record_lines(changes: list[PendingChange]) -> list[RecordLine]:
    """Refused and conflicting changes first (they need the user), then waiting ones."""
    order = {ChangeState.CONFLICT: 0, ChangeState.REJECTED: 1, ChangeState.PENDING: 2}
    ranked = sorted(changes, key=lambda c: (order.get(c.state, 3), c.created_at))
    return [
        RecordLine(
            change_id=change.change_id,
            title=_(KINDS[change.entity]),
            state=change.state,
            state_label=_(STATES[change.state]),
            reason=message_for(change.code) if change.code else "",
            saved=_("Saved {when}").format(when=format_datetime(change.created_at)),
        )
        for change in ranked
    ]
