"""The services' error family: a stable code, mapped to an HTTP status at the edge.

Messages never carry client data or ids of records the caller may not see.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    INVALID = "invalid"


class ServiceError(Exception):
    def __init__(self, kind: Kind, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.kind = kind
        self.code = code
        self.detail = detail


def not_found() -> ServiceError:
    """The same answer for "does not exist" and "not yours": existence is not revealed."""
    return ServiceError(Kind.NOT_FOUND, "not_found", "Not found.")


def unauthenticated() -> ServiceError:
    return ServiceError(Kind.UNAUTHENTICATED, "auth.required", "Authentication required.")
