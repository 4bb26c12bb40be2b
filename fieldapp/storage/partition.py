"""A partition: the segments of one client's dossier, and how records are resolved in them.

Every commit writes exactly one segment, the partition's tail, so its cost is bounded by the
segment capacity and does not grow with how much is stored. An update of a record that lives in
an older segment writes the new copy to the tail with a higher sequence number; readers take
the highest sequence per record, and stale copies are cleaned up when the partition is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from fieldapp.domain.store_errors import Damage, DamageKind, MissingDataError
from fieldapp.storage.atomic import make_directory_durably, remove_leftovers
from fieldapp.storage.manifest import (
    Manifests,
    PartitionManifest,
    SegmentEntry,
    newer_previous,
)
from fieldapp.storage.segment import (
    OUTBOX_TABLE,
    BufferedTransaction,
    EncryptedSegmentStorage,
    SegmentContext,
)

SEGMENT_CAPACITY = 16
"""Records per segment before a new tail starts: bounds the cost of one save."""
RECORDS_TABLE = "records"
META_TABLE = "meta"
SEGMENT_SUFFIX = ".vws"

Record = dict[str, Any]


def segment_file(directory: Path, number: int) -> Path:
    return directory / f"{number:06d}{SEGMENT_SUFFIX}"


def _number(path: Path) -> int:
    return int(path.name.removesuffix(SEGMENT_SUFFIX))


@dataclass
class Partition:
    """One partition's directory and what is known about it in memory (ids, never data).

    With ``book`` (the store's manifests) every segment read is checked against the partition's
    manifest: a segment it lists that is missing or older raises :class:`MissingDataError`
    before anything is read from or written over it, and every write updates the manifest.
    Without it (probes that only read a first segment's name) nothing is checked."""

    name: str
    directory: Path
    context: SegmentContext
    numbers: list[int] = field(default_factory=list)
    scanned: bool = False
    book: Manifests | None = None
    manifest: PartitionManifest | None = None
    manifest_loaded: bool = False

    def storage(self, number: int) -> EncryptedSegmentStorage:
        identity = f"{self.directory.name}/{number:06d}"
        return EncryptedSegmentStorage(
            segment_file(self.directory, number),
            identity,
            self.context,
            check=self._checker(number),
        )

    def load_manifest(self) -> PartitionManifest | None:
        """This partition's manifest; a listed partition without one is damage."""
        if self.book is None:
            return None
        if not self.manifest_loaded:
            self.manifest = self.book.load(self.directory.name)
            if self.manifest is None and self.book.state(self.directory.name) == "live":
                raise MissingDataError(
                    Damage(
                        DamageKind.MANIFEST_MISSING,
                        self.name,
                        self.directory.name,
                        self._manifest_file(),
                        (),
                        0,
                    )
                )
            self.manifest_loaded = True
        return self.manifest

    def _manifest_file(self) -> str:
        return f"m/{self.directory.name}.vwm"

    def _checker(self, number: int) -> Callable[[int | None], None] | None:
        manifest = self.load_manifest()
        entry = None if manifest is None else manifest.segments.get(number)
        if entry is None:
            return None
        recorded = entry

        def check(found: int | None) -> None:
            if found is None or found < recorded.generation:
                raise MissingDataError(self._damage(number, recorded, found))

        return check

    def _damage(self, number: int, entry: SegmentEntry, found: int | None) -> Damage:
        relative = segment_file(self.directory, number).relative_to(self.context.root)
        if not self.directory.is_dir() and self.manifest is not None:
            return Damage(
                DamageKind.PARTITION_MISSING,
                self.name,
                self.directory.name,
                relative.parent.as_posix(),
                self.manifest.kinds(),
                self.manifest.unsent(),
            )
        storage = EncryptedSegmentStorage(
            segment_file(self.directory, number),
            f"{self.directory.name}/{number:06d}",
            self.context,
        )
        return Damage(
            DamageKind.SEGMENT_MISSING if found is None else DamageKind.SEGMENT_ROLLED_BACK,
            self.name,
            self.directory.name,
            relative.as_posix(),
            entry.kinds,
            entry.unsent,
            expected_generation=entry.generation,
            found_generation=found,
            previous=newer_previous(storage, found),
        )

    def segment_numbers(self) -> list[int]:
        if not self.scanned:
            on_disk: set[int] = set()
            if self.directory.is_dir():
                remove_leftovers(self.directory)
                on_disk = {_number(p) for p in self.directory.glob(f"*{SEGMENT_SUFFIX}")}
            manifest = self.load_manifest()
            listed = set() if manifest is None else set(manifest.segments)
            self.numbers = sorted(on_disk | listed)
            self.scanned = True
        return self.numbers

    def _note_write(self, number: int, session: BufferedTransaction) -> None:
        """After a segment write: record its generation, kinds and unsent changes."""
        if self.book is None:
            return
        generation = session.base.generation
        assert generation is not None
        manifest = self.load_manifest() or PartitionManifest(self.name)
        manifest.segments[number] = SegmentEntry.of(generation, session.data)
        self.book.save(self.directory.name, manifest)
        self.manifest, self.manifest_loaded = manifest, True
        if self.book.state(self.directory.name) != "live":
            self.book.set_state(self.directory.name, self.name, "live")

    @contextmanager
    def transaction(
        self, number: int, buffered: BufferedTransaction | None = None
    ) -> Iterator[TinyDB]:
        """A TinyDB session on one segment whose writes land in one atomic commit."""
        session = buffered or BufferedTransaction(self.storage(number))
        yield TinyDB(storage=lambda: session)
        if not self.directory.is_dir():
            if self.book is not None and self.book.state(self.directory.name) is None:
                self.book.set_state(self.directory.name, self.name, "new")
            make_directory_durably(self.directory)
        if session.commit():
            self._note_write(number, session)
        if number not in self.numbers:
            self.numbers.append(number)

    def commit(self, puts: list[Record], outbox: list[Record]) -> None:
        """Write ``puts`` (each with kind, id, data or deleted) and ``outbox`` to the tail."""
        numbers = self.segment_numbers()
        if not numbers:
            self._start_segment(1, 0, puts, outbox)
            return
        tail = BufferedTransaction(self.storage(numbers[-1]))
        with self.transaction(numbers[-1], tail) as database:
            seq = _max_seq(database) + 1
            if len(database.table(RECORDS_TABLE)) < SEGMENT_CAPACITY:
                _apply(database, seq, puts, outbox)
                return
        self._start_segment(numbers[-1] + 1, seq - 1, puts, outbox)

    def _start_segment(
        self, number: int, seq_base: int, puts: list[Record], outbox: list[Record]
    ) -> None:
        with self.transaction(number) as database:
            database.table(META_TABLE).insert({"partition": self.name, "seq_base": seq_base})
            _apply(database, seq_base + 1, puts, outbox)

    def read_all(self) -> dict[int, dict[str, dict[str, Any]]]:
        """Every segment's tables, by segment number (decrypting each once)."""
        return {number: self.storage(number).read() or {} for number in self.segment_numbers()}

    def resolve(self) -> dict[tuple[str, str], Record]:
        """The current copy of every live record; stale copies are cleaned up on the way."""
        segments = self.read_all()
        best: dict[tuple[str, str], tuple[int, int, Record]] = {}
        for number, tables in segments.items():
            for record in tables.get(RECORDS_TABLE, {}).values():
                key = (record["kind"], record["id"])
                if key not in best or record["seq"] > best[key][1]:
                    best[key] = (number, record["seq"], record)
        self._clean_stale(segments, best)
        return {key: rec for key, (_, _, rec) in best.items() if not rec.get("deleted")}

    def _clean_stale(
        self,
        segments: dict[int, dict[str, dict[str, Any]]],
        best: dict[tuple[str, str], tuple[int, int, Record]],
    ) -> None:
        for number, tables in segments.items():
            stale = [
                (rec["kind"], rec["id"], rec["seq"])
                for rec in tables.get(RECORDS_TABLE, {}).values()
                if best[(rec["kind"], rec["id"])][0] != number
            ]
            if not stale:
                continue
            with self.transaction(number) as database:
                entry = Query()
                for kind, record_id, seq in stale:
                    database.table(RECORDS_TABLE).remove(
                        (entry.kind == kind) & (entry.id == record_id) & (entry.seq == seq)
                    )

    def meta(self) -> Record | None:
        numbers = self.segment_numbers()
        if not numbers:
            return None
        metas = (self.storage(numbers[0]).read() or {}).get(META_TABLE, {})
        return next(iter(metas.values()), None)

    def outbox(self, number: int) -> list[Record]:
        """The segment's outbox entries in commit order, as they were given to :meth:`commit`."""
        tables = self.storage(number).read() or {}
        ordered = sorted(tables.get(OUTBOX_TABLE, {}).values(), key=lambda entry: entry["seq"])
        return [{k: v for k, v in entry.items() if k != "seq"} for entry in ordered]

    def update_outbox(self, number: int, updates: dict[str, Record]) -> None:
        """Change fields of outbox entries in one segment (a rejection, a rebase, a retry)."""
        with self.transaction(number) as database:
            table = database.table(OUTBOX_TABLE)
            for change_id, fields in updates.items():
                table.update(fields, Query().change_id == change_id)

    def acknowledge(self, number: int, change_ids: set[str]) -> int:
        """Remove acknowledged outbox entries from one segment; returns how many remain."""
        with self.transaction(number) as database:
            table = database.table(OUTBOX_TABLE)
            table.remove(Query().change_id.one_of(sorted(change_ids)))
            return len(table)


def _max_seq(database: TinyDB) -> int:
    seqs = [int(record["seq"]) for record in database.table(RECORDS_TABLE).all()]
    seqs += [int(entry["seq"]) for entry in database.table(OUTBOX_TABLE).all()]
    seqs += [int(meta["seq_base"]) for meta in database.table(META_TABLE).all()]
    return max(seqs, default=0)


def _apply(database: TinyDB, seq: int, puts: list[Record], outbox: list[Record]) -> None:
    records: Table = database.table(RECORDS_TABLE)
    entry = Query()
    for put in puts:
        records.upsert(put | {"seq": seq}, (entry.kind == put["kind"]) & (entry.id == put["id"]))
    outbox_table = database.table(OUTBOX_TABLE)
    for change in outbox:
        outbox_table.insert(change | {"seq": seq})
