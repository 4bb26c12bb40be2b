"""A real encrypted store (fast key derivation) for the services' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.storage.store import EncryptedStore
from tests.storage.conftest import PASSPHRASE, fast_kdf


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EncryptedStore]:
    store = EncryptedStore.create(tmp_path / "s", PASSPHRASE, kdf=fast_kdf())
    yield store
    store.close()
