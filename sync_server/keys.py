"""The server key: where it comes from, and the purpose keys derived from it.

The server key never lives in the database: a database dump alone must reveal no client data
and must not let anyone rewrite the audit chain. A key in settings always wins; otherwise a
key file (mode 0600) in the data directory is used, created on first start.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync_server.settings import Settings

logger = logging.getLogger(__name__)

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


def _decode(text: str, source: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError as error:
        raise ServerKeyError(f"the server key in {source} is not valid base64") from error
    if len(raw) != KEY_BYTES:
        raise ServerKeyError(f"the server key in {source} must be {KEY_BYTES} bytes")
    return raw


def _create_key_file(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    write_key_file(path, key)
    logger.warning("created a new server key file at %s; back it up apart from the database", path)
    return key


def write_key_file(path: Path, key: bytes) -> None:
    """Write ``key`` to a new file at ``path`` (mode 0600, synced); never over an old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(base64.b64encode(key).decode() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def load_server_key(settings: Settings, *, create: bool = True) -> bytes:
    """The server key from settings, else from the key file (made on first start when
    ``create``). Only key handling (backup, restore) needs it raw; everything else uses the
    purpose keys of :func:`load_server_keys`."""
    if settings.server_key is not None:
        return _decode(settings.server_key.get_secret_value(), "settings")
    path = settings.key_file
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise ServerKeyError(f"the key file {path} is readable by others; chmod 600 it")
        return _decode(path.read_text(), str(path))
    if not create:
        raise ServerKeyError(f"no server key configured and no key file at {path}")
    return _create_key_file(path)


def load_server_keys(settings: Settings, *, create: bool = True) -> ServerKeys:
    """The purpose keys of the server key (see :func:`load_server_key`)."""
    return ServerKeys.derive(load_server_key(settings, create=create))
