"""The server key: where it comes from, and the purpose keys derived from it.

The server key never lives in the database: a database dump alone must reveal no client data
and must not let anyone rewrite the audit chain. A key in settings always wins; otherwise the
key file (mode 0600) in the data directory is used, created on first start; it holds the key
ring (:mod:`sync_server.key_ring`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32


class ServerKeyError(Exception):
    """The configured key or key file is unusable; the message names the source, not the key."""


@dataclass(frozen=True)
class ServerKeys:
    """Purpose keys, each derived with its own HKDF label so no key serves two purposes."""

    wrap: bytes = field(repr=False)
    """Wraps the per-record data keys of sensitive fields."""
    audit: bytes = field(repr=False)
    """Keys the HMAC chain of the audit log."""
    cursor: bytes = field(repr=False)
    """Authenticates pull cursors so a device cannot forge one."""
    throttle: bytes = field(repr=False)
    """Keys the hashes of throttle counters (usernames, client addresses), so a database dump
    does not let anyone test guessed addresses against them."""
    search: bytes = field(repr=False)
    """Keys the blind index of clients (names, postcodes), so a database dump does not let
    anyone test guessed names against it."""
    key_id: str
    """A short fingerprint of the server key, stored with wrapped keys to allow rotation."""

    @classmethod
    def derive(cls, master: bytes) -> ServerKeys:
        def sub(label: str) -> bytes:
            hkdf = HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=f"veldwerk/{label}".encode())
            return hkdf.derive(master)

        return cls(
            sub("wrap/v1"),
            sub("audit/v1"),
            sub("cursor/v1"),
            sub("throttle/v1"),
            sub("search/v1"),
            sub("key-id").hex()[:16],
        )


def write_key_file(path: Path, text: str) -> None:
    """Write a key file's ``text`` to a new file at ``path`` (mode 0600, synced); never over an
    old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """Make a new or renamed file in ``directory`` survive a power cut."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
