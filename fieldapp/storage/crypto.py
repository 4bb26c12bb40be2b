"""All cryptography of the device store, in one place.

- Key encryption key (KEK) from the passphrase: Argon2id (cryptography >= 44), scrypt as the
  fallback where Argon2id is unavailable. Parameters travel in the key file's header. At most
  one derivation runs at a time in the process (:func:`exclusive_derivation`): two multi-lane
  Argon2id derivations at once never returned (cryptography 50.0.2, m=128 MiB, p=4).
- A random 256-bit data key, wrapped by the KEK with AES-256-GCM (associated data: the header).
- Per-purpose keys derived from the data key with HKDF-SHA256: one for sealing segments, one
  for naming partitions (so directory names do not reveal client ids).
- Segments sealed with AES-256-GCM, a random 96-bit nonce per write, and associated data that
  binds format version, store id, key id, segment identity and generation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Literal

from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16

# OWASP's minimum for Argon2id is m=19 MiB, t=2, p=1; RFC 9106's second recommendation is
# m=64 MiB, t=3. Ours is above both with one lane, calibrated to about 0.3 s on the 2-core
# development machines (the window is 250-500 ms); see ADR 0002 and benchmarks/RESULTS.md.
ARGON2_MEMORY_KIB = 128 * 1024
ARGON2_ITERATIONS = 3
ARGON2_LANES = 1
ARGON2_MIN_MEMORY_KIB = 19 * 1024
ARGON2_MIN_ITERATIONS = 2
SCRYPT_LOG2_N = 17
SCRYPT_R = 8
SCRYPT_P = 1
DERIVATION_WAIT_SECONDS = 30.0
"""How long a derivation waits for the one running before it gives up as busy."""

_DERIVATION = threading.RLock()


class AuthenticationFailedError(Exception):
    """Ciphertext, nonce, tag or associated data did not verify."""


class DerivationBusyError(Exception):
    """Another key derivation kept the process busy for longer than the wait allowed."""


@contextmanager
def exclusive_derivation(wait_seconds: float | None = None) -> Iterator[None]:
    """Hold the process's one derivation slot (reentrant: a holder may derive again inside).

    Callers that derive more than once in a row (unlock then re-wrap, passphrase change) hold it
    around the whole sequence, so no other derivation runs in between."""
    wait = DERIVATION_WAIT_SECONDS if wait_seconds is None else wait_seconds
    if not _DERIVATION.acquire(timeout=wait):
        raise DerivationBusyError
    try:
        yield
    finally:
        _DERIVATION.release()


@dataclass(frozen=True)
class KdfParams:
    """How the KEK is derived; stored in the key file header so it can be raised later."""

    algorithm: Literal["argon2id", "scrypt"]
    salt: bytes
    memory_kib: int = ARGON2_MEMORY_KIB
    iterations: int = ARGON2_ITERATIONS
    lanes: int = ARGON2_LANES
    log2_n: int = SCRYPT_LOG2_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["salt"] = self.salt.hex()
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        fields = dict(data)
        fields["salt"] = bytes.fromhex(str(fields["salt"]))
        return cls(**fields)  # type: ignore[arg-type]


def argon2id_available() -> bool:
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: PLC0415

        Argon2id(salt=b"\0" * SALT_BYTES, length=32, iterations=1, lanes=1, memory_cost=8)
    except (ImportError, UnsupportedAlgorithm):
        return False
    return True


def default_kdf_params() -> KdfParams:
    """Fresh parameters with a new random salt: Argon2id, or scrypt where it is missing."""
    salt = os.urandom(SALT_BYTES)
    if argon2id_available():
        return KdfParams(
            algorithm="argon2id",
            salt=salt,
            memory_kib=ARGON2_MEMORY_KIB,
            iterations=ARGON2_ITERATIONS,
            lanes=ARGON2_LANES,
        )
    return KdfParams(algorithm="scrypt", salt=salt)


def needs_rewrap(params: KdfParams) -> bool:
    """Whether a key file's parameters should be replaced at the next unlock: more than one
    lane (the hang), below OWASP's Argon2id minimum, or scrypt where Argon2id is available.
    Parameters at or above the minimum with one lane are kept, whatever the current default."""
    if params.algorithm == "scrypt":
        return argon2id_available()
    return (
        params.lanes != ARGON2_LANES
        or params.memory_kib < ARGON2_MIN_MEMORY_KIB
        or params.iterations < ARGON2_MIN_ITERATIONS
    )


def derive_kek(passphrase: str, params: KdfParams) -> bytes:
    """The key encryption key. Deliberately slow (hundreds of ms): never on the UI thread.

    Waits for a derivation already running in the process (:class:`DerivationBusyError` after
    :data:`DERIVATION_WAIT_SECONDS`)."""
    with exclusive_derivation():
        return _derive(passphrase.encode("utf-8"), params)


def _derive(secret: bytes, params: KdfParams) -> bytes:
    if params.algorithm == "argon2id":
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: PLC0415

        return Argon2id(
            salt=params.salt,
            length=KEY_BYTES,
            iterations=params.iterations,
            lanes=params.lanes,
            memory_cost=params.memory_kib,
        ).derive(secret)
    return Scrypt(
        salt=params.salt, length=KEY_BYTES, n=2**params.log2_n, r=params.r, p=params.p
    ).derive(secret)


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def subkey(data_key: bytes, purpose: str) -> bytes:
    """A distinct key per purpose, derived with HKDF-SHA256 from the data key."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=None,
        info=f"veldwerk/store/v1/{purpose}".encode(),
    ).derive(data_key)


def key_id(data_key: bytes) -> str:
    """A short public identifier of the data key (not usable to recover it)."""
    return subkey(data_key, "key-id")[:8].hex()


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    """nonce || ciphertext || tag, with a fresh random 96-bit nonce."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)


def open_sealed(key: bytes, sealed: bytes, associated_data: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise AuthenticationFailedError
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated_data)
    except InvalidTag:
        raise AuthenticationFailedError from None


def name_for(name_key: bytes, partition: str) -> str:
    """The directory name of a partition: a keyed hash, so ids stay private on disk."""
    return hmac.new(name_key, partition.encode(), hashlib.sha256).hexdigest()[:32]
