"""Issue 17, item 4: a deleted segment, a deleted partition directory or an older copy of a
segment put back is detected, at the next read while unlocked and at unlock while locked, with
the record kinds and unsent changes affected; recovery from the kept previous copy is offered,
never taken silently; and the manifests never make a crash look like missing data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fieldapp.domain.store_errors import Damage, DamageKind, MissingDataError, StoreErrorCode
from fieldapp.storage import crypto
from fieldapp.storage.manifest import MANIFEST_DIR
from fieldapp.storage.partition import SEGMENT_CAPACITY
from fieldapp.storage.segment import MAGIC, read_header
from fieldapp.storage.store import PARTITIONS_DIR, EncryptedStore
from tests.storage.conftest import PASSPHRASE

CLIENT = "client:1"


def _save(store: EncryptedStore, record_id: str, kind: str = "visit", unsent: bool = True) -> None:
    store.commit(
        CLIENT,
        [{"kind": kind, "id": record_id, "data": {"n": record_id}}],
        [{"change_id": f"c-{record_id}", "entity_id": record_id}] if unsent else [],
    )


def _segment(store: EncryptedStore, number: int, partition: str = CLIENT) -> Path:
    directory = store.data_directory() / PARTITIONS_DIR / store.directory_name(partition)
    return directory / f"{number:06d}.vws"


def _two_segments(store: EncryptedStore) -> None:
    """Segment 1 full (visits, one referral), segment 2 with two more visits."""
    _save(store, "ref", kind="referral")
    for n in range(SEGMENT_CAPACITY - 1):
        _save(store, f"v{n}", unsent=False)
    _save(store, "late-1")
    _save(store, "late-2")
    assert _segment(store, 2).exists()


def _read_fails(store: EncryptedStore) -> Damage:
    with pytest.raises(MissingDataError) as caught:
        store.records(CLIENT)
    assert caught.value.code is StoreErrorCode.DATA_MISSING
    return caught.value.damage


def _relock(store: EncryptedStore) -> list[Damage]:
    store.lock()
    store.unlock(PASSPHRASE)
    return store.damage()


# -- a deleted segment -------------------------------------------------------------------


def test_a_segment_deleted_while_unlocked_is_caught_at_the_next_read(
    store: EncryptedStore,
) -> None:
    _two_segments(store)
    store.records(CLIENT)
    _segment(store, 1).unlink()
    damage = _read_fails(store)
    assert damage.kind is DamageKind.SEGMENT_MISSING
    assert damage.kinds == ("referral", "visit")
    assert damage.unsent == 1
    assert damage.partition == CLIENT
    assert store.damage() == [damage]


def test_a_segment_deleted_while_locked_is_caught_at_unlock(store: EncryptedStore) -> None:
    _two_segments(store)
    path = _segment(store, 2)
    store.lock()
    path.unlink()
    store.unlock(PASSPHRASE)  # unlocking still works: the key is fine
    (damage,) = store.damage()
    assert damage.kind is DamageKind.SEGMENT_MISSING
    assert (damage.kinds, damage.unsent) == (("visit",), 2)
    assert damage.expected_generation == 2
    _read_fails(store)


def test_unsent_changes_of_a_missing_segment_are_reported_not_dropped(
    store: EncryptedStore,
) -> None:
    _two_segments(store)
    store.commit("client:2", [{"kind": "visit", "id": "x", "data": {}}], [{"change_id": "cx"}])
    path = _segment(store, 2)
    store.lock()
    path.unlink()
    store.unlock(PASSPHRASE)
    pending = {entry.entry["change_id"] for entry in store.pending()}
    assert "cx" in pending  # the rest of the queue still goes
    assert {"c-late-1", "c-late-2"}.isdisjoint(pending)
    (damage,) = store.damage()
    assert damage.unsent == 2
    with pytest.raises(MissingDataError):  # nothing is written over the gap
        _save(store, "new")


# -- an older copy put back --------------------------------------------------------------


def test_an_older_copy_put_back_while_unlocked_is_caught_at_the_next_read(
    store: EncryptedStore,
) -> None:
    _two_segments(store)
    older = _segment(store, 2).read_bytes()
    _save(store, "late-3")
    _segment(store, 2).write_bytes(older)
    damage = _read_fails(store)
    assert damage.kind is DamageKind.SEGMENT_ROLLED_BACK
    assert (damage.expected_generation, damage.found_generation) == (3, 2)
    assert damage.lost_saves == 1


def test_an_older_copy_put_back_while_locked_is_caught_at_unlock(store: EncryptedStore) -> None:
    _two_segments(store)
    path = _segment(store, 1)
    older = path.read_bytes()
    store.commit(CLIENT, [{"kind": "visit", "id": "v0", "data": {"n": "changed"}}])
    store.records(CLIENT)  # cleans the stale v0 out of segment 1: its generation 2
    store.lock()
    path.write_bytes(older)
    store.unlock(PASSPHRASE)
    (damage,) = store.damage()
    assert damage.kind is DamageKind.SEGMENT_ROLLED_BACK
    assert damage.file.endswith("000001.vws")


# -- a deleted partition directory -------------------------------------------------------


def _partition_deleted_while_locked(store: EncryptedStore) -> Damage:
    _two_segments(store)
    directory = _segment(store, 1).parent
    store.lock()
    shutil.rmtree(directory)
    store.unlock(PASSPHRASE)
    (damage,) = store.damage()
    return damage


def test_a_partition_directory_deleted_while_locked_is_caught_at_unlock(
    store: EncryptedStore,
) -> None:
    damage = _partition_deleted_while_locked(store)
    assert damage.kind is DamageKind.PARTITION_MISSING
    assert (damage.kinds, damage.unsent) == (("referral", "visit"), 3)
    assert CLIENT in store.partitions()  # still listed, so nothing disappears quietly


def test_a_partition_directory_deleted_while_unlocked_is_caught_at_the_next_read(
    store: EncryptedStore,
) -> None:
    _two_segments(store)
    shutil.rmtree(_segment(store, 1).parent)
    assert _read_fails(store).kind is DamageKind.PARTITION_MISSING


# -- what the person can do --------------------------------------------------------------


def test_the_previous_copy_is_offered_with_what_it_holds_and_restored_only_when_asked(
    store: EncryptedStore,
) -> None:
    _two_segments(store)
    path = _segment(store, 2)
    path.unlink()  # its .prev (generation 1: one visit, one unsent change) stays
    damage = _read_fails(store)
    assert damage.previous is not None
    assert (damage.previous.generation, damage.previous.kinds, damage.previous.unsent) == (
        1,
        ("visit",),
        1,
    )
    assert not path.exists()  # offered, not taken
    assert store.restore_previous_copy(damage) == 1
    assert "late-1" in {r["id"] for r in store.records(CLIENT)}
    assert store.damage() == []
    assert _relock(store) == []


def test_going_on_without_the_missing_part_is_remembered(store: EncryptedStore) -> None:
    _two_segments(store)
    _segment(store, 1).unlink()
    damage = _read_fails(store)
    store.accept_loss(damage)
    assert {r["id"] for r in store.records(CLIENT)} == {"late-1", "late-2"}
    assert _relock(store) == []
    _save(store, "after")
    assert "after" in {r["id"] for r in store.records(CLIENT)}


def test_going_on_without_a_missing_partition_unlists_it(store: EncryptedStore) -> None:
    store.accept_loss(_partition_deleted_while_locked(store))
    assert CLIENT not in store.partitions()
    assert _relock(store) == []


def test_a_deleted_manifest_is_damage_too(store: EncryptedStore) -> None:
    _two_segments(store)
    manifest = store.data_directory() / MANIFEST_DIR / f"{_segment(store, 1).parent.name}.vwm"
    store.lock()
    manifest.unlink()
    store.unlock(PASSPHRASE)
    (damage,) = store.damage()
    assert damage.kind is DamageKind.MANIFEST_MISSING
    store.accept_loss(damage)
    assert _relock(store) == []


def test_a_deleted_partition_list_is_damage_not_a_fresh_start(store: EncryptedStore) -> None:
    _two_segments(store)
    store.lock()
    (store.data_directory() / MANIFEST_DIR / "partitions.vwm").unlink()
    store.unlock(PASSPHRASE)
    (damage,) = store.damage()
    assert damage.kind is DamageKind.MANIFEST_MISSING
    store.accept_loss(damage)
    assert _relock(store) == []
    assert CLIENT in store.partitions()


# -- no false alarms ---------------------------------------------------------------------


def test_a_store_from_before_manifests_is_recorded_as_it_is(store: EncryptedStore) -> None:
    _two_segments(store)
    for segment in (store.data_directory() / PARTITIONS_DIR).glob("*/*.vws"):
        _strip_manifest_flag(store, segment)
    store.lock()
    shutil.rmtree(store.data_directory() / MANIFEST_DIR)
    store.unlock(PASSPHRASE)
    assert store.damage() == []
    assert len(store.records(CLIENT)) == SEGMENT_CAPACITY + 2
    assert _relock(store) == []


def _strip_manifest_flag(store: EncryptedStore, segment: Path) -> None:
    """Rewrite a segment as the store wrote it before manifests (no "mf" in the header). The
    header is associated data, so this seals it again with the same store's key."""
    context = store._require().context
    raw = segment.read_bytes()
    header, offset = read_header(raw, segment.name)
    plaintext = crypto.open_sealed(context.seal_key, raw[offset:], raw[:offset])
    del header["mf"]
    encoded = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    prefix = MAGIC + len(encoded).to_bytes(4, "big") + encoded
    segment.write_bytes(prefix + crypto.seal(context.seal_key, plaintext, prefix))


def test_removing_a_partition_is_no_damage(store: EncryptedStore) -> None:
    _two_segments(store)
    store.remove_partition(CLIENT)
    assert CLIENT not in store.partitions()
    assert _relock(store) == []


def test_a_removal_cut_off_by_a_crash_is_finished_at_unlock(store: EncryptedStore) -> None:
    _two_segments(store)
    directory = _segment(store, 1).parent
    manifests = store._require().manifests
    manifests.set_state(directory.name, CLIENT, "removing")  # the crash came right after
    store.lock()
    assert _relock(store) == []
    assert not directory.exists()
    assert CLIENT not in store.partitions()


def test_a_write_touches_only_its_own_partition_manifest(store: EncryptedStore) -> None:
    _save(store, "a")
    store.commit("client:2", [{"kind": "visit", "id": "b", "data": {}}])
    manifests = store.data_directory() / MANIFEST_DIR
    before = {path.name: path.read_bytes() for path in manifests.iterdir()}
    _save(store, "a2")
    after = {path.name: path.read_bytes() for path in manifests.iterdir()}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {f"{store.directory_name(CLIENT)}.vwm"}
