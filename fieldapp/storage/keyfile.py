"""The key file: KDF parameters and the wrapped data key, in one small JSON document.

The wrap's associated data is the canonical header (format, store id, key id, KDF parameters),
so changed parameters cannot unwrap. A SHA-256 checksum over the whole document tells damage
(an integrity error) apart from a wrong passphrase. Changing the passphrase rewraps the same
data key under a new salt: no record is re-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from fieldapp.domain.store_errors import (
    IntegrityError,
    StoreError,
    StoreErrorCode,
    WrongPassphraseError,
)
from fieldapp.storage import crypto
from fieldapp.storage.atomic import PREVIOUS_SUFFIX, atomic_replace

FORMAT_VERSION = 1
KEYFILE_NAME = "store-key.json"


def _canonical(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class KeyFile:
    store_id: str
    key_id: str
    kdf: crypto.KdfParams
    wrapped_key: bytes
    generation: int

    def _header(self) -> dict[str, object]:
        return {
            "format": FORMAT_VERSION,
            "store_id": self.store_id,
            "key_id": self.key_id,
            "kdf": self.kdf.to_json(),
        }

    def associated_data(self) -> bytes:
        return _canonical(self._header())

    def to_bytes(self) -> bytes:
        body = self._header() | {
            "generation": self.generation,
            "wrapped_key": base64.b64encode(self.wrapped_key).decode(),
        }
        return _canonical(body | {"checksum": hashlib.sha256(_canonical(body)).hexdigest()})

    @classmethod
    def from_bytes(cls, raw: bytes, name: str = KEYFILE_NAME) -> KeyFile:
        try:
            body = json.loads(raw)
            checksum = body.pop("checksum")
            if hashlib.sha256(_canonical(body)).hexdigest() != checksum:
                raise ValueError("checksum")
            if body["format"] != FORMAT_VERSION:
                raise StoreError(
                    StoreErrorCode.UNSUPPORTED_FORMAT, f"key file format {body['format']}"
                )
            return cls(
                store_id=str(body["store_id"]),
                key_id=str(body["key_id"]),
                kdf=crypto.KdfParams.from_json(body["kdf"]),
                wrapped_key=base64.b64decode(body["wrapped_key"], validate=True),
                generation=int(body["generation"]),
            )
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise IntegrityError(name, None) from None

    @classmethod
    def wrap(
        cls,
        *,
        store_id: str,
        data_key: bytes,
        passphrase: str,
        kdf: crypto.KdfParams,
        generation: int,
    ) -> KeyFile:
        unsigned = cls(
            store_id=store_id,
            key_id=crypto.key_id(data_key),
            kdf=kdf,
            wrapped_key=b"",
            generation=generation,
        )
        kek = crypto.derive_kek(passphrase, kdf)
        wrapped = crypto.seal(kek, data_key, unsigned.associated_data())
        return cls(
            store_id=store_id,
            key_id=unsigned.key_id,
            kdf=kdf,
            wrapped_key=wrapped,
            generation=generation,
        )

    def rewrapped(self, data_key: bytes, passphrase: str) -> KeyFile:
        """The same data key wrapped under ``passphrase`` with fresh current parameters (a new
        salt), as the next generation of this key file."""
        return KeyFile.wrap(
            store_id=self.store_id,
            data_key=data_key,
            passphrase=passphrase,
            kdf=crypto.default_kdf_params(),
            generation=self.generation + 1,
        )

    def unwrap(self, passphrase: str) -> bytes:
        kek = crypto.derive_kek(passphrase, self.kdf)
        try:
            data_key = crypto.open_sealed(kek, self.wrapped_key, self.associated_data())
        except crypto.AuthenticationFailedError:
            raise WrongPassphraseError from None
        if crypto.key_id(data_key) != self.key_id:
            raise IntegrityError(KEYFILE_NAME, None)
        return data_key


def read_keyfile(directory: Path) -> KeyFile:
    """Read and check the key file (:class:`IntegrityError` when damaged)."""
    path = directory / KEYFILE_NAME
    if not path.exists():
        raise StoreError(StoreErrorCode.NOT_FOUND, "no store in this directory")
    return KeyFile.from_bytes(path.read_bytes())


def write_keyfile(directory: Path, keyfile: KeyFile) -> None:
    """Durably replace the key file. No previous copy is kept on purpose: a kept copy would
    let the old passphrase keep working after a passphrase change."""
    atomic_replace(directory / KEYFILE_NAME, keyfile.to_bytes(), keep_previous=False)
    stale = directory / (KEYFILE_NAME + PREVIOUS_SUFFIX)
    stale.unlink(missing_ok=True)
