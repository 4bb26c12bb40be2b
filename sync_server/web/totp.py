"""TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), the second factor for coordinators,
data protection officers and admins.

A code is accepted one step either side of now (clock drift), and never twice: the step of
the last accepted code is stored, and only later steps count.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
from datetime import datetime
from urllib.parse import quote

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1


def new_secret() -> bytes:
    return os.urandom(20)


def encode_secret(secret: bytes) -> str:
    """Base32, as authenticator apps take it."""
    return base64.b32encode(secret).decode().rstrip("=")


def decode_secret(encoded: str) -> bytes:
    return base64.b32decode(encoded + "=" * (-len(encoded) % 8))


def step_of(at: datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: bytes, step: int) -> str:
    digest = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def verify(secret: bytes, code: str, at: datetime, last_step: int | None) -> int | None:
    """The step the code belongs to, or None (wrong, too old, or already used)."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_of(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def provisioning_uri(secret: bytes, username: str, issuer: str = "Veldwerk") -> str:
    label = quote(f"{issuer}:{username}")
    return (
        f"otpauth://totp/{label}?secret={encode_secret(secret)}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
