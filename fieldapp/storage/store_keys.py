"""The store's key file over its lifetime: the passphrase policy, a new key file, unwrapping
through the unlock guard, and re-wrapping one made under outdated derivation parameters.

Every key derivation runs in the process's one derivation slot (:func:`derivation_slot`),
taken before the store's own lock, never inside it (one order, no deadlock)."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

from fieldapp.domain.store_errors import (
    BusyError,
    StoreError,
    StoreErrorCode,
    ThrottledError,
    WrongPassphraseError,
)
from fieldapp.storage import crypto
from fieldapp.storage.keyfile import KeyFile, write_keyfile
from fieldapp.storage.unlock_guard import UnlockGuard

MIN_PASSPHRASE_LENGTH = 12

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def derivation_slot() -> Iterator[None]:
    """The process's one key derivation slot; a wait that runs out is the store's BusyError."""
    try:
        with crypto.exclusive_derivation():
            yield
    except crypto.DerivationBusyError:
        raise BusyError from None


def check_passphrase_policy(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise StoreError(
            StoreErrorCode.WEAK_PASSPHRASE,
            f"a passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters",
        )


def new_keyfile(passphrase: str, kdf: crypto.KdfParams | None) -> tuple[KeyFile, bytes]:
    """A new store's key file and its data key (slow: key derivation, in the slot)."""
    data_key = crypto.new_data_key()
    with derivation_slot():
        keyfile = KeyFile.wrap(
            store_id=str(uuid.uuid4()),
            data_key=data_key,
            passphrase=passphrase,
            kdf=kdf or crypto.default_kdf_params(),
            generation=1,
        )
    return keyfile, data_key


def unwrap_guarded(guard: UnlockGuard, keyfile: KeyFile, passphrase: str) -> bytes:
    """The data key, through the unlock guard: a wrong passphrase counts, and a try within
    the waiting time is refused before the key derivation runs."""
    wait = guard.wait_seconds()
    if wait:
        raise ThrottledError(wait)
    try:
        data_key = keyfile.unwrap(passphrase)
    except WrongPassphraseError:
        guard.failed()
        raise
    guard.succeeded()
    return data_key


def rewrap_if_outdated(
    directory: Path, keyfile: KeyFile, data_key: bytes, passphrase: str
) -> KeyFile:
    """The key file re-wrapped and written when :func:`crypto.needs_rewrap` rejects its
    parameters (several lanes, below the minimum); else, or when writing fails, as it was."""
    if not crypto.needs_rewrap(keyfile.kdf):
        return keyfile
    rewrapped = keyfile.rewrapped(data_key, passphrase)
    try:
        write_keyfile(directory, rewrapped)
    except OSError as error:  # the old key file still opens the store: try again next time
        logger.warning("key file not re-wrapped: %s", type(error).__name__)
        return keyfile
    logger.info("key file re-wrapped under the current key derivation parameters")
    return rewrapped
