"""The store's files as files, without opening a segment's sealed contents: the process lock,
the plaintext headers' stamps, which segments hold unsent changes, and removing files for
good. :class:`~fieldapp.storage.store.EncryptedStore` uses these under its own lock."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from fieldapp.domain.store_errors import StoreError, StoreErrorCode
from fieldapp.storage.atomic import PREVIOUS_SUFFIX, fsync_directory
from fieldapp.storage.keyfile import KEYFILE_NAME
from fieldapp.storage.manifest import MANIFEST_DIR
from fieldapp.storage.partition import SEGMENT_SUFFIX, Partition
from fieldapp.storage.segment import SegmentContext, peek_header
from fieldapp.storage.unlock_guard import GUARD_FILE

try:  # POSIX (Android, iOS, Linux, macOS); elsewhere only the in-process lock applies
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

PARTITIONS_DIR = "p"
LOCK_FILE = ".lock"


def acquire_file_lock(directory: Path) -> IO[bytes] | None:
    """An exclusive lock on the store's directory, held while the handle is open; a second
    process gets ``store.in_use``."""
    if fcntl is None:  # pragma: no cover
        return None
    handle = (directory / LOCK_FILE).open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StoreError(StoreErrorCode.IN_USE, "another process has this store open") from None
    return handle


def _segments(root: Path) -> list[Path]:
    return sorted(root.glob(f"*/*{SEGMENT_SUFFIX}")) if root.is_dir() else []


def segment_stamps(root: Path, listed: Iterable[str]) -> dict[str, str]:
    """Directory name -> every segment's number and generation from the plaintext headers;
    a directory the list names but whose files are gone reads ``missing``."""
    stamps: dict[str, list[str]] = {}
    for path in _segments(root):
        header = peek_header(path)
        generation = "?" if header is None else str(header.generation)
        stamps.setdefault(path.parent.name, []).append(f"{path.stem}:{generation}")
    for directory in listed:
        stamps.setdefault(directory, ["missing"])
    return {name: ",".join(parts) for name, parts in stamps.items()}


def pending_segments(root: Path, unsent: set[Path], context: SegmentContext) -> dict[Path, str]:
    """Segment path -> its partition's name, for every segment whose header counts unsent
    changes (or that the manifests say holds some); an unreadable name is empty."""
    found: dict[Path, str] = {}
    for path in sorted(set(_segments(root)) | unsent):
        header = peek_header(path)
        if header is None or header.pending > 0 or path in unsent:
            meta = Partition(name="", directory=path.parent, context=context).meta()
            found[path] = str(meta["partition"]) if meta else ""
    return found


def discard_directory(directory: Path) -> None:
    """Move a partition's directory aside in one step, then delete it (a crash leaves either
    the whole directory or none of it under its own name)."""
    if directory.is_dir():
        doomed = directory.with_name(directory.name + ".removed")
        os.replace(directory, doomed)
        fsync_directory(directory.parent)
        shutil.rmtree(doomed, ignore_errors=True)


def erase(directory: Path) -> None:
    """Crypto-erase: the wrapped data key first (nobody can read the segments without it),
    then the segments and manifests to free the space."""
    for name in (KEYFILE_NAME, KEYFILE_NAME + PREVIOUS_SUFFIX, GUARD_FILE):
        with contextlib.suppress(FileNotFoundError):
            (directory / name).unlink()
    fsync_directory(directory)
    shutil.rmtree(directory / PARTITIONS_DIR, ignore_errors=True)
    shutil.rmtree(directory / MANIFEST_DIR, ignore_errors=True)
