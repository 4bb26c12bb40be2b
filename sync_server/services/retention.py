"""Purge by retention policy: each data category goes when its period (settings) is over."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, select

from fieldapp.domain.referral import TERMINAL
from sync_server import audit
from sync_server.audit import Actor, Event
from sync_server.db.schema import IdempotencyRow, PairingCode, RecordRow, ReferralRow
from sync_server.services.context import ServerContext


@dataclass(frozen=True)
class PurgeReport:
    removed: dict[str, int] = field(default_factory=dict)


def purge(ctx: ServerContext, actor: Actor, *, dry_run: bool = False) -> PurgeReport:
    now, policy = ctx.clock(), ctx.settings.retention
    visits_before = now - timedelta(days=policy.visits_days)
    referrals_before = now - timedelta(days=policy.closed_referrals_days)
    removed: dict[str, int] = {}
    with ctx.db.write() as session:
        old_records = select(RecordRow.id).where(RecordRow.occurred_at < visits_before)
        removed["records"] = len(session.execute(old_records).all())
        closed = [s.value for s in TERMINAL]
        old_payloads = select(ReferralRow).where(
            ReferralRow.status.in_(closed),
            ReferralRow.updated_at < referrals_before,
            ReferralRow.sealed_payload.is_not(None),
        )
        payload_rows = list(session.execute(old_payloads).scalars())
        removed["referral_payloads"] = len(payload_rows)
        idempotency_before = now - timedelta(days=policy.idempotency_days)
        old_keys = select(IdempotencyRow.change_id).where(
            IdempotencyRow.created_at < idempotency_before
        )
        removed["idempotency_keys"] = len(session.execute(old_keys).all())
        codes_before = now - timedelta(days=policy.pairing_codes_days)
        old_codes = select(PairingCode.id).where(PairingCode.expires_at < codes_before)
        removed["pairing_codes"] = len(session.execute(old_codes).all())
        if dry_run:
            return PurgeReport(removed)  # nothing was written
        session.execute(delete(RecordRow).where(RecordRow.occurred_at < visits_before))
        for row in payload_rows:
            row.wrapped_key = row.sealed_payload = None
        session.execute(
            delete(IdempotencyRow).where(IdempotencyRow.created_at < idempotency_before)
        )
        session.execute(delete(PairingCode).where(PairingCode.expires_at < codes_before))
        removed["audit_entries"] = audit.drop_before(
            session, ctx.audit_key, now - timedelta(days=policy.audit_days)
        )
        events = [
            Event("purge", "retention", category, f"{count} removed")
            for category, count in sorted(removed.items())
        ]
        ctx.audit(session, actor, *events, at=now)
    return PurgeReport(removed)
