"""The storage error family. Each error has a stable ``code``; messages never hold client data."""

from __future__ import annotations

from enum import StrEnum


class StoreErrorCode(StrEnum):
    WRONG_PASSPHRASE = "store.wrong_passphrase"  # noqa: S105 (an error code)
    INTEGRITY = "store.integrity"
    LOCKED = "store.locked"
    NOT_FOUND = "store.not_found"
    ALREADY_EXISTS = "store.already_exists"
    IN_USE = "store.in_use"
    WEAK_PASSPHRASE = "store.weak_passphrase"  # noqa: S105 (an error code)
    UNSUPPORTED_FORMAT = "store.unsupported_format"
    THROTTLED = "store.throttled"
    BUSY = "store.busy"


class StoreError(Exception):
    """Base of the storage errors."""

    code: StoreErrorCode

    def __init__(self, code: StoreErrorCode, message: str) -> None:
        self.code = code
        super().__init__(f"{code.value}: {message}")


class WrongPassphraseError(StoreError):
    """The passphrase did not unwrap the data key. Nothing was changed."""

    def __init__(self) -> None:
        super().__init__(StoreErrorCode.WRONG_PASSPHRASE, "the passphrase is not correct")


class IntegrityError(StoreError):
    """A file failed authentication or is truncated: tampered with or damaged.

    ``file`` is the store-relative name (it holds no client data); ``last_good_generation``
    is the generation of the kept previous copy when that one still verifies, else None.
    """

    def __init__(self, file: str, last_good_generation: int | None) -> None:
        self.file = file
        self.last_good_generation = last_good_generation
        kept = (
            f"previous generation {last_good_generation} is intact and kept"
            if last_good_generation is not None
            else "no intact previous generation"
        )
        super().__init__(StoreErrorCode.INTEGRITY, f"{file} failed verification; {kept}")


class ThrottledError(StoreError):
    """Too many wrong passphrases: wait ``seconds`` before the next try (nothing was tried)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(StoreErrorCode.THROTTLED, f"wait {seconds} s before the next try")


class BusyError(StoreError):
    """Another unlock or passphrase change kept the key derivation busy for too long; nothing
    was tried, so the try does not count as a wrong passphrase."""

    def __init__(self) -> None:
        super().__init__(StoreErrorCode.BUSY, "another unlock is still running")


class StoreLockedError(StoreError):
    def __init__(self) -> None:
        super().__init__(StoreErrorCode.LOCKED, "the store is locked")
