"""Keyed, encrypted manifests: which partitions exist and which generation each segment is at.

Without them a deleted segment, a deleted partition directory or an older copy of a segment put
back read as "no data" or as old data, silently. Two levels, so that the cost of a write does
not grow with the store:

- the partition list (``m/partitions.vwm``): each partition's directory, name and state
  (``new``, ``live``, ``removing``); rewritten only when a partition is added or removed;
- one manifest per partition (``m/<directory>.vwm``): each segment's generation, the record
  kinds in it and its number of unsent changes; rewritten after each write to that partition,
  its size bounded by that partition's segments.

Both are sealed like segments (AES-256-GCM, identity ``manifest/<name>`` in the associated
data) and keep no ``.prev`` copy. A segment is written before its manifest: after a crash in
between the manifest lags by one write, which reads as a segment newer than recorded. That is
accepted, since only the data key's holder can seal a newer generation; an older one is damage.
What is and is not detected: ADR 0001.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fieldapp.domain.store_errors import Damage, DamageKind, PreviousCopy
from fieldapp.storage.atomic import fsync_directory, make_directory_durably
from fieldapp.storage.segment import (
    OUTBOX_TABLE,
    EncryptedSegmentStorage,
    SegmentContext,
    peek_header,
)

MANIFEST_DIR = "m"
LIST_NAME = "partitions"
SUFFIX = ".vwm"
RECORDS_TABLE = "records"

State = Literal["new", "live", "removing"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SegmentEntry:
    generation: int
    kinds: tuple[str, ...]
    unsent: int

    @classmethod
    def of(cls, generation: int, tables: dict[str, dict[str, Any]]) -> SegmentEntry:
        records = tables.get(RECORDS_TABLE, {}).values()
        return cls(
            generation=generation,
            kinds=tuple(sorted({str(record["kind"]) for record in records})),
            unsent=len(tables.get(OUTBOX_TABLE, {})),
        )


@dataclass
class PartitionManifest:
    name: str
    segments: dict[int, SegmentEntry] = field(default_factory=dict)

    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({kind for entry in self.segments.values() for kind in entry.kinds}))

    def unsent(self) -> int:
        return sum(entry.unsent for entry in self.segments.values())


def previous_copy(storage: EncryptedSegmentStorage) -> PreviousCopy | None:
    kept = storage.read_previous()
    if kept is None:
        return None
    entry = SegmentEntry.of(*kept)
    return PreviousCopy(generation=entry.generation, kinds=entry.kinds, unsent=entry.unsent)


class Manifests:
    """The manifests of one unlocked store (cached in memory; the files are the truth)."""

    def __init__(self, root: Path, context: SegmentContext) -> None:
        self._root = root
        self._dir = root / MANIFEST_DIR
        self._context = context
        self._list: dict[str, dict[str, str]] | None = None
        self._loaded = False
        self._grouping = False
        self._unwritten = False

    @property
    def context(self) -> SegmentContext:
        return self._context

    def _storage(self, stem: str) -> EncryptedSegmentStorage:
        # in a shared sync: segments first, then their manifests, then the list naming them live
        return EncryptedSegmentStorage(
            self._dir / f"{stem}{SUFFIX}",
            f"manifest/{stem}",
            self._context,
            keep_previous=False,
            tier=2 if stem == LIST_NAME else 1,
        )

    # -- the partition list ------------------------------------------------------------------

    def listing(self) -> dict[str, dict[str, str]] | None:
        """Directory name -> {"name", "state"}; None when there is no list (yet)."""
        if not self._loaded:
            tables = self._storage(LIST_NAME).read()
            self._list = None if tables is None else dict(tables.get("partitions", {}))
            self._loaded = True
        return self._list

    def forget_cached_list(self) -> None:
        """Read the list from its file again when next needed."""
        self._list, self._loaded = None, False

    def state(self, directory: str) -> State | None:
        entry = (self.listing() or {}).get(directory)
        return None if entry is None else entry["state"]  # type: ignore[return-value]

    def names(self) -> dict[str, str]:
        """Directory name -> partition name of the partitions that hold data."""
        return {d: e["name"] for d, e in (self.listing() or {}).items() if e["state"] == "live"}

    def set_state(self, directory: str, name: str, state: State) -> None:
        entries = dict(self.listing() or {})
        entries[directory] = {"name": name, "state": state}
        self._write_list(entries)

    def set_state_many(self, states: dict[str, tuple[str, State]]) -> None:
        """Several entries in one write (an empty dict writes an empty list)."""
        entries = dict(self.listing() or {})
        for directory, (name, state) in states.items():
            entries[directory] = {"name": name, "state": state}
        self._write_list(entries)

    def drop(self, directory: str) -> None:
        entries = dict(self.listing() or {})
        if entries.pop(directory, None) is not None or self._list is None:
            self._write_list(entries)

    def _write_list(self, entries: dict[str, dict[str, str]]) -> None:
        if self._grouping:
            self._list, self._loaded, self._unwritten = entries, True, True
            return
        make_directory_durably(self._dir)
        self._storage(LIST_NAME).write({"partitions": entries})
        self._list, self._loaded = entries, True

    @contextlib.contextmanager
    def grouped(self) -> Iterator[None]:
        """Changes of the partition list inside are written once, at the end (also when the
        block fails: the partitions it marked live did get their data). The list costs a write
        of every entry, so a pull that fills a thousand partitions must not write it a thousand
        times. A crash before that write leaves partitions listed ``new`` or not at all, and
        the next unlock adopts them as they are (:mod:`fieldapp.storage.store_check`)."""
        if self._grouping:
            yield
            return
        self._grouping = True
        try:
            yield
        finally:
            self._grouping = False
            if self._unwritten:
                self._unwritten = False
                self._write_list(dict(self._list or {}))

    # -- one partition's manifest ------------------------------------------------------------

    def load(self, directory: str) -> PartitionManifest | None:
        tables = self._storage(directory).read()
        if tables is None:
            return None
        meta = tables.get("partition", {})
        segments = {
            int(number): SegmentEntry(int(e["gen"]), tuple(e["kinds"]), int(e["unsent"]))
            for number, e in tables.get("segments", {}).items()
        }
        return PartitionManifest(name=str(meta.get("name", "")), segments=segments)

    def save(self, directory: str, manifest: PartitionManifest) -> None:
        make_directory_durably(self._dir)
        segments = {
            str(number): {"gen": e.generation, "kinds": list(e.kinds), "unsent": e.unsent}
            for number, e in sorted(manifest.segments.items())
        }
        self._storage(directory).write({"partition": {"name": manifest.name}, "segments": segments})

    def forget(self, directory: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self._dir / f"{directory}{SUFFIX}").unlink()
        if self._dir.is_dir():
            fsync_directory(self._dir)

    def manifest_files(self) -> list[Path]:
        return sorted(self._dir.glob(f"*{SUFFIX}")) if self._dir.is_dir() else []


def finish_removal(partitions_dir: Path, manifests: Manifests, directory: str) -> None:
    """Complete a removal a crash interrupted: data, then manifest, then the list entry."""
    shutil.rmtree(partitions_dir / directory, ignore_errors=True)
    shutil.rmtree(partitions_dir / f"{directory}.removed", ignore_errors=True)
    manifests.forget(directory)
    manifests.drop(directory)


def check_partition(
    manifests: Manifests,
    partitions_dir: Path,
    directory: str,
    manifest: PartitionManifest | None,
    suffix: str,
) -> list[Damage]:
    """Compare one listed partition's manifest with its files (headers only, no decryption,
    except the kept previous copy of a damaged segment, to say what it would bring back)."""
    store_relative = f"{partitions_dir.name}/{directory}"
    if manifest is None:
        name = manifests.names().get(directory, "")
        file = f"{MANIFEST_DIR}/{directory}{SUFFIX}"
        return [Damage(DamageKind.MANIFEST_MISSING, name, directory, file, (), 0)]
    if not (partitions_dir / directory).is_dir():
        return [
            Damage(
                DamageKind.PARTITION_MISSING,
                manifest.name,
                directory,
                store_relative,
                manifest.kinds(),
                manifest.unsent(),
            )
        ]
    damages = []
    for number, entry in sorted(manifest.segments.items()):
        path = partitions_dir / directory / f"{number:06d}{suffix}"
        if not path.exists():
            found: int | None = None
        else:
            header = peek_header(path)
            if header is None or header.generation >= entry.generation:
                continue  # unreadable headers are the integrity check's, at read
            found = header.generation
        storage = EncryptedSegmentStorage(path, f"{directory}/{number:06d}", manifests.context)
        damages.append(
            Damage(
                DamageKind.SEGMENT_MISSING if found is None else DamageKind.SEGMENT_ROLLED_BACK,
                manifest.name,
                directory,
                f"{store_relative}/{path.name}",
                entry.kinds,
                entry.unsent,
                expected_generation=entry.generation,
                found_generation=found,
                previous=newer_previous(storage, found),
            )
        )
    return damages


def newer_previous(storage: EncryptedSegmentStorage, found: int | None) -> PreviousCopy | None:
    """The kept previous copy, when it is newer than what is there now."""
    copy = previous_copy(storage)
    if copy is None or copy.generation <= (found or 0):
        return None
    return copy
