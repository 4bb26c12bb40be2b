"""The services' error family: a stable code, mapped to an HTTP status at the edge.

Messages never carry client data or ids of records the caller may not see.
"""

from __future__ import annotations

from enum import StrEnum

from sync_server.problems import ProblemCode


class Kind(StrEnum):
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    INVALID = "invalid"
    THROTTLED = "throttled"


class ServiceError(Exception):
    def __init__(self, kind: Kind, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.kind = kind
        self.code = code
        self.detail = detail


class ThrottledError(ServiceError):
    """Too many failures: refused without looking at the request until the lock ends."""

    def __init__(self, code: str, detail: str, retry_after_s: int) -> None:
        super().__init__(Kind.THROTTLED, code, detail)
        self.retry_after_s = retry_after_s


def not_found() -> ServiceError:
    """The same answer for "does not exist" and "not yours": existence is not revealed."""
    return ServiceError(Kind.NOT_FOUND, ProblemCode.NOT_FOUND, "Not found.")


def unauthenticated() -> ServiceError:
    return ServiceError(Kind.UNAUTHENTICATED, ProblemCode.AUTH_REQUIRED, "Authentication required.")
