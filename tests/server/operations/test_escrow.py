"""The server key wrapped with a passphrase (sync_server/operations/escrow.py): it opens with
the passphrase only, names its key id without one, and shows nothing of the key."""

from __future__ import annotations

import base64
import json
import secrets

import pytest

from sync_server.key_ring import KeyRing
from sync_server.operations.escrow import Cost, EscrowError, key_id_of, unwrap, wrap

CHEAP = Cost(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery"


def test_the_key_comes_back_with_its_passphrase_only() -> None:
    key = secrets.token_bytes(32)
    ring = KeyRing.of(key)
    text = wrap(ring, PASSPHRASE)  # the real cost, once
    assert unwrap(text, PASSPHRASE) == ring
    assert key_id_of(text) == ring.active.key_id
    assert base64.b64encode(key).decode() not in text and key.hex() not in text
    with pytest.raises(EscrowError, match="passphrase does not open"):
        unwrap(text, PASSPHRASE + "!")


def test_a_short_passphrase_is_refused() -> None:
    with pytest.raises(EscrowError, match="at least 12"):
        wrap(KeyRing.of(secrets.token_bytes(32)), "kort", CHEAP)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a Veldwerk key escrow file"),
        (lambda d: d.update(key_id="0" * 16), "passphrase does not open"),  # bound by the aad
        (lambda d: d["kdf"].update(salt="***"), "damaged"),
        (lambda d: d.update(sealed_key=base64.b64encode(b"x" * 48).decode()), "does not open"),
    ],
)
def test_a_changed_file_does_not_open(change: object, message: str) -> None:
    document = json.loads(wrap(KeyRing.of(secrets.token_bytes(32)), PASSPHRASE, CHEAP))
    change(document)  # type: ignore[operator]
    with pytest.raises(EscrowError, match=message):
        unwrap(json.dumps(document), PASSPHRASE)


def test_text_that_is_no_escrow_file_is_named_so() -> None:
    with pytest.raises(EscrowError, match="not a Veldwerk key escrow file"):
        key_id_of("server.key contents?")
