"""Crash-safe file replacement: temp file, fsync, keep the previous copy, rename, fsync dir.

After :func:`atomic_replace` returns, the new content is durable and ``<name>.prev`` holds the
generation before it. At every instant of a crash, ``<name>`` is either the old or the new
complete file: the previous copy is made with a hard link, so the current file is never absent.
"""

from __future__ import annotations

import contextlib
import os
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


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


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


def atomic_replace(path: Path, data: bytes, *, keep_previous: bool = True) -> None:
    """Durably replace ``path`` with ``data``; keep the old content as ``<name>.prev``."""
    temp = path.with_name(path.name + TEMP_SUFFIX)
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
    fsync_directory(directory.parent)


def remove_leftovers(directory: Path) -> None:
    """Delete temp files a crash left behind: they were never acknowledged."""
    for leftover in directory.glob(f"*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
