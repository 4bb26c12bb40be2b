"""Web sessions in the database: the cookie holds a random token, the table only its SHA-256.

A session is at stage ``password`` while a second factor is due, then ``full``. It ends after
``session_idle_minutes`` without use or ``session_absolute_hours`` after its login, whichever
comes first; its idle clock is written at most once a minute.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from sync_server.db.schema import WebSession
from sync_server.settings import Web

STAGE_PASSWORD, STAGE_FULL = "password", "full"
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def open_session(
    session: Session,
    user_id: uuid.UUID,
    stage: str,
    *,
    lang: str,
    created_at: datetime,
    now: datetime,
) -> str:
    """A new session row; returns its token (only the hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_hash(token),
            user_id=user_id,
            stage=stage,
            csrf_token=secrets.token_urlsafe(32),
            lang=lang,
            created_at=created_at,
            last_seen_at=now,
        )
    )
    return token


def find(session: Session, token: str) -> WebSession | None:
    """The session of ``token``, expired or not."""
    return session.get(WebSession, _hash(token)) if token else None


def live(session: Session, token: str, now: datetime, web: Web) -> WebSession | None:
    """The session of ``token`` if it has not expired; an expired one is deleted."""
    row = find(session, token)
    if row is None:
        return None
    idle = now - row.last_seen_at > timedelta(minutes=web.session_idle_minutes)
    old = now - row.created_at > timedelta(hours=web.session_absolute_hours)
    if idle or old:
        session.delete(row)
        return None
    return row


def touch(row: WebSession, now: datetime) -> None:
    """Restart the idle clock (to the minute: a page view does not always write)."""
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now


def end_all(session: Session, user_id: uuid.UUID) -> None:
    """End every session of a user (a new password)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))
