"""What the sync indicator says: online or not, what waits, what was refused, the last
successful sync, and a sync given up for making no progress. Pure (no Flet, no network): it
reads the sync state and the outbox, and the runner's last status, and gives translated
lines."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fieldapp.domain.outbox import ChangeState, PendingChange
from fieldapp.domain.sync_state import SyncState
from fieldapp.i18n import _, format_datetime, format_number, message_for, ngettext

_ESTIMATE_AFTER_S = 2.0
"""Seconds of pulling before the time left is guessed: the first page alone says little."""


@dataclass(frozen=True)
class SyncSummary:
    enrolled: bool
    syncing: bool
    error_code: str | None
    pending: int
    rejected: int
    conflicts: int
    last_success_at: datetime | None
    stalled_after: float | None = None
    """The last try was given up after this many seconds without progress."""

    @property
    def online(self) -> bool:
        """As far as the last attempt showed: no network error, no sync given up."""
        return (
            self.enrolled
            and self.stalled_after is None
            and self.error_code not in {"sync.network", "sync.server_unavailable"}
        )

    @property
    def needs_attention(self) -> bool:
        return self.rejected > 0 or self.conflicts > 0


def summarise(
    state: SyncState,
    changes: list[PendingChange],
    *,
    syncing: bool = False,
    error_code: str | None = None,
    stalled_after: float | None = None,
) -> SyncSummary:
    return SyncSummary(
        enrolled=state.enrolled,
        syncing=syncing,
        error_code=error_code,
        pending=sum(1 for c in changes if c.state is ChangeState.PENDING),
        rejected=sum(1 for c in changes if c.state is ChangeState.REJECTED),
        conflicts=sum(1 for c in changes if c.state is ChangeState.CONFLICT),
        last_success_at=state.last_success_at,
        stalled_after=stalled_after,
    )


def connection_label(summary: SyncSummary) -> str:
    """The word next to the indicator's icon."""
    return _("Online") if summary.online else _("Offline")


def _trouble(summary: SyncSummary) -> list[str]:
    """What went wrong last time, if anything."""
    if summary.stalled_after is not None:
        seconds = round(summary.stalled_after)
        return [
            ngettext(
                "The server did not answer for %(n)d second, so the sync was stopped.",
                "The server did not answer for %(n)d seconds, so the sync was stopped.",
                seconds,
            )
            % {"n": seconds},
            _("Nothing is lost: your changes stay on this device and go with the next sync."),
        ]
    if summary.error_code is not None:
        return [message_for(summary.error_code)]
    return []


def status_lines(summary: SyncSummary, progress: Sequence[str] = ()) -> list[str]:
    """The indicator's text, most important first; ``progress`` (what a running sync has
    done so far) goes right under the word that it is syncing."""
    if not summary.enrolled:
        return [message_for("sync.not_enrolled")]
    lines = _trouble(summary)
    if summary.syncing:
        lines.append(_("Trying again…") if lines else _("Syncing…"))
        lines += progress
    lines.append(
        ngettext(
            "%(n)d change waiting to be sent", "%(n)d changes waiting to be sent", summary.pending
        )
        % {"n": summary.pending}
    )
    if summary.rejected:
        lines.append(
            ngettext(
                "%(n)d change refused by the server",
                "%(n)d changes refused by the server",
                summary.rejected,
            )
            % {"n": summary.rejected}
        )
    if summary.conflicts:
        lines.append(
            ngettext("%(n)d conflict to resolve", "%(n)d conflicts to resolve", summary.conflicts)
            % {"n": summary.conflicts}
        )
    if summary.last_success_at is None:
        lines.append(_("Never synced yet"))
    else:
        lines.append(
            _("Last successful sync: {when}").format(when=format_datetime(summary.last_success_at))
        )
    return lines


def seconds_left(done: int, total: int, elapsed_s: float) -> float | None:
    """At the pace so far, how long the rest of a pull takes; ``None`` while too early to say."""
    if done <= 0 or done >= total or elapsed_s < _ESTIMATE_AFTER_S:
        return None
    return (total - done) * elapsed_s / done


def pull_progress_lines(done: int, total: int, left_s: float | None) -> list[str]:
    """While records arrive: how many of how many, and about how long the rest takes
    (``left_s``, from :func:`seconds_left`)."""
    lines = [
        ngettext(
            "Received %(done)s of %(total)s record",
            "Received %(done)s of %(total)s records",
            total,
        )
        % {"done": format_number(min(done, total)), "total": format_number(total)}
    ]
    if left_s is None:
        return lines
    if left_s < 10:  # the pace is a guess: a count of seconds this low would pretend more
        lines.append(_("A few seconds left"))
    elif left_s < 55:
        seconds = 5 * math.ceil(left_s / 5)  # up: a promise kept rather than missed
        lines.append(
            ngettext("About %(n)d second left", "About %(n)d seconds left", seconds)
            % {"n": seconds}
        )
    else:
        minutes = max(1, round(left_s / 60))
        lines.append(
            ngettext("About %(n)d minute left", "About %(n)d minutes left", minutes)
            % {"n": minutes}
        )
    return lines
