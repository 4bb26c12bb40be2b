"""The check at unlock: the partition list and each partition's manifest against the files.

It reports what is missing or older than recorded (:class:`Damage`), finishes removals a crash
interrupted, and adopts partitions that have no manifest yet: every partition of a store made
before manifests existed, and a partition whose first write a crash cut off before it was
listed as live. It also names every segment the manifests say holds unsent changes, so that the
outbox still finds them if they go missing while the store is unlocked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from fieldapp.domain.store_errors import Damage, DamageKind, IntegrityError
from fieldapp.storage.manifest import (
    LIST_NAME,
    MANIFEST_DIR,
    SUFFIX,
    Manifests,
    PartitionManifest,
    SegmentEntry,
    check_partition,
    finish_removal,
)
from fieldapp.storage.partition import META_TABLE, SEGMENT_SUFFIX, Partition, segment_file
from fieldapp.storage.segment import peek_header

logger = logging.getLogger(__name__)


@dataclass
class StoreCheck:
    damage: list[Damage] = field(default_factory=list)
    unsent_segments: set[Path] = field(default_factory=set)
    """Segments the manifests record with unsent changes."""


def _directories(partitions_dir: Path) -> set[str]:
    if not partitions_dir.is_dir():
        return set()
    return {d.name for d in partitions_dir.iterdir() if d.is_dir() and "." not in d.name}


def _written_with_manifests(partitions_dir: Path) -> bool:
    return any(
        (header := peek_header(path)) is not None and header.manifested
        for path in partitions_dir.glob(f"*/*{SEGMENT_SUFFIX}")
    )


def adopt(partitions_dir: Path, manifests: Manifests, directory: str) -> PartitionManifest:
    """Record a partition as its files are now (no check possible: there was no manifest).

    Its name comes from its first segment, else from the list: a partition listed ``new``
    whose first write a crash cut off has no segment yet, and must not lose its name."""
    probe = Partition(name="", directory=partitions_dir / directory, context=manifests.context)
    listed = (manifests.listing() or {}).get(directory, {})
    manifest = PartitionManifest(name=listed.get("name", ""))
    for number in probe.segment_numbers():
        storage = probe.storage(number)
        try:
            tables = storage.read() or {}
        except IntegrityError:
            continue  # reported when the partition is read
        manifest.segments[number] = SegmentEntry.of(storage.generation or 0, tables)
        for meta in tables.get(META_TABLE, {}).values():
            manifest.name = str(meta["partition"])
    manifests.save(directory, manifest)
    manifests.set_state(directory, manifest.name, "live")
    return manifest


def adopt_all(partitions_dir: Path, manifests: Manifests) -> None:
    if manifests.listing() is None:
        manifests.set_state_many({})
    for directory in sorted(_directories(partitions_dir) - set(manifests.listing() or {})):
        adopt(partitions_dir, manifests, directory)


def check_store(partitions_dir: Path, manifests: Manifests) -> StoreCheck:
    result = StoreCheck()
    on_disk = _directories(partitions_dir)
    listing = manifests.listing()
    if listing is None:
        if manifests.manifest_files() or _written_with_manifests(partitions_dir):
            list_file = f"{MANIFEST_DIR}/{LIST_NAME}{SUFFIX}"
            result.damage.append(Damage(DamageKind.MANIFEST_MISSING, "", "", list_file, (), 0))
            return result
        logger.info("store from before manifests: recording its %d partitions", len(on_disk))
        adopt_all(partitions_dir, manifests)
        listing = manifests.listing() or {}
    for directory, entry in sorted(listing.items()):
        if entry["state"] == "removing":
            finish_removal(partitions_dir, manifests, directory)
            continue
        if entry["state"] == "new":
            if directory in on_disk:
                adopt(partitions_dir, manifests, directory)
            continue
        manifest = manifests.load(directory)
        result.damage += check_partition(
            manifests, partitions_dir, directory, manifest, SEGMENT_SUFFIX
        )
        for number, segment in (manifest.segments if manifest else {}).items():
            if segment.unsent:
                result.unsent_segments.add(segment_file(partitions_dir / directory, number))
    for directory in sorted(on_disk - set(listing)):
        logger.warning("a partition directory was not in the list; recorded as it is")
        adopt(partitions_dir, manifests, directory)
    return result


def accept_as_it_is(partitions_dir: Path, manifests: Manifests, damage: Damage) -> None:
    """The person chose to go on without what is missing: record the files as they are."""
    if damage.kind is DamageKind.PARTITION_MISSING:
        manifests.forget(damage.directory)
        manifests.drop(damage.directory)
    elif damage.directory:
        adopt(partitions_dir, manifests, damage.directory)
    else:  # the partition list itself
        adopt_all(partitions_dir, manifests)
