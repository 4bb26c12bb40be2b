"""The key ring: every server key this server has had, oldest first, so that a key can be
rotated while the server runs (``python -m sync_server rotate-key``, see
:mod:`sync_server.operations.rotation`).

The newest key seals new records, keys cursors, throttle counters and the blind index; older
keys stay to open what is still wrapped under them during a rotation, to verify the audit
entries written before it and to accept devices' cursors. The ring's *active* key is the newest
that is not marked ``pending``: a rotation adds its key pending, and marks it active once the
audit chain has switched to it (the audit chain's head must verify under the active key or a
newer one, so an old key cannot rewrite what came after it).

The key file holds one base64 key per line, oldest first, a pending one followed by
`` pending``. A file of one line, as every server before rotation wrote, is a ring of one.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sync_server.keys import KEY_BYTES, ServerKeyError, ServerKeys, sync_directory, write_key_file
from sync_server.settings import Settings

logger = logging.getLogger(__name__)

PENDING = "pending"
RELOAD_SECONDS = 1.0
"""How often a running server looks whether the key file changed (a rotation waits longer than
this before it re-wraps anything, so that every process seals with the new key by then)."""


@dataclass(frozen=True)
class KeyRing:
    masters: tuple[bytes, ...] = field(repr=False)
    """The server keys, oldest first."""
    pending: int = 0
    """How many of the newest keys are not active yet (0 or 1)."""
    members: tuple[ServerKeys, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.masters:
            raise ServerKeyError("the key ring holds no key")
        if not 0 <= self.pending < len(self.masters):
            raise ServerKeyError("the key ring has no active key")
        object.__setattr__(self, "members", tuple(ServerKeys.derive(m) for m in self.masters))

    @classmethod
    def of(cls, master: bytes) -> KeyRing:
        return cls((master,))

    @property
    def newest(self) -> ServerKeys:
        """Seals, and keys cursors, throttle counters and the blind index."""
        return self.members[-1]

    @property
    def first(self) -> ServerKeys:
        """The key of everything sealed before key ids were stored with it."""
        return self.members[0]

    @property
    def active_index(self) -> int:
        return len(self.masters) - 1 - self.pending

    @property
    def active(self) -> ServerKeys:
        return self.members[self.active_index]

    def find(self, key_id: str) -> ServerKeys | None:
        for member in self.members:
            if member.key_id == key_id:
                return member
        return None

    def audit_key(self, key_id: str | None) -> bytes:
        """The audit key of ``key_id`` (None: the first key, for a chain from before key ids
        were kept)."""
        member = self.first if key_id is None else self.find(key_id)
        if member is None:
            raise ServerKeyError(f"the audit chain is written with key {key_id}, not in the ring")
        if self.members.index(member) < self.active_index:
            # A head turned back to a key that was rotated out: whoever still holds that key
            # could write the chain on under it.
            raise ServerKeyError(f"the audit chain names key {key_id}, older than the active one")
        return member.audit

    def audit_keys(self) -> tuple[bytes, ...]:
        return tuple(member.audit for member in self.members)

    def with_new(self, master: bytes) -> KeyRing:
        """This ring with ``master`` added as its newest key, pending."""
        return KeyRing((*self.masters, master), pending=1)

    def activated(self) -> KeyRing:
        return KeyRing(self.masters, pending=0)

    def text(self) -> str:
        """The key file's text."""
        lines = []
        for index, master in enumerate(self.masters):
            line = base64.b64encode(master).decode()
            if index > self.active_index:
                line += f" {PENDING}"
            lines.append(line)
        return "\n".join(lines) + "\n"


def parse(text: str, source: str) -> KeyRing:
    """The ring in a key file's ``text``; the error names ``source``, never a key."""
    masters, pending = [], 0
    for line in text.splitlines():
        words = line.split()
        if not words:
            continue
        if len(words) > 2 or (len(words) == 2 and words[1] != PENDING):
            raise ServerKeyError(f"the key ring in {source} has a line it does not understand")
        if pending:
            raise ServerKeyError(f"the key ring in {source} has a key after its pending one")
        masters.append(decode(words[0], source))
        pending = len(words) - 1
    if not masters:
        raise ServerKeyError(f"the key file {source} holds no key")
    if pending == len(masters):
        raise ServerKeyError(f"the key ring in {source} has no active key")
    return KeyRing(tuple(masters), pending=pending)


def decode(text: str, source: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError as error:
        raise ServerKeyError(f"the server key in {source} is not valid base64") from error
    if len(raw) != KEY_BYTES:
        raise ServerKeyError(f"the server key in {source} must be {KEY_BYTES} bytes")
    return raw


def read(path: Path) -> KeyRing:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ServerKeyError(f"the key file {path} is readable by others; chmod 600 it")
    return parse(path.read_text(), str(path))


def replace(path: Path, ring: KeyRing) -> None:
    """Write ``ring`` over the key file at ``path`` in one step (a new file, synced, renamed
    over the old one): a crash leaves the old ring or the new one, never half of either."""
    temporary = path.with_name(path.name + ".new")
    temporary.unlink(missing_ok=True)
    write_key_file(temporary, ring.text())
    owner = path.stat()
    try:  # the server's user must go on reading it (run as root, the new file is root's)
        os.chown(temporary, owner.st_uid, owner.st_gid)
    except PermissionError as error:
        temporary.unlink()
        raise ServerKeyError(
            f"the key file {path} belongs to another user: run this as that user"
        ) from error
    os.replace(temporary, path)
    sync_directory(path.parent)


def load_ring(settings: Settings, *, create: bool = True) -> KeyRing:
    """The ring: a key in settings (a ring of one), else the key file's (made on first start
    when ``create``)."""
    if settings.server_key is not None:
        return KeyRing.of(decode(settings.server_key.get_secret_value(), "settings"))
    path = settings.key_file
    if path.exists():
        return read(path)
    if not create:
        raise ServerKeyError(f"no server key configured and no key file at {path}")
    ring = KeyRing.of(secrets.token_bytes(KEY_BYTES))
    write_key_file(path, ring.text())
    logger.warning("created a new server key file at %s; back it up apart from the database", path)
    return ring


def load_source(settings: Settings) -> KeySource:
    """The ring a running server uses (see :class:`KeySource`)."""
    ring = load_ring(settings)  # a key file is made here on first start
    return (
        KeySource(ring) if settings.server_key is not None else KeySource.of_file(settings.key_file)
    )


class KeySource:
    """The ring a running server uses: fixed (a key in settings, tests), or the key file's,
    read again when the file changed (looked at no more than once a second, and at once when
    asked for a key id it does not hold)."""

    def __init__(
        self,
        ring: KeyRing,
        path: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ring, self._path, self._clock = ring, path, clock
        self._seen = self._stamp()
        self._looked = clock()
        self._lock = threading.Lock()

    @property
    def path(self) -> Path | None:
        """The key file, or None when the key comes from settings."""
        return self._path

    @classmethod
    def of_file(cls, path: Path, clock: Callable[[], float] = time.monotonic) -> KeySource:
        """The ring of the key file at ``path``, followed as it changes."""
        source = cls(KeyRing.of(bytes(KEY_BYTES)), path, clock)
        source.reload(force=True)
        return source

    def _stamp(self) -> tuple[int, int, int] | None:
        if self._path is None:
            return None
        try:
            status = self._path.stat()
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns, status.st_size

    def reload(self, *, force: bool = False) -> None:
        """Read the key file again now if it changed (``force``: whether or not it seems to).
        The file's stamp is taken before it is read, so a change while it is read shows at the
        next look."""
        with self._lock:
            self._looked = self._clock()
            stamp = self._stamp()
            if self._path is not None and stamp is not None and (force or stamp != self._seen):
                self._ring, self._seen = read(self._path), stamp

    def ring(self) -> KeyRing:
        if self._path is not None and self._clock() - self._looked >= RELOAD_SECONDS:
            self.reload()
        return self._ring

    def holding(self, key_id: str) -> KeyRing:
        """The ring, read again first if it does not hold ``key_id`` (another process may have
        added it a moment ago)."""
        ring = self.ring()
        if ring.find(key_id) is None and self._path is not None:
            self.reload(force=True)
            ring = self._ring
        return ring
