"""What backup and restore refuse, and that a refused restore leaves the new server as it was
(no database, no key file): a wrong passphrase, a key escrow file or a database file that is
not the backup's, a backup from a newer release, a server that has data or another key."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync_server.demo import load_demo
from sync_server.key_ring import KeyRing
from sync_server.keys import write_key_file
from sync_server.operations import backup, escrow, manifest, restore
from sync_server.services.context import ServerContext
from sync_server.settings import Settings

PASSPHRASE = "correct horse battery"
NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the refusals do not depend on the engine (the drill runs on both)."""
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


@pytest.fixture
def made(ctx: ServerContext, tmp_path: Path) -> Path:
    """A backup of a server with the demo organisation."""
    load_demo(ctx)
    backup.backup(ctx.settings, tmp_path / "backup", PASSPHRASE, now=NOW)
    return tmp_path / "backup"


@pytest.fixture
def fresh(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "fresh")


def _untouched(settings: Settings) -> None:
    assert not settings.key_file.exists()
    assert not (settings.data_dir / "veldwerk.sqlite3").exists()


def _edit_manifest(directory: Path, **changes: object) -> None:
    path = directory / manifest.NAME
    document = json.loads(path.read_text())
    document.update(changes)
    path.write_text(json.dumps(document))


def test_a_wrong_passphrase_changes_nothing(made: Path, fresh: Settings) -> None:
    with pytest.raises(escrow.EscrowError, match="passphrase does not open"):
        restore.restore(fresh, made, "not the passphrase", now=NOW)
    _untouched(fresh)


def test_a_damaged_database_file_is_named(made: Path, fresh: Settings) -> None:
    database = made / "database.sqlite3"
    data = bytearray(database.read_bytes())
    data[-1] ^= 1
    database.write_bytes(bytes(data))
    with pytest.raises(manifest.ManifestError, match=r"database file .* does not match"):
        restore.restore(fresh, made, PASSPHRASE, now=NOW)
    _untouched(fresh)


def test_a_directory_without_a_manifest_is_no_backup(made: Path, fresh: Settings) -> None:
    (made / manifest.NAME).unlink()
    with pytest.raises(manifest.ManifestError, match="not a backup, or an incomplete one"):
        restore.restore(fresh, made, PASSPHRASE, now=NOW)
    _untouched(fresh)


def test_a_backup_from_a_newer_release_is_refused(made: Path, fresh: Settings) -> None:
    _edit_manifest(made, schema_revision="0999")
    with pytest.raises(restore.RestoreError, match="0999 is not one this release knows"):
        restore.restore(fresh, made, PASSPHRASE, now=NOW)
    _untouched(fresh)


def _other_key(made: Path) -> bytes:
    """Replace the backup's key escrow file with one of another key, manifest and all."""
    other = secrets.token_bytes(32)
    key_file = made / backup.KEY_FILE
    key_file.write_text(escrow.wrap(KeyRing.of(other), PASSPHRASE, escrow.Cost(1024, 1, 1)))
    _edit_manifest(
        made,
        key=manifest.stored(key_file).model_dump(),
        key_id=escrow.key_id_of(key_file.read_text()),
    )
    return other


def test_a_key_that_is_not_the_databases_is_refused_by_the_audit_chain(
    made: Path, fresh: Settings
) -> None:
    _other_key(made)
    with pytest.raises(restore.RestoreError, match="key does not match this backup's database"):
        restore.restore(fresh, made, PASSPHRASE, now=NOW)
    _untouched(fresh)


def test_a_key_escrow_file_of_another_backup_is_refused(
    made: Path, fresh: Settings, tmp_path: Path
) -> None:
    stray = tmp_path / "stray.escrow"
    stray.write_text(
        escrow.wrap(KeyRing.of(secrets.token_bytes(32)), PASSPHRASE, escrow.Cost(1024, 1, 1))
    )
    with pytest.raises(restore.RestoreError, match="belongs to another backup"):
        restore.restore(fresh, made, PASSPHRASE, now=NOW, key_file=stray)
    _untouched(fresh)


def test_a_server_with_another_key_or_with_data_is_refused(
    made: Path, fresh: Settings, ctx: ServerContext
) -> None:
    write_key_file(fresh.key_file, KeyRing.of(secrets.token_bytes(32)).text())
    with pytest.raises(restore.RestoreError, match="already has a different key"):
        restore.restore(fresh, made, PASSPHRASE, now=NOW)
    assert not (fresh.data_dir / "veldwerk.sqlite3").exists()
    with pytest.raises(restore.RestoreError, match="not empty"):
        restore.restore(ctx.settings, made, PASSPHRASE, now=NOW)


@pytest.mark.parametrize(
    ("prepare", "passphrase", "message"),
    [
        (lambda target: (target / "old.txt").write_text("x"), PASSPHRASE, "is not empty"),
        (lambda _target: None, "short", "at least 12"),
    ],
)
def test_a_backup_needs_a_new_directory_and_a_long_passphrase(
    ctx: ServerContext,
    tmp_path: Path,
    prepare: Callable[[Path], object],
    passphrase: str,
    message: str,
) -> None:
    target = tmp_path / "target"
    target.mkdir()
    prepare(target)
    errors = (backup.BackupError, escrow.EscrowError)
    with pytest.raises(errors, match=message):
        backup.backup(ctx.settings, target, passphrase, now=NOW)
    assert not (target / manifest.NAME).exists()
