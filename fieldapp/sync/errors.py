"""Sync errors: one family with stable codes; the UI turns a code into translated text.

``retryable`` says whether waiting and trying again can help (the network, a busy server) or
whether someone must act (a wrong URL, a certificate problem, a revoked device).
"""

from __future__ import annotations

from enum import StrEnum


class SyncErrorCode(StrEnum):
    NOT_ENROLLED = "sync.not_enrolled"
    BAD_URL = "sync.bad_url"
    NETWORK = "sync.network"
    TLS = "sync.tls"
    UNAVAILABLE = "sync.server_unavailable"
    UNAUTHORIZED = "auth.required"
    REVOKED = "device.revoked"
    REFUSED = "sync.refused"
    PROTOCOL = "sync.protocol"
    LEASE_EXPIRED = "device.lease_expired"
    CHANGE_TOO_LARGE = "change.too_large"
    """Not raised: the code a change is held with when it alone is over the server's body cap
    (413, or larger than the cap the server advertised). Kept, shown, and sent on retry."""
    ENROLL_THROTTLED = "enroll.throttled"
    BAD_PAIRING_CODE = "enroll.invalid_code"
    """The code is not in the pairing code format, or the server does not know it (wrong,
    used or expired)."""


_RETRYABLE = frozenset({SyncErrorCode.NETWORK, SyncErrorCode.UNAVAILABLE, SyncErrorCode.PROTOCOL})


class SyncError(Exception):
    """A sync step failed. The message is for logs: codes and statuses, never data."""

    def __init__(
        self,
        code: SyncErrorCode,
        message: str = "",
        *,
        server_code: str | None = None,
        status: int | None = None,
        stalled: bool = False,
    ) -> None:
        super().__init__(f"{code.value}: {message}" if message else code.value)
        self.code = code
        self.server_code = server_code
        self.status = status
        """The HTTP status of a refusal (``413``: the body was over a cap); ``None`` otherwise."""
        self.stalled = stalled
        """The server was reached but nothing moved for the sync's timeout (no answer, or the
        request not taken): the sync gave up. What was not answered goes again next time."""

    @property
    def retryable(self) -> bool:
        return self.code in _RETRYABLE
