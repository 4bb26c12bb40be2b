"""TOTP codes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) through pyotp: the second
factor for coordinators, data protection officers and admins.

pyotp computes the codes. What it leaves to its caller is kept here: a code is accepted one
step either side of now (clock drift), and never twice. The step of the last accepted code is
stored, and only later steps count. (pyotp's own ``verify`` answers yes or no, not which step
matched, so it cannot keep that guard.)
"""

from __future__ import annotations

import base64
import os
from datetime import datetime
from urllib.parse import quote

import pyotp
from pyotp.utils import strings_equal

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
SECRET_BYTES = 20


def new_secret() -> bytes:
    return os.urandom(SECRET_BYTES)


def encode_secret(secret: bytes) -> str:
    """Base32, as authenticator apps take it."""
    return base64.b32encode(secret).decode().rstrip("=")


def decode_secret(encoded: str) -> bytes:
    return base64.b32decode(encoded + "=" * (-len(encoded) % 8))


def _generator(secret: bytes) -> pyotp.TOTP:
    return pyotp.TOTP(encode_secret(secret), digits=DIGITS, interval=STEP_SECONDS)


def step_of(at: datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: bytes, step: int) -> str:
    return _generator(secret).generate_otp(step)


def verify(secret: bytes, code: str, at: datetime, last_step: int | None) -> int | None:
    """The step the code belongs to, or None (wrong, too old, or already used)."""
    code = code.strip().replace(" ", "")
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    generator, now = _generator(secret), step_of(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if strings_equal(generator.generate_otp(step), code):
            return step
    return None


def provisioning_uri(secret: bytes, username: str, issuer: str = "Veldwerk") -> str:
    """The otpauth URI for an authenticator app, with algorithm, digits and period spelled
    out (the text ``totp-setup`` has always printed; pyotp's leaves the defaults out)."""
    label = quote(f"{issuer}:{username}")
    return (
        f"otpauth://totp/{label}?secret={encode_secret(secret)}&issuer={quote(issuer)}"
        f"&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    )
