"""The encrypted store: lifecycle (create, unlock, lock, change passphrase) and its API.

Records are grouped into partitions (one per client dossier, plus a few small ones); a commit
puts records and their pending-changes outbox entries into one partition in a single atomic
write. One lock serialises every operation (Flet runs handlers concurrently, TinyDB is not
thread-safe), and an exclusive file lock keeps a second process out of the same directory.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from fieldapp.domain.clock import utc_now
from fieldapp.domain.store_errors import (
    Damage,
    MissingDataError,
    StoreError,
    StoreErrorCode,
    StoreLockedError,
)
from fieldapp.storage import crypto, shared_writes
from fieldapp.storage.atomic import make_directory_durably
from fieldapp.storage.damage_book import DamageBook
from fieldapp.storage.detached import run_detached
from fieldapp.storage.keyfile import KEYFILE_NAME, KeyFile, read_keyfile, write_keyfile
from fieldapp.storage.manifest import Manifests, finish_removal
from fieldapp.storage.partition import SEGMENT_SUFFIX, Partition, Record
from fieldapp.storage.pending_entry import PendingEntry, by_segment
from fieldapp.storage.segment import SegmentContext
from fieldapp.storage.store_check import accept_as_it_is, adopt, check_store
from fieldapp.storage.store_files import (
    PARTITIONS_DIR,
    acquire_file_lock,
    discard_directory,
    erase,
    pending_segments,
    segment_stamps,
)
from fieldapp.storage.store_keys import (
    check_passphrase_policy,
    derivation_slot,
    new_keyfile,
    rewrap_if_outdated,
    unwrap_guarded,
)
from fieldapp.storage.unlock_guard import UnlockGuard

logger = logging.getLogger(__name__)


@dataclass
class _Unlocked:
    keyfile: KeyFile
    context: SegmentContext
    name_key: bytes
    manifests: Manifests


class EncryptedStore:
    """An encrypted, crash-safe, partitioned document store on TinyDB."""

    def __init__(self, directory: Path, clock: Callable[[], datetime] = utc_now) -> None:
        self._dir = directory
        self._guard = UnlockGuard(directory, clock)
        self._lock = threading.RLock()
        self._state: _Unlocked | None = None
        self._partitions: dict[str, Partition] = {}
        self._pending_segments: dict[Path, str] | None = None
        self._unsent_segments: set[Path] = set()
        self._damage = DamageBook()
        self._file_lock: IO[bytes] | None = None

    # -- lifecycle -----------------------------------------------------------------------

    @staticmethod
    def exists(directory: Path) -> bool:
        return (directory / KEYFILE_NAME).exists()

    @classmethod
    def create(
        cls, directory: Path, passphrase: str, kdf: crypto.KdfParams | None = None
    ) -> EncryptedStore:
        """Create a new store and return it unlocked. Slow (key derivation): off the UI thread."""
        check_passphrase_policy(passphrase)
        if cls.exists(directory):
            raise StoreError(StoreErrorCode.ALREADY_EXISTS, "a store exists in this directory")
        make_directory_durably(directory)
        store = cls(directory)
        store._file_lock = acquire_file_lock(directory)
        keyfile, data_key = new_keyfile(passphrase, kdf)
        write_keyfile(directory, keyfile)
        store._install(keyfile, data_key)
        store._require().manifests.set_state_many({})
        return store

    @classmethod
    def open(cls, directory: Path, clock: Callable[[], datetime] = utc_now) -> EncryptedStore:
        """Open an existing store, locked. Raises ``store.not_found`` or ``store.in_use``."""
        read_keyfile(directory)
        store = cls(directory, clock)
        store._file_lock = acquire_file_lock(directory)
        return store

    def close(self) -> None:
        with self._lock:
            self.lock()
            if self._file_lock is not None:
                self._file_lock.close()
                self._file_lock = None

    @property
    def is_unlocked(self) -> bool:
        return self._state is not None

    def unlock(self, passphrase: str) -> None:
        """Unwrap the data key. Wrong passphrase: WrongPassphraseError, nothing changed;
        too many in a row: ThrottledError with the seconds to wait (survives a restart);
        another unlock or passphrase change still deriving after a long wait: BusyError.

        A key file with parameters that :func:`crypto.needs_rewrap` rejects (several lanes,
        below the minimum) is re-wrapped under the current ones, in the same derivation slot."""
        try:
            with derivation_slot():
                keyfile = read_keyfile(self._dir)
                data_key = unwrap_guarded(self._guard, keyfile, passphrase)
                keyfile = rewrap_if_outdated(self._dir, keyfile, data_key, passphrase)
        except StoreError as error:
            logger.warning("unlock refused: %s", error.code.value)
            raise
        with self._lock:
            self._install(keyfile, data_key)
            self._check()
        logger.info("store unlocked (key id %s)", keyfile.key_id)

    def _install(self, keyfile: KeyFile, data_key: bytes) -> None:
        context = SegmentContext(
            store_id=keyfile.store_id,
            key_id=keyfile.key_id,
            seal_key=crypto.subkey(data_key, "segments"),
            root=self._dir,
        )
        self._state = _Unlocked(
            keyfile=keyfile,
            context=context,
            name_key=crypto.subkey(data_key, "partition-names"),
            manifests=Manifests(self._dir, context),
        )
        self._forget_partitions()

    def _forget_partitions(self) -> None:
        self._partitions.clear()
        self._pending_segments = None

    def _check(self) -> None:
        """Compare the manifests with the files; what is missing is kept as damage."""
        result = check_store(self._dir / PARTITIONS_DIR, self._require().manifests)
        self._damage.replace(result.damage)
        self._unsent_segments = result.unsent_segments

    def lock(self) -> None:
        """Drop every key reference and everything cached about partitions."""
        with self._lock:
            self._state = None
            self._forget_partitions()
            self._damage = DamageBook()
            self._unsent_segments = set()

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the data key under ``new``; no record is rewritten. Old stops working."""
        check_passphrase_policy(new)
        with derivation_slot(), self._lock:
            current = read_keyfile(self._dir)
            data_key = unwrap_guarded(self._guard, current, old)
            rewrapped = current.rewrapped(data_key, new)
            write_keyfile(self._dir, rewrapped)
            self._install(rewrapped, data_key)

    # -- async wrappers: the blocking work runs in a worker thread --------------------------

    async def unlock_async(self, passphrase: str) -> None:
        await run_detached(lambda: self.unlock(passphrase), "veldwerk-unlock")

    async def change_passphrase_async(self, old: str, new: str) -> None:
        await run_detached(lambda: self.change_passphrase(old, new), "veldwerk-passphrase")

    async def commit_async(
        self, partition: str, puts: Sequence[Record], outbox: Sequence[Record] = ()
    ) -> None:
        await asyncio.to_thread(self.commit, partition, puts, outbox)

    # -- records -----------------------------------------------------------------------

    def _require(self) -> _Unlocked:
        if self._state is None:
            raise StoreLockedError
        return self._state

    def _partition(self, name: str) -> Partition:
        state = self._require()
        partition = self._partitions.get(name)
        if partition is None:
            directory = self._dir / PARTITIONS_DIR / crypto.name_for(state.name_key, name)
            partition = Partition(
                name=name, directory=directory, context=state.context, book=state.manifests
            )
            self._partitions[name] = partition
        return partition

    def commit(self, partition: str, puts: Sequence[Record], outbox: Sequence[Record] = ()) -> None:
        """Durably write records and outbox entries of one partition in one atomic write.

        Each put is ``{"kind", "id", "data"}`` (or ``"deleted": True`` instead of data). When
        this returns the change is on disk; when it raises, nothing of it is.
        """
        with self._lock, self._damage.noting():
            target = self._partition(partition)
            if not target.directory.parent.is_dir():
                make_directory_durably(target.directory.parent)
            target.commit([dict(put) for put in puts], [dict(entry) for entry in outbox])
            if outbox and self._pending_segments is not None:
                self._pending_segments[
                    target.directory / f"{target.segment_numbers()[-1]:06d}{SEGMENT_SUFFIX}"
                ] = partition

    def commit_many(self, writes: Mapping[str, Sequence[Record]]) -> None:
        """Durably write records (no outbox entries) into many partitions: what a pull brings
        (:mod:`fieldapp.storage.shared_writes`)."""
        for group in shared_writes.groups(writes):
            self._commit_group(group)

    def _commit_group(self, writes: Mapping[str, Sequence[Record]]) -> None:
        with self._lock, self._damage.noting():
            book = self._require().manifests
            targets = {name: self._partition(name) for name in writes}
            try:
                shared_writes.write_group(book, targets, writes)
            except BaseException:
                # what is in place on disk may now be behind what was noted in memory
                self._partitions.clear()
                book.forget_cached_list()
                raise

    def records(self, partition: str, kind: str | None = None) -> list[Record]:
        """The current records of a partition (optionally one kind), oldest write first."""
        with self._lock, self._damage.noting():
            live = self._partition(partition).resolve().values()
            chosen = [r for r in live if kind is None or r["kind"] == kind]
            return sorted(chosen, key=lambda record: (record["seq"], record["id"]))

    def get(self, partition: str, kind: str, record_id: str) -> Record | None:
        with self._lock, self._damage.noting():
            return self._partition(partition).resolve().get((kind, record_id))

    def partitions(self) -> list[str]:
        """The names of all partitions that hold data (from the partition list)."""
        with self._lock:
            return sorted(set(self._require().manifests.names().values()) - {""})

    def directory_name(self, partition: str) -> str:
        """The directory a partition lives in (a keyed hash of its name: names stay secret)."""
        return self._partition(partition).directory.name

    def name_of_directory(self, directory_name: str) -> str | None:
        """The partition name kept in a directory's first segment (decrypts it)."""
        with self._lock:
            state = self._require()
            directory = self._dir / PARTITIONS_DIR / directory_name
            meta = Partition(name="", directory=directory, context=state.context).meta()
            return None if meta is None else str(meta["partition"])

    def version_stamps(self) -> dict[str, str]:
        """Directory name -> a stamp of every segment's number and generation, read from the
        plaintext headers without decrypting: it changes whenever the partition does."""
        with self._lock:
            listed = self._require().manifests.names()
            return segment_stamps(self._dir / PARTITIONS_DIR, listed)

    # -- outbox ------------------------------------------------------------------------

    def _scan_pending(self) -> dict[Path, str]:
        state = self._require()
        if self._pending_segments is None:
            self._pending_segments = pending_segments(
                self._dir / PARTITIONS_DIR, self._unsent_segments, state.context
            )
        return self._pending_segments

    def pending(self) -> list[PendingEntry]:
        """Every outbox entry not yet acknowledged, in commit order per partition."""
        with self._lock:
            entries: list[PendingEntry] = []
            for path, name in sorted(self._scan_pending().items()):
                partition = self._partition(name or self._listed_name(path.parent.name))
                number = int(path.name.removesuffix(SEGMENT_SUFFIX))
                try:
                    outbox = partition.outbox(number)
                except MissingDataError as error:  # reported; the rest of the queue goes on
                    self._damage.note(error.damage)
                    continue
                entries.extend(
                    PendingEntry(partition=partition.name, segment=number, entry=entry)
                    for entry in outbox
                )
            return entries

    def _listed_name(self, directory: str) -> str:
        return self._require().manifests.names().get(directory, "")

    def acknowledge(self, entries: Iterable[PendingEntry]) -> None:
        """Remove outbox entries after the server's durable acknowledgement."""
        with self._lock:
            pending = self._scan_pending()
            for (name, number), changes in by_segment((item, None) for item in entries).items():
                partition = self._partition(name)
                if partition.acknowledge(number, set(changes)) == 0:
                    pending.pop(partition.directory / f"{number:06d}{SEGMENT_SUFFIX}", None)

    def update_pending(self, updates: Iterable[tuple[PendingEntry, Record]]) -> None:
        """Durably change fields of outbox entries (one atomic write per segment)."""
        with self._lock:
            for (name, number), changes in by_segment(updates).items():
                self._partition(name).update_outbox(number, changes)

    def remove_partition(self, name: str) -> None:
        """Delete a whole partition (a client that left this caseload), records and outbox.
        The list marks it as being removed first, so a crash halfway is finished at unlock
        instead of reading as a partition gone missing."""
        with self._lock:
            manifests = self._require().manifests
            partition = self._partition(name)
            directory = partition.directory
            if manifests.state(directory.name) is not None:
                manifests.set_state(directory.name, name, "removing")
            discard_directory(directory)
            finish_removal(directory.parent, manifests, directory.name)
            self._partitions.pop(name, None)
            if self._pending_segments is not None:
                for path in [p for p in self._pending_segments if p.parent == directory]:
                    del self._pending_segments[path]

    # -- damage: missing or rolled-back parts (ADR 0001) ---------------------------------

    def damage(self) -> list[Damage]:
        """What the last check at unlock, or a read since, found missing or rolled back and
        the person has not yet dealt with."""
        with self._lock:
            return self._damage.listed()

    def accept_loss(self, damage: Damage) -> None:
        """Go on without the missing part: the manifest is made to match the files as they
        are (the person was shown what this loses)."""
        with self._lock:
            accept_as_it_is(self._dir / PARTITIONS_DIR, self._require().manifests, damage)
            self._resolved(damage)

    def restore_previous_copy(self, damage: Damage) -> int:
        """Put back the kept previous copy the damage offers; returns its generation."""
        if damage.previous is None:
            raise StoreError(StoreErrorCode.NOT_FOUND, "no previous copy to restore")
        with self._lock:
            generation = self.restore_previous(damage.file)
            self._resolved(damage)
            return generation

    def _resolved(self, damage: Damage) -> None:
        self._damage.resolved(damage)
        self._forget_partitions()
        self._check()

    def destroy(self) -> None:
        """Crypto-erase: remove the wrapped data key, then the data it protected.

        Without the key file nobody can read the segments, whatever the passphrase; the
        segments are deleted afterwards to free the space. Used when the server revoked
        this device. The store is closed and cannot be used again.
        """
        with self._lock:
            self.lock()
            erase(self._dir)
            self.close()

    def restore_previous(self, file: str) -> int:
        """Put the kept previous generation of segment ``file`` back (after an integrity error
        or damage, when the person chose it); its manifest then records that generation."""
        with self._lock:
            state = self._require()
            path = self._dir / file
            probe = Partition(name="", directory=path.parent, context=state.context)
            generation = probe.storage(int(path.name.removesuffix(SEGMENT_SUFFIX)))
            restored = generation.restore_previous()
            adopt(self._dir / PARTITIONS_DIR, state.manifests, path.parent.name)
            self._forget_partitions()
            return restored

    def data_directory(self) -> Path:
        return self._dir


__all__ = ["PARTITIONS_DIR", "EncryptedStore", "Record"]
