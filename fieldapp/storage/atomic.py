"""Crash-safe file replacement: temp file, fsync, keep the previous copy, rename, fsync dir.

After :func:`atomic_replace` returns, the new content is durable and ``<name>.prev`` holds the
generation before it. At every instant of a crash, ``<name>`` is either the old or the new
complete file: the previous copy is made with a hard link, so the current file is never absent.

Inside :func:`shared_sync` the same steps are taken for many files together, so that a pull
filling a thousand partitions does not wait for some nine thousand separate flushes: every
temp file is written, all of them are made durable, and only then are they renamed into place,
tier by tier (a segment before the manifest that records it, manifests before the list that
calls them live), each tier durable before the next is renamed. On Linux and Android one
``syncfs`` of the store's file system is each of those flushes. A crash at any point leaves
each file old or new and complete, and never a newer manifest over an older segment.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PREVIOUS_SUFFIX = ".prev"
TEMP_SUFFIX = ".tmp"


def fsync_directory(directory: Path) -> None:
    """Make renames and new entries in ``directory`` durable (no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes, *, sync: bool = True) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _find_syncfs() -> Callable[[int], int] | None:
    """Linux's and Android's ``syncfs``: flushes one file system, waits, and (since Linux 5.8)
    reports a failed write. Not on Darwin, whose ``sync`` only schedules."""
    if not (sys.platform.startswith("linux") or sys.platform == "android"):
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):  # pragma: no cover - a C library without it
        return None
    return function


_SYNCFS = _find_syncfs()
SYNC_ALL = _SYNCFS is not None
"""One ``syncfs`` flushes the store's file system at once; elsewhere each file and directory
is flushed on its own."""


def _sync_file_system(directory: Path) -> None:
    assert _SYNCFS is not None
    fd = os.open(directory, os.O_RDONLY)
    try:
        if _SYNCFS(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error))
    finally:
        os.close(fd)


@dataclass
class _Batch:
    pending: dict[Path, tuple[int, bool, bytes]] = field(default_factory=dict)
    """Target -> (tier, keep a previous copy, content); its temp file is written already."""
    directories: set[Path] = field(default_factory=set)
    """Created inside the batch: their entries become durable with the first flush."""

    def flush(self, files: list[Path], directories: set[Path]) -> None:
        if SYNC_ALL:
            # the file system of the first file is the store's (a failed write raises here,
            # before anything is renamed over a good copy)
            _sync_file_system(next(iter(self.pending)).parent)
            return
        for path in files:
            _fsync_file(path)
        for directory in directories:
            fsync_directory(directory)

    def publish(self) -> None:
        temps = [_temp_of(path) for path in self.pending]
        self.flush(temps, {d.parent for d in self.directories})
        for tier in sorted({tier for tier, _, _ in self.pending.values()}):
            moved = [path for path, (t, _, _) in self.pending.items() if t == tier]
            for path in moved:
                if self.pending[path][1] and path.exists():
                    _keep_previous(path)
                os.replace(_temp_of(path), path)
            self.flush([], {path.parent for path in moved})


_local = threading.local()


def _batch() -> _Batch | None:
    return getattr(_local, "batch", None)


def _temp_of(path: Path) -> Path:
    return path.with_name(path.name + TEMP_SUFFIX)


@contextlib.contextmanager
def shared_sync() -> Iterator[None]:
    """Make the replacements this thread does inside durable together, at the end (see the
    module's note). Until then :func:`read_current` gives their new content. They are put in
    place also when the block fails: what was written there was meant to stay (callers keep
    in memory what they wrote). Nested blocks join the outer one."""
    if _batch() is not None:
        yield
        return
    batch = _Batch()
    _local.batch = batch
    try:
        yield
    finally:
        _local.batch = None
        if batch.pending:
            batch.publish()


def read_current(path: Path) -> bytes:
    """The file's content, or what this thread's :func:`shared_sync` will put there."""
    batch = _batch()
    if batch is not None and path in batch.pending:
        return batch.pending[path][2]
    return path.read_bytes()


def _keep_previous(path: Path) -> None:
    previous = path.with_name(path.name + PREVIOUS_SUFFIX)
    staging = path.with_name(path.name + PREVIOUS_SUFFIX + TEMP_SUFFIX)
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        os.link(path, staging)
    except OSError:  # file systems without hard links: copy instead
        _write_durably(staging, path.read_bytes())
    os.replace(staging, previous)


def atomic_replace(path: Path, data: bytes, *, keep_previous: bool = True, tier: int = 0) -> None:
    """Durably replace ``path`` with ``data``; keep the old content as ``<name>.prev``.

    Inside :func:`shared_sync` the temp file is written now and put in place at the block's end,
    ``tier`` by ``tier`` (lower first)."""
    temp = _temp_of(path)
    batch = _batch()
    if batch is not None:
        # A second write of the same file: the first is forgotten before its temp file is
        # overwritten (a failure halfway must not leave it to be put in place).
        batch.pending.pop(path, None)
        _write_durably(temp, data, sync=False)
        batch.pending[path] = (tier, keep_previous, data)
        return
    _write_durably(temp, data)
    if keep_previous and path.exists():
        _keep_previous(path)
    os.replace(temp, path)
    fsync_directory(path.parent)


def make_directory_durably(directory: Path) -> None:
    """Create ``directory`` (mode 0700) and make its entry durable in the parent."""
    if directory.is_dir():
        return
    directory.mkdir(mode=0o700, parents=True)
    batch = _batch()
    if batch is not None:
        batch.directories.add(directory)
        return
    fsync_directory(directory.parent)


def remove_leftovers(directory: Path) -> None:
    """Delete temp files a crash left behind: they were never acknowledged."""
    for leftover in directory.glob(f"*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
