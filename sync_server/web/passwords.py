"""Password hashing with Argon2id (OWASP: at least m=19 MiB, t=2, p=1).

Stored in the PHC string format, ``$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>``, so the
parameters can be raised later: a hash made with weaker ones is rehashed at the next login.
"""

from __future__ import annotations

import base64
import functools
import hmac
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

MIN_LENGTH = 12
MAX_LENGTH = 256
"""Longer input is refused before hashing (no denial of service through huge passwords)."""


@dataclass(frozen=True)
class Params:
    memory_kib: int = 19 * 1024
    iterations: int = 2
    lanes: int = 1


POLICY = Params()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, params: Params) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(password.encode())


def hash_password(password: str, params: Params = POLICY) -> str:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValueError(f"a password has {MIN_LENGTH} to {MAX_LENGTH} characters")
    salt = os.urandom(16)
    digest = _derive(password, salt, params)
    settings = f"m={params.memory_kib},t={params.iterations},p={params.lanes}"
    return f"$argon2id$v=19${settings}${_b64(salt)}${_b64(digest)}"


def _parse(stored: str) -> tuple[Params, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[1] != "argon2id" or parts[2] != "v=19":
        return None
    try:
        values = dict(item.split("=", 1) for item in parts[3].split(","))
        params = Params(int(values["m"]), int(values["t"]), int(values["p"]))
        return params, _unb64(parts[4]), _unb64(parts[5])
    except (KeyError, ValueError):
        return None


def verify_password(stored: str | None, password: str) -> bool:
    """Constant-time check; ``stored`` None (no password set) never matches."""
    if stored is None or len(password) > MAX_LENGTH:
        return False
    parsed = _parse(stored)
    if parsed is None:
        return False
    params, salt, expected = parsed
    return hmac.compare_digest(_derive(password, salt, params), expected)


def needs_rehash(stored: str, params: Params = POLICY) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[0] != params


@functools.cache
def dummy_hash() -> str:
    """Verified against when the username is unknown, so timing does not reveal which exist."""
    return hash_password("veldwerk-timing-equaliser")
