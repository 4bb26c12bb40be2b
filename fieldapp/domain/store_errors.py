"""The errors the store's ports raise (locked, wrong passphrase, damaged or missing files).

They belong to the ports' contract, so screens, services and the error texts can name them
without importing storage. Each has a stable ``code``; messages never hold client data."""

from __future__ import annotations

from dataclasses import dataclass
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
    DATA_MISSING = "store.data_missing"


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


class DamageKind(StrEnum):
    """What the manifest found missing or older than it should be (see ADR 0001)."""

    SEGMENT_MISSING = "segment_missing"
    SEGMENT_ROLLED_BACK = "segment_rolled_back"
    PARTITION_MISSING = "partition_missing"
    MANIFEST_MISSING = "manifest_missing"


@dataclass(frozen=True)
class PreviousCopy:
    """What putting back a segment's kept previous copy would bring back."""

    generation: int
    kinds: tuple[str, ...]
    unsent: int


@dataclass(frozen=True)
class Damage:
    """One missing or rolled-back part of the store: which record kinds it held and how many
    unsent changes, as the manifest last recorded them. No client data: ``partition`` is the
    partition's name (``client:<uuid>``), ``file`` the store-relative path (a keyed hash)."""

    kind: DamageKind
    partition: str
    directory: str
    """The partition's directory name (a keyed hash); empty for the partition list itself."""
    file: str
    kinds: tuple[str, ...]
    unsent: int
    expected_generation: int | None = None
    found_generation: int | None = None
    previous: PreviousCopy | None = None

    @property
    def lost_saves(self) -> int | None:
        """Saves to this part that are gone (None when not countable)."""
        if self.expected_generation is None:
            return None
        return self.expected_generation - (self.found_generation or 0)


class MissingDataError(StoreError):
    """A segment or partition the manifest lists is missing or older than recorded. Nothing is
    read from or written to it until the person chooses what to do (ADR 0001)."""

    def __init__(self, damage: Damage) -> None:
        self.damage = damage
        super().__init__(StoreErrorCode.DATA_MISSING, f"{damage.file}: {damage.kind.value}")
