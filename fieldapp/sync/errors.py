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


_RETRYABLE = frozenset({SyncErrorCode.NETWORK, SyncErrorCode.UNAVAILABLE, SyncErrorCode.PROTOCOL})


class SyncError(Exception):
    """A sync step failed. The message is for logs: codes and statuses, never data."""

    def __init__(
        self, code: SyncErrorCode, message: str = "", *, server_code: str | None = None
    ) -> None:
        super().__init__(f"{code.value}: {message}" if message else code.value)
        self.code = code
        self.server_code = server_code

    @property
    def retryable(self) -> bool:
        return self.code in _RETRYABLE
