"""A backup's manifest: what it holds, with checksums, the schema revision it was made at and
the id of the key that opens it. Written last, so a backup without one is incomplete."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

FORMAT: Literal["veldwerk-backup/1"] = "veldwerk-backup/1"
NAME = "manifest.json"
CHUNK = 1 << 20


class ManifestError(Exception):
    """No usable manifest, or a file that does not match it; the message says which."""


class StoredFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    sha256: str
    bytes: int


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["veldwerk-backup/1"] = FORMAT
    created_at: AwareDatetime
    schema_revision: str
    database_kind: Literal["sqlite", "postgresql"]
    database: StoredFile
    key: StoredFile
    """The key escrow file (it may be kept apart from the backup)."""
    key_id: str
    counts: dict[str, int]
    """Rows per table at the snapshot (SQLite; counts only)."""


def stored(path: Path) -> StoredFile:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return StoredFile(name=path.name, sha256=digest.hexdigest(), bytes=path.stat().st_size)


def check(path: Path, expected: StoredFile, what: str) -> None:
    """Refuse unless ``path`` is the file the manifest describes."""
    if not path.is_file():
        raise ManifestError(f"the {what} file {path} is missing")
    if stored(path).model_copy(update={"name": expected.name}) != expected:
        raise ManifestError(f"the {what} file {path} does not match the manifest (damaged?)")


def write(directory: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (a new name, synced, then renamed into place)."""
    partial = directory / (NAME + ".partial")
    partial.write_text(manifest.model_dump_json(indent=2) + "\n")
    sync_file(partial)
    partial.rename(directory / NAME)
    sync_file(directory)


def read(directory: Path) -> Manifest:
    path = directory / NAME
    if not path.is_file():
        raise ManifestError(f"no {NAME} in {directory}: not a backup, or an incomplete one")
    try:
        return Manifest.model_validate_json(path.read_text())
    except ValidationError as error:
        raise ManifestError(f"{path} is not a Veldwerk backup manifest") from error


def sync_file(path: Path) -> None:
    """fsync a file or a directory."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
