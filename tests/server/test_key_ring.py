"""The key ring's file and how a running server reads it again, and the sealing's key ids: a
wrapped key from before key ids were stored still opens, and a re-wrapped one opens with the
new key alone."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from sync_server import key_ring
from sync_server.key_ring import KeyRing, KeySource
from sync_server.keys import ServerKeyError
from sync_server.sealing import (
    LEGACY_WRAPPED_BYTES,
    NONCE_BYTES,
    Sealed,
    Sealer,
    SealError,
    key_ids,
)


def _key() -> bytes:
    return secrets.token_bytes(32)


def test_a_one_line_key_file_is_a_ring_of_one(tmp_path: Path) -> None:
    key = _key()
    path = tmp_path / "server.key"
    path.write_text(base64.b64encode(key).decode() + "\n")
    path.chmod(0o600)
    ring = key_ring.read(path)
    assert ring.masters == (key,) and ring.pending == 0
    assert ring.active == ring.newest == ring.first


def test_the_file_keeps_order_and_the_pending_mark(tmp_path: Path) -> None:
    ring = KeyRing.of(_key()).with_new(_key())
    path = tmp_path / "server.key"
    path.write_text("")
    path.chmod(0o600)
    key_ring.replace(path, ring)
    assert path.read_text().splitlines()[1].endswith(" pending")
    again = key_ring.read(path)
    assert again == ring and again.active.key_id == ring.first.key_id
    assert again.newest.key_id != again.active.key_id
    key_ring.replace(path, again.activated())
    assert key_ring.read(path).active.key_id == ring.newest.key_id
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert not path.with_name("server.key.new").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no key"),
        ("bm90LWEta2V5 pending extra\n", "does not understand"),
        (f"{base64.b64encode(bytes(32)).decode()} later\n", "does not understand"),
        (f"{base64.b64encode(bytes(32)).decode()} pending\n", "no active key"),
        (
            f"{base64.b64encode(bytes(32)).decode()}\n"
            f"{base64.b64encode(bytes(range(32))).decode()} pending\n"
            f"{base64.b64encode(bytes(32)).decode()}\n",
            "after its pending one",
        ),
        ("***\n", "not valid base64"),
        (f"{base64.b64encode(bytes(16)).decode()}\n", "must be 32 bytes"),
    ],
)
def test_a_damaged_ring_is_named_and_shows_no_key(text: str, message: str) -> None:
    with pytest.raises(ServerKeyError, match=message) as raised:
        key_ring.parse(text, "the test file")
    assert "the test file" in str(raised.value)
    assert base64.b64encode(bytes(32)).decode() not in str(raised.value)


def test_a_running_server_reads_the_ring_again_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "server.key"
    path.write_text("")
    path.chmod(0o600)
    first = KeyRing.of(_key())
    key_ring.replace(path, first)
    now = [0.0]
    source = KeySource(first, path, clock=lambda: now[0])
    second = first.with_new(_key())
    key_ring.replace(path, second)
    # Within the second it does not look again, unless asked for a key it does not hold.
    assert source.ring() == first
    assert source.holding(second.newest.key_id) == second
    third = second.activated()
    key_ring.replace(path, third)
    now[0] += 0.5
    assert source.ring() == second
    now[0] += 0.6
    assert source.ring() == third


def _legacy(sealer_key: bytes, table: str, record_id: str, document: bytes) -> Sealed:
    """A value sealed as servers did before key ids were stored (60-byte wrapped keys)."""
    ring = KeyRing.of(sealer_key)
    keys = ring.first

    def encrypt(key: bytes, plain: bytes, part: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        aad = f"veldwerk-server/v1|{table}|{record_id}|{keys.key_id}|{part}".encode()
        return nonce + AESGCM(key).encrypt(nonce, plain, aad)

    data_key = os.urandom(32)
    return Sealed(encrypt(keys.wrap, data_key, "key"), encrypt(data_key, document, "data"))


def test_a_wrapped_key_from_before_key_ids_opens_and_rewraps() -> None:
    old = _key()
    legacy = _legacy(old, "clients", "c-1", b'{"given_name":"Sanne"}')
    assert len(legacy.wrapped_key) == LEGACY_WRAPPED_BYTES
    ring = KeyRing.of(old)
    assert Sealer(KeySource(ring)).open("clients", "c-1", legacy) == {"given_name": "Sanne"}
    rotated = ring.with_new(_key())  # pending, as while a rotation runs
    moved = Sealer(KeySource(rotated)).rewrap("clients", "c-1", legacy.wrapped_key)
    assert moved is not None
    after = Sealed(moved, legacy.ciphertext)
    only_new = Sealer(KeySource(KeyRing.of(rotated.masters[-1])))
    assert only_new.open("clients", "c-1", after) == {"given_name": "Sanne"}
    with pytest.raises(SealError):
        Sealer(KeySource(ring)).open("clients", "c-1", after)
    with pytest.raises(SealError):  # the re-wrapped key is bound to its row too
        only_new.open("clients", "c-2", after)


@settings(max_examples=40, deadline=None)
@given(
    document=st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=4),
    rotations=st.integers(min_value=1, max_value=4),
)
def test_any_number_of_rotations_keeps_the_document_and_sheds_old_keys(
    document: dict[str, str], rotations: int
) -> None:
    ring = KeyRing.of(_key())
    sealed = Sealer(KeySource(ring)).seal("records", "r-1", document)
    assert key_ids(sealed.wrapped_key, ring.first).wrap == ring.newest.key_id
    wrapped = sealed.wrapped_key
    for _ in range(rotations):
        pending = ring.with_new(_key())  # re-wrapped while the new key is pending
        sealer = Sealer(KeySource(pending))
        moved = sealer.rewrap("records", "r-1", wrapped)
        assert moved is not None and sealer.rewrap("records", "r-1", moved) is None
        wrapped, ring = moved, pending.activated()
        ids = key_ids(wrapped, ring.first)
        assert ids.wrap == ring.newest.key_id
        assert ids.seal == ring.first.key_id  # the value itself was never sealed again
    newest_only = Sealer(KeySource(KeyRing.of(ring.masters[-1])))
    assert newest_only.open("records", "r-1", Sealed(wrapped, sealed.ciphertext)) == document
    current = Sealed(wrapped, sealed.ciphertext)
    assert Sealer(KeySource(ring)).open("records", "r-1", current) == document
    with pytest.raises(SealError, match="rotated out"):  # the ring holds the old key, but
        Sealer(KeySource(ring)).open("records", "r-1", sealed)  # refuses what it wrapped
    for old in ring.masters[:-1]:
        with pytest.raises(SealError):
            Sealer(KeySource(KeyRing.of(old))).open(
                "records", "r-1", Sealed(wrapped, sealed.ciphertext)
            )
