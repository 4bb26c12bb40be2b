"""Fixtures for the storage tests: a store in a temp directory with test KDF parameters.

Tests use Argon2id at OWASP's minimum (19 MiB, t=2, p=1) so a create or unlock takes tens of
milliseconds; the production parameters are checked separately and measured by the benchmark.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.storage import crypto
from fieldapp.storage.store import EncryptedStore

PASSPHRASE = "zeven-zilveren-zwanen"


def fast_kdf() -> crypto.KdfParams:
    return crypto.KdfParams(
        algorithm="argon2id",
        salt=os.urandom(crypto.SALT_BYTES),
        memory_kib=19 * 1024,
        iterations=2,
        lanes=1,
    )


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path) -> Iterator[EncryptedStore]:
    opened = EncryptedStore.create(store_dir, PASSPHRASE, kdf=fast_kdf())
    yield opened
    opened.close()
