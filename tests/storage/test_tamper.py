"""Integrity: any flipped byte, truncation, or swapped file raises a typed error."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path

import pytest

from fieldapp.domain.store_errors import IntegrityError, StoreError, StoreErrorCode
from fieldapp.storage.keyfile import KEYFILE_NAME
from fieldapp.storage.partition import SEGMENT_CAPACITY
from fieldapp.storage.segment import MAGIC
from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE


def _one_segment(store: EncryptedStore, store_dir: Path, partition: str = "client:1") -> Path:
    store.commit(partition, [{"kind": "visit", "id": "v1", "data": {"note": "eerste"}}])
    store.commit(partition, [{"kind": "visit", "id": "v2", "data": {"note": "tweede"}}])
    (segment,) = store._partition(partition).directory.glob("*.vws")
    return segment


def _regions(raw: bytes) -> dict[str, range]:
    header_end = 8 + int.from_bytes(raw[4:8], "big")
    return {
        "magic": range(0, 4),
        "header_length": range(4, 8),
        "header": range(8, header_end),
        "nonce": range(header_end, header_end + 12),
        "ciphertext": range(header_end + 12, len(raw) - 16),
        "tag": range(len(raw) - 16, len(raw)),
    }


def _reading_fails(store: EncryptedStore, partition: str = "client:1") -> IntegrityError:
    """Every read goes to the file (nothing is cached), so no re-unlock is needed."""
    with pytest.raises(IntegrityError) as caught:
        store.records(partition)
    assert caught.value.code is StoreErrorCode.INTEGRITY
    return caught.value


def test_every_flipped_byte_in_every_region_is_detected(
    store: EncryptedStore, store_dir: Path
) -> None:
    segment = _one_segment(store, store_dir)
    original = segment.read_bytes()
    regions = _regions(original)
    assert all(len(r) > 0 for r in regions.values())
    for name, positions in regions.items():
        for position in positions:
            damaged = bytearray(original)
            damaged[position] ^= 0x01
            segment.write_bytes(bytes(damaged))
            error = _reading_fails(store)
            assert error.file.endswith(".vws"), name
    segment.write_bytes(original)
    store.lock()
    store.unlock(PASSPHRASE)
    assert len(store.records("client:1")) == 2


def test_truncation_at_any_length_is_detected(store: EncryptedStore, store_dir: Path) -> None:
    segment = _one_segment(store, store_dir)
    original = segment.read_bytes()
    for length in range(0, len(original), 7):
        segment.write_bytes(original[:length])
        _reading_fails(store)


def test_last_good_generation_is_kept_reported_and_restorable(
    store: EncryptedStore, store_dir: Path
) -> None:
    segment = _one_segment(store, store_dir)
    damaged = bytearray(segment.read_bytes())
    damaged[-1] ^= 0xFF
    segment.write_bytes(bytes(damaged))
    error = _reading_fails(store)
    assert error.last_good_generation == 1
    assert "generation 1" in str(error)
    assert store.restore_previous(error.file) == 1
    assert [r["id"] for r in store.records("client:1")] == ["v1"]


def test_swapping_two_segments_ciphertexts_fails(store: EncryptedStore, store_dir: Path) -> None:
    first = _one_segment(store, store_dir, "client:1")
    second = _one_segment(store, store_dir, "client:2")
    shutil.copyfile(second, first)
    _reading_fails(store, "client:1")


def test_a_segment_replayed_under_another_number_fails(
    store: EncryptedStore, store_dir: Path
) -> None:
    for n in range(SEGMENT_CAPACITY + 6):
        store.commit("client:1", [{"kind": "visit", "id": f"v{n}", "data": {}}])
    one, two = sorted(store._partition("client:1").directory.glob("*.vws"))
    shutil.copyfile(one, two)
    _reading_fails(store)


def test_swapping_ciphertext_bodies_keeping_headers_fails(
    store: EncryptedStore, store_dir: Path
) -> None:
    first = _one_segment(store, store_dir, "client:1")
    second = _one_segment(store, store_dir, "client:2")
    raw_first, raw_second = first.read_bytes(), second.read_bytes()
    body_start = 8 + int.from_bytes(raw_first[4:8], "big")
    first.write_bytes(raw_first[:body_start] + raw_second[body_start:])
    _reading_fails(store, "client:1")


def test_every_flipped_byte_of_the_key_file_is_detected(
    store: EncryptedStore, store_dir: Path
) -> None:
    store.close()
    keyfile = store_dir / KEYFILE_NAME
    original = keyfile.read_bytes()
    for position in range(len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        keyfile.write_bytes(bytes(damaged))
        with pytest.raises(StoreError) as caught:
            EncryptedStore.open(store_dir)
        assert caught.value.code is StoreErrorCode.INTEGRITY
    keyfile.write_bytes(original)
    reopened = EncryptedStore.open(store_dir)
    reopened.unlock(PASSPHRASE)
    reopened.close()


def test_consistently_edited_key_file_header_cannot_unwrap(
    store: EncryptedStore, store_dir: Path
) -> None:
    """An attacker who recomputes the checksum still cannot change the KDF parameters."""
    store.close()
    keyfile = store_dir / KEYFILE_NAME
    body = json.loads(keyfile.read_bytes())
    body.pop("checksum")
    body["kdf"]["iterations"] = 1
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    body["checksum"] = hashlib.sha256(canonical).hexdigest()
    keyfile.write_bytes(json.dumps(body, sort_keys=True, separators=(",", ":")).encode())
    reopened = EncryptedStore.open(store_dir)
    with pytest.raises(StoreError) as caught:
        reopened.unlock(PASSPHRASE)
    assert caught.value.code is StoreErrorCode.WRONG_PASSPHRASE
    reopened.close()


def test_segment_format_starts_with_magic(store: EncryptedStore, store_dir: Path) -> None:
    assert _one_segment(store, store_dir).read_bytes().startswith(MAGIC)
    assert uuid.UUID(json.loads((store_dir / KEYFILE_NAME).read_bytes())["store_id"])
