"""The largest legal push: visits with every text field at its maximum length, in Arabic.

Arabic is the worst case for size: two bytes per character in UTF-8 (as the app sends JSON),
six as a ``\\uXXXX`` escape (as a client that escapes non-ASCII would). A visit's text fields
are ``notes_internal`` (8000), ``notes_for_funder`` (4000) and a name per participant (120);
the app records one participant per role. Goal entries carry no text.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from fieldapp.domain.visit import Participant, ParticipantRole, Visit
from fieldapp.wire import MAX_BATCH, Change, PushRequest
from tests.factories import build_visit

_WORDS = "ملاحظات،الزيارة،عن،العمل،والدخل،والسكن،مع،العميل،"
"""Arabic words joined by the Arabic comma: no ASCII at all, so every character costs the
most (a space would cost one byte)."""


def arabic(length: int) -> str:
    """Arabic text of exactly ``length`` characters."""
    return (_WORDS * (length // len(_WORDS) + 1))[:length]


def largest_visit(client_id: uuid.UUID, started_at: datetime) -> Visit:
    participants = tuple(Participant(role=role, name=arabic(120)) for role in ParticipantRole)
    return build_visit(
        client_id=client_id,
        started_at=started_at,
        duration_minutes=12 * 60,
        participants=participants,
        notes_internal=arabic(8000),
        notes_for_funder=arabic(4000),
    )


def largest_visits(client_id: uuid.UUID, started_at: datetime) -> list[Visit]:
    return [
        largest_visit(client_id, started_at - timedelta(minutes=index))
        for index in range(MAX_BATCH)
    ]


def push_sizes(changes: list[Change]) -> tuple[int, int]:
    """The push body in bytes as the app sends it (UTF-8) and fully ``\\u``-escaped."""
    body = PushRequest(changes=changes).model_dump_json()
    escaped = json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=True)
    return len(body.encode()), len(escaped.encode())
