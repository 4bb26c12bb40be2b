"""Sensitive fields at rest: each record sealed with its own data key, wrapped by the server key.

A sealed value is ``nonce || AES-256-GCM(data key, plaintext, aad)``; the data key itself is
stored wrapped (``nonce || AES-256-GCM(wrap key, data key, aad)``). The associated data binds
the table, the record id and the key id, so a sealed value copied to another row does not
open. Deleting a row's wrapped key makes its sealed values unreadable (crypto-shredding).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync_server.keys import KEY_BYTES, ServerKeys

NONCE_BYTES = 12


class SealError(Exception):
    """A sealed value or wrapped key did not authenticate (tampered, moved or wrong key)."""


@dataclass(frozen=True)
class Sealed:
    wrapped_key: bytes
    ciphertext: bytes


def _aad(table: str, record_id: str, key_id: str, part: str) -> bytes:
    return f"veldwerk-server/v1|{table}|{record_id}|{key_id}|{part}".encode()


def _encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _decrypt(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as error:
        raise SealError("a sealed value did not authenticate") from error


class SealedRow(Protocol):
    """A table row that holds one sealed document: its id, wrapped key and ciphertext."""

    @property
    def id(self) -> object: ...
    @property
    def wrapped_key(self) -> bytes: ...
    @property
    def sealed(self) -> bytes: ...


class Sealer:
    """Seals and opens JSON documents for one server key."""

    def __init__(self, keys: ServerKeys) -> None:
        self._keys = keys

    def seal(self, table: str, record_id: str, document: Any) -> Sealed:
        data_key = os.urandom(KEY_BYTES)
        key_id = self._keys.key_id
        plaintext = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
        return Sealed(
            wrapped_key=_encrypt(self._keys.wrap, data_key, _aad(table, record_id, key_id, "key")),
            ciphertext=_encrypt(data_key, plaintext, _aad(table, record_id, key_id, "data")),
        )

    def open_row(self, table: str, row: SealedRow) -> Any:
        """The document sealed in ``row`` of ``table``."""
        return self.open(table, str(row.id), Sealed(row.wrapped_key, row.sealed))

    def open(self, table: str, record_id: str, sealed: Sealed) -> Any:
        key_id = self._keys.key_id
        data_key = _decrypt(
            self._keys.wrap, sealed.wrapped_key, _aad(table, record_id, key_id, "key")
        )
        plaintext = _decrypt(data_key, sealed.ciphertext, _aad(table, record_id, key_id, "data"))
        return json.loads(plaintext)
