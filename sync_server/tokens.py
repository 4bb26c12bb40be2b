"""Device tokens, pairing codes and one-time web links: random, shown once, stored only as
hashes.

All are high-entropy random values (a token 256 bits, a pairing code 60 bits and single use
for ten minutes), so a plain SHA-256 is the right hash: nothing to brute-force, and lookups by
hash stay an index scan.
"""

from __future__ import annotations

import hashlib
import re
import secrets

PAIRING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: codes are read aloud and typed on phones."""
TOKEN_PREFIX = "vw1_"  # noqa: S105 - a format marker, not a secret


TOKEN_PATTERN = re.compile(r"^vw1_[A-Za-z0-9_-]{43}$")


def looks_like_token(text: str) -> bool:
    """Only the shape: refuses garbage before anything else happens (body parsing included)."""
    return TOKEN_PATTERN.match(text) is not None


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_link_token() -> str:
    """A one-time web link's secret part (an employer's rating link, an invitation)."""
    return secrets.token_urlsafe(32)


def new_pairing_code() -> str:
    chars = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()
