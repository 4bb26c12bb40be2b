"""The server's key ring wrapped with a passphrase (key escrow), so that a backup can travel and
be stored apart from the database without opening anything by itself.

The wrapping key comes from the passphrase through Argon2id (64 MiB, 3 passes, 4 lanes, a
random salt); the key ring's text is sealed under it with AES-256-GCM, the active key's id as
associated data (a file from before key rotation holds the one raw key instead). The file is
JSON: the format, the derivation's parameters and salt, the key id, the
nonce and the sealed key. Without the passphrase it tells nothing but the key id.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync_server import key_ring
from sync_server.key_ring import KeyRing
from sync_server.keys import KEY_BYTES, ServerKeyError

FORMAT = "veldwerk-key-escrow/1"
MIN_PASSPHRASE = 12
NONCE_BYTES = 12
SALT_BYTES = 16


class EscrowError(Exception):
    """The escrow file or its passphrase is unusable; the message says which, never a key."""


@dataclass(frozen=True)
class Cost:
    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4


def _wrapping_key(passphrase: str, salt: bytes, cost: Cost) -> bytes:
    return hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=cost.iterations,
        memory_cost=cost.memory_kib,
        parallelism=cost.lanes,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise EscrowError(f"the passphrase needs at least {MIN_PASSPHRASE} characters")


def wrap(ring: KeyRing, passphrase: str, cost: Cost = Cost()) -> str:
    """The escrow file's text for ``ring``; the passphrase needs 12 characters."""
    check_passphrase(passphrase)
    key_id = ring.active.key_id
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    sealed = AESGCM(_wrapping_key(passphrase, salt, cost)).encrypt(
        nonce, ring.text().encode(), f"{FORMAT}|{key_id}".encode()
    )
    document = {
        "format": FORMAT,
        "kdf": {
            "name": "argon2id",
            "memory_kib": cost.memory_kib,
            "iterations": cost.iterations,
            "lanes": cost.lanes,
            "salt": _text(salt),
        },
        "key_id": key_id,
        "nonce": _text(nonce),
        "sealed_key": _text(sealed),
    }
    return json.dumps(document, indent=2) + "\n"


def key_id_of(text: str) -> str:
    """The key id the escrow file names (no passphrase needed)."""
    return str(_parsed(text)["key_id"])


def unwrap(text: str, passphrase: str) -> KeyRing:
    """The key ring in an escrow file."""
    document = _parsed(text)
    kdf = document["kdf"]
    try:
        cost = Cost(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"]))
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(document["nonce"], validate=True)
        sealed = base64.b64decode(document["sealed_key"], validate=True)
    except (KeyError, TypeError, ValueError) as error:
        raise EscrowError("the key escrow file is damaged") from error
    aad = f"{FORMAT}|{document['key_id']}".encode()
    try:
        opened = AESGCM(_wrapping_key(passphrase, salt, cost)).decrypt(nonce, sealed, aad)
    except (InvalidTag, ValueError) as error:
        raise EscrowError("the passphrase does not open this key escrow file") from error
    try:
        ring = (
            KeyRing.of(opened)
            if len(opened) == KEY_BYTES
            else key_ring.parse(opened.decode(), "the key escrow file")
        )
    except (ServerKeyError, UnicodeDecodeError) as error:
        raise EscrowError("the key escrow file is damaged") from error
    if ring.active.key_id != document["key_id"]:
        raise EscrowError("the key escrow file is damaged")
    return ring


def _parsed(text: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise EscrowError("not a Veldwerk key escrow file") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise EscrowError("not a Veldwerk key escrow file")
    if not isinstance(document.get("kdf"), dict) or not isinstance(document.get("key_id"), str):
        raise EscrowError("the key escrow file is damaged")
    return document
