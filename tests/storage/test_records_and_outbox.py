"""Records, partitions, segment rollover, updates, and the outbox in the same commit."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.clock import utc_now
from fieldapp.services.caseload import CaseloadService
from fieldapp.storage import atomic
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.outbox import DeviceOutbox
from fieldapp.storage.partition import SEGMENT_CAPACITY
from fieldapp.storage.pending_entry import PendingEntry
from fieldapp.storage.store import EncryptedStore
from tests.factories import build_client

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.text(max_size=40)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _put(record_id: str, data: object) -> dict[str, object]:
    return {"kind": "visit", "id": record_id, "data": data}


def _change(record_id: str) -> dict[str, object]:
    return {"change_id": str(uuid.uuid4()), "entity_id": record_id}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=json_values)
def test_codec_round_trips_any_json_document(store: EncryptedStore, data: object) -> None:
    record_id = str(uuid.uuid4())
    store.commit("client:codec", [_put(record_id, data)])
    store.lock()
    store.unlock("zeven-zilveren-zwanen")
    assert store.get("client:codec", "visit", record_id) == {
        "kind": "visit",
        "id": record_id,
        "data": data,
        "seq": store.get("client:codec", "visit", record_id)["seq"],  # type: ignore[index]
    }


def test_segments_roll_over_and_every_record_stays(store: EncryptedStore, store_dir: Path) -> None:
    ids = [str(uuid.uuid4()) for _ in range(SEGMENT_CAPACITY * 3 + 5)]
    for record_id in ids:
        store.commit("client:1", [_put(record_id, {"n": record_id})])
    segments = list(store_dir.glob("p/*/*.vws"))
    assert len(segments) == 4
    assert [r["id"] for r in store.records("client:1")] == ids


def test_update_of_an_old_record_wins_and_the_stale_copy_is_cleaned(
    store: EncryptedStore,
) -> None:
    first = str(uuid.uuid4())
    store.commit("client:1", [_put(first, {"v": 1})])
    for _ in range(SEGMENT_CAPACITY):
        store.commit("client:1", [_put(str(uuid.uuid4()), {})])
    store.commit("client:1", [_put(first, {"v": 2})])
    assert store.get("client:1", "visit", first)["data"] == {"v": 2}  # type: ignore[index]
    partition = store._partition("client:1")
    copies = [
        rec
        for tables in partition.read_all().values()
        for rec in tables.get("records", {}).values()
        if rec["id"] == first
    ]
    assert [c["data"] for c in copies] == [{"v": 2}]


def test_deleted_record_is_gone(store: EncryptedStore) -> None:
    record_id = str(uuid.uuid4())
    store.commit("client:1", [_put(record_id, {})])
    store.commit("client:1", [{"kind": "visit", "id": record_id, "deleted": True}])
    assert store.get("client:1", "visit", record_id) is None


def test_partitions_are_listed_by_name_but_named_privately_on_disk(
    store: EncryptedStore, store_dir: Path
) -> None:
    client_id = str(uuid.uuid4())
    store.commit(f"client:{client_id}", [_put("a", {})])
    store.commit("client:other", [_put("b", {})])
    assert store.partitions() == sorted([f"client:{client_id}", "client:other"])
    on_disk = " ".join(str(p) for p in store_dir.rglob("*"))
    assert client_id not in on_disk


def test_outbox_is_written_with_the_change_and_acknowledged_later(
    store: EncryptedStore,
) -> None:
    ids = [str(uuid.uuid4()) for _ in range(SEGMENT_CAPACITY + 10)]
    for record_id in ids:
        store.commit("client:1", [_put(record_id, {})], [_change(record_id)])
    pending = store.pending()
    assert [p.entry["entity_id"] for p in pending] == ids
    store.acknowledge(pending[:50])
    store.lock()
    store.unlock("zeven-zilveren-zwanen")
    assert [p.entry["entity_id"] for p in store.pending()] == ids[50:]
    assert len(store.records("client:1")) == len(ids)


def test_failed_commit_writes_neither_record_nor_outbox_entry(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = str(uuid.uuid4())
    store.commit("client:1", [_put(kept, {})], [_change(kept)])
    lost = str(uuid.uuid4())

    def crash_before_rename(
        path: Path, data: bytes, *, keep_previous: bool = True, tier: int = 0
    ) -> None:
        (path.with_name(path.name + atomic.TEMP_SUFFIX)).write_bytes(data[: len(data) // 2])
        raise OSError("power lost")

    monkeypatch.setattr("fieldapp.storage.segment.atomic_replace", crash_before_rename)
    with pytest.raises(OSError, match="power lost"):
        store.commit("client:1", [_put(lost, {})], [_change(lost)])
    monkeypatch.undo()
    store.close()
    reopened = EncryptedStore.open(store.data_directory())
    reopened.unlock("zeven-zilveren-zwanen")
    assert [r["id"] for r in reopened.records("client:1")] == [kept]
    assert [p.entry["entity_id"] for p in reopened.pending()] == [kept]
    assert not list(store.data_directory().rglob("*.tmp"))
    reopened.close()


def test_listing_the_changes_reads_the_outbox_once(
    store: EncryptedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sync screen and the indicator list the outbox often: each entry is decrypted once
    per listing, not once to find superseded changes and again to list the rest."""
    clock = utc_now
    service = CaseloadService(CaseloadStore(store, clock), clock)
    client = build_client()
    service.save_client(client)
    service.save_client(client.model_copy(update={"first_name": "Anders"}))
    reads = 0
    pending = store.pending

    def counted() -> list[PendingEntry]:
        nonlocal reads
        reads += 1
        return pending()

    monkeypatch.setattr(store, "pending", counted)
    changes = DeviceOutbox(store, clock).changes()
    assert reads == 1
    assert changes and all(change.entity_id == client.id for change in changes)
