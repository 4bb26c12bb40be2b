"""Sensitive fields at rest: each record sealed with its own data key, wrapped by the server key.

A sealed value is ``nonce || AES-256-GCM(data key, plaintext, aad)``; the data key itself is
stored wrapped: ``2 || wrap key id || seal key id || nonce || AES-256-GCM(wrap key, data key,
aad)``. The associated data binds the table, the record id and a key id (the wrapping key's for
the data key, the sealing key's for the value), so a sealed value copied to another row does
not open. Deleting a row's wrapped key makes its sealed values unreadable (crypto-shredding).

The two key ids let a rotation re-wrap the data key under a new server key without touching the
sealed value (:meth:`Sealer.rewrap`). A wrapped key of 60 bytes, from before key ids were
stored, is the ring's first key's on both counts.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sync_server.key_ring import KeySource
from sync_server.keys import KEY_BYTES, ServerKeys

NONCE_BYTES = 12
TAG_BYTES = 16
VERSION = 2
ID_BYTES = 8
LEGACY_WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES


class SealError(Exception):
    """A sealed value or wrapped key did not authenticate (tampered, moved or wrong key)."""


@dataclass(frozen=True)
class Sealed:
    wrapped_key: bytes
    ciphertext: bytes

    def packed(self) -> bytes:
        """Both parts in one column: the wrapped key's length (2 bytes) first."""
        return len(self.wrapped_key).to_bytes(2, "big") + self.wrapped_key + self.ciphertext

    @classmethod
    def unpacked(cls, packed: bytes) -> Sealed:
        size = int.from_bytes(packed[:2], "big")
        return cls(packed[2 : 2 + size], packed[2 + size :])


@dataclass(frozen=True)
class KeyIds:
    wrap: str
    """The server key the data key is wrapped under."""
    seal: str
    """The server key in force when the value was sealed (its associated data names it)."""


def key_ids(wrapped_key: bytes, first: ServerKeys) -> KeyIds:
    """Which keys ``wrapped_key`` names (``first``: the ring's first key, for old rows)."""
    if len(wrapped_key) == LEGACY_WRAPPED_BYTES:
        return KeyIds(first.key_id, first.key_id)
    if len(wrapped_key) != 1 + 2 * ID_BYTES + LEGACY_WRAPPED_BYTES or wrapped_key[0] != VERSION:
        raise SealError("a wrapped key is of no known form")
    return KeyIds(wrapped_key[1 : 1 + ID_BYTES].hex(), wrapped_key[1 + ID_BYTES : 17].hex())


def _wrapped(ids: KeyIds, wrapped: bytes) -> bytes:
    return bytes([VERSION]) + bytes.fromhex(ids.wrap) + bytes.fromhex(ids.seal) + wrapped


def _bare(wrapped_key: bytes) -> bytes:
    return wrapped_key[-LEGACY_WRAPPED_BYTES:]


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
    """Seals and opens JSON documents with the server's key ring."""

    def __init__(self, keys: KeySource) -> None:
        self._keys = keys

    def seal(self, table: str, record_id: str, document: Any) -> Sealed:
        data_key = os.urandom(KEY_BYTES)
        newest = self._keys.ring().newest
        ids = KeyIds(newest.key_id, newest.key_id)
        plaintext = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
        return Sealed(
            wrapped_key=_wrapped(
                ids, _encrypt(newest.wrap, data_key, _aad(table, record_id, ids.wrap, "key"))
            ),
            ciphertext=_encrypt(data_key, plaintext, _aad(table, record_id, ids.seal, "data")),
        )

    def open_row(self, table: str, row: SealedRow) -> Any:
        """The document sealed in ``row`` of ``table``."""
        return self.open(table, str(row.id), Sealed(row.wrapped_key, row.sealed))

    def open(self, table: str, record_id: str, sealed: Sealed) -> Any:
        ids, data_key = self._data_key(table, record_id, sealed.wrapped_key)
        plaintext = _decrypt(data_key, sealed.ciphertext, _aad(table, record_id, ids.seal, "data"))
        return json.loads(plaintext)

    def _data_key(self, table: str, record_id: str, wrapped_key: bytes) -> tuple[KeyIds, bytes]:
        ids = key_ids(wrapped_key, self._keys.ring().first)
        ring = self._keys.holding(ids.wrap)
        wrapper = ring.find(ids.wrap)
        if wrapper is None:
            raise SealError("a wrapped key names a server key this server does not hold")
        if ring.members.index(wrapper) < ring.active_index:
            # Once a rotation is done nothing is wrapped under an older key: a row that is
            # was written by whoever still holds that key, not by this server.
            raise SealError("a wrapped key names a server key that was rotated out")
        aad = _aad(table, record_id, ids.wrap, "key")
        return ids, _decrypt(wrapper.wrap, _bare(wrapped_key), aad)

    def rewrap(self, table: str, record_id: str, wrapped_key: bytes) -> bytes | None:
        """``wrapped_key`` wrapped under the ring's newest key instead, its sealed value
        untouched; None when it is under the newest key already."""
        newest = self._keys.ring().newest
        if key_ids(wrapped_key, self._keys.ring().first).wrap == newest.key_id:
            return None
        ids, data_key = self._data_key(table, record_id, wrapped_key)
        moved = KeyIds(newest.key_id, ids.seal)
        aad = _aad(table, record_id, moved.wrap, "key")
        return _wrapped(moved, _encrypt(newest.wrap, data_key, aad))
