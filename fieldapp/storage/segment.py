"""One segment file: a TinyDB database sealed with AES-256-GCM, replaced atomically.

File layout::

    b"VWS1" | header length (4 bytes, big endian) | header (canonical JSON) | nonce | ct+tag

The header is plaintext but authenticated (it is the associated data): format, store id, key
id, segment identity (partition directory and number), generation, and the number of pending
outbox entries (so the outbox can be found by reading headers only). It holds no client data.
A segment copied over another, an old generation put back under another name, or any flipped
byte fails verification and raises :class:`~fieldapp.domain.store_errors.IntegrityError`, which
says whether the kept previous generation still verifies.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from fieldapp.domain.store_errors import IntegrityError
from fieldapp.storage import crypto
from fieldapp.storage.atomic import PREVIOUS_SUFFIX, atomic_replace, read_current

MAGIC = b"VWS1"
FORMAT_VERSION = 1
OUTBOX_TABLE = "outbox"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SegmentContext:
    """What every segment of one unlocked store shares."""

    store_id: str
    key_id: str
    seal_key: bytes
    root: Path


@dataclass(frozen=True)
class SegmentHeader:
    identity: str
    generation: int
    pending: int
    manifested: bool = False
    """Written since the store keeps manifests (a missing manifest is then damage)."""


def _canonical(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def read_header(raw: bytes, name: str) -> tuple[dict[str, Any], int]:
    """Parse the plaintext header; returns it and the offset where the sealed part starts."""
    if len(raw) < 8 or raw[:4] != MAGIC:
        raise IntegrityError(name, None)
    length = int.from_bytes(raw[4:8], "big")
    end = 8 + length
    try:
        header = json.loads(raw[8:end])
    except ValueError:
        raise IntegrityError(name, None) from None
    if not isinstance(header, dict) or len(raw) < end:
        raise IntegrityError(name, None)
    return header, end


def peek_header(path: Path) -> SegmentHeader | None:
    """Read just the header (no key needed); None when it is unreadable."""
    try:
        with path.open("rb") as file:
            start = file.read(8)
            if len(start) < 8 or start[:4] != MAGIC:
                return None
            header = json.loads(file.read(int.from_bytes(start[4:8], "big")))
        return SegmentHeader(
            str(header["seg"]),
            int(header["gen"]),
            int(header["pending"]),
            manifested=bool(header.get("mf")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


class EncryptedSegmentStorage(Storage):
    """A TinyDB ``Storage`` that seals the whole database of one segment per write.

    It never caches writes: :meth:`write` returns only when the new generation is durable
    (inside :func:`fieldapp.storage.atomic.shared_sync`: when that block ends).
    ``check`` sees the generation found on every read (None: no file) and may refuse it (the
    partition's manifest does: a missing or older copy raises before anything is used).
    ``keep_previous`` False: no ``.prev`` copy (manifests, whose old copy would only help roll
    them back).
    """

    def __init__(
        self,
        path: Path,
        identity: str,
        context: SegmentContext,
        *,
        check: Callable[[int | None], None] | None = None,
        keep_previous: bool = True,
        tier: int = 0,
    ) -> None:
        self._path = path
        self._identity = identity
        self._context = context
        self._generation: int | None = None
        self._check = check
        self._keep_previous = keep_previous
        self._tier = tier
        """Where its write goes in a shared sync (:func:`fieldapp.storage.atomic.shared_sync`)."""

    @property
    def name(self) -> str:
        return self._path.relative_to(self._context.root).as_posix()

    def _decode(self, raw: bytes) -> tuple[int, dict[str, dict[str, Any]]]:
        header, offset = read_header(raw, self.name)
        expected = {
            "format": FORMAT_VERSION,
            "store": self._context.store_id,
            "key": self._context.key_id,
            "seg": self._identity,
        }
        if any(header.get(field) != value for field, value in expected.items()):
            raise IntegrityError(self.name, None)
        try:
            plain = crypto.open_sealed(self._context.seal_key, raw[offset:], raw[:offset])
        except crypto.AuthenticationFailedError:
            raise IntegrityError(self.name, None) from None
        return int(header["gen"]), json.loads(plain)

    def _last_good_generation(self) -> int | None:
        previous = self._path.with_name(self._path.name + PREVIOUS_SUFFIX)
        try:
            return self._decode(previous.read_bytes())[0]
        except (OSError, IntegrityError, ValueError):
            return None

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = read_current(self._path)
        except FileNotFoundError:
            if self._check is not None:
                self._check(None)
            self._generation = 0
            return None
        try:
            generation, data = self._decode(raw)
        except IntegrityError:
            last_good = self._last_good_generation()
            logger.error(
                "segment %s failed verification; last good generation %s", self.name, last_good
            )
            raise IntegrityError(self.name, last_good) from None
        if self._check is not None:
            self._check(generation)
        self._generation = generation
        return data

    def read_previous(self) -> tuple[int, dict[str, dict[str, Any]]] | None:
        """The kept previous copy's generation and tables, when it verifies."""
        previous = self._path.with_name(self._path.name + PREVIOUS_SUFFIX)
        try:
            return self._decode(previous.read_bytes())
        except (OSError, IntegrityError, ValueError):
            return None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._generation is None:
            self.read()
        generation = (self._generation or 0) + 1
        header = _canonical(
            {
                "format": FORMAT_VERSION,
                "store": self._context.store_id,
                "key": self._context.key_id,
                "seg": self._identity,
                "gen": generation,
                "pending": len(data.get(OUTBOX_TABLE, {})),
                "mf": 1,
            }
        )
        prefix = MAGIC + len(header).to_bytes(4, "big") + header
        plaintext = json.dumps(data, separators=(",", ":")).encode()
        sealed = prefix + crypto.seal(self._context.seal_key, plaintext, prefix)
        atomic_replace(self._path, sealed, keep_previous=self._keep_previous, tier=self._tier)
        self._generation = generation

    @property
    def generation(self) -> int | None:
        """The generation last read or written (None before either)."""
        return self._generation

    def restore_previous(self) -> int:
        """Put the kept previous generation back (after an integrity error); returns it."""
        previous = self._path.with_name(self._path.name + PREVIOUS_SUFFIX)
        generation, _ = self._decode(previous.read_bytes())
        atomic_replace(self._path, previous.read_bytes(), keep_previous=False)
        self._generation = generation
        return generation


class BufferedTransaction(Storage):
    """Collects a TinyDB session's writes and hands them to the segment in one atomic write.

    Nothing is acknowledged before :meth:`commit` returns, so buffering here cannot lose an
    acknowledged save: a record and its outbox entry land in the same generation or neither.
    """

    def __init__(self, base: EncryptedSegmentStorage) -> None:
        self._base = base
        self._data: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    @property
    def base(self) -> EncryptedSegmentStorage:
        return self._base

    @property
    def data(self) -> dict[str, dict[str, Any]]:
        """The tables as they stand (after :meth:`commit`: as they are on disk)."""
        return self.read() or {}

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._data = self._base.read() or {}
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._dirty = True

    def commit(self) -> bool:
        """Write what changed; True when something was written."""
        if self._dirty and self._data is not None:
            self._base.write(self._data)
            self._dirty = False
            return True
        return False
