"""Password hashes: Argon2id through argon2-cffi (OWASP: at least m=19 MiB, t=2, p=1).

Stored in the PHC string format, ``$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`` (16 bytes of
salt, 32 of hash). The hashes this server wrote before it used argon2-cffi are the same
strings, so they verify as they are. A hash made with other parameters still verifies and is
rehashed at the next login (:func:`needs_rehash`), so the parameters can be raised later.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256
"""Longer input is refused before hashing (no denial of service through huge passwords)."""
FAMILY = "$argon2id$v=19$"
"""Only hashes of this kind verify: a stored Argon2i or Argon2d string is no password."""

_HASHER = PasswordHasher(
    time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)


def hash_password(password: str) -> str:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValueError(f"a password has {MIN_LENGTH} to {MAX_LENGTH} characters")
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Constant-time check; ``stored`` None (no password set) never matches."""
    if stored is None or len(password) > MAX_LENGTH or not stored.startswith(FAMILY):
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with other parameters than today's."""
    try:
        return not stored.startswith(FAMILY) or _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


@functools.cache
def dummy_hash() -> str:
    """Verified against when the username is unknown, so timing does not reveal which exist."""
    return hash_password("veldwerk-timing-equaliser")
