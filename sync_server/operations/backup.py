"""``python -m sync_server backup DEST``: a consistent copy of the database while the server
runs, the server's key ring wrapped with the administrator's passphrase in a file of its own, and a
manifest with checksums and the schema revision (see ``docs/operations.md``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine

from sync_server.db import migrate
from sync_server.key_ring import load_ring
from sync_server.operations import escrow, manifest, snapshot
from sync_server.settings import Settings

KEY_FILE = "server-key.escrow"


class BackupError(Exception):
    """The backup could not be made; nothing usable was left behind."""


def _fresh(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new directory for each backup")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)


def _database(settings: Settings, directory: Path) -> tuple[Path, str, dict[str, int]]:
    """The copy of the database in ``directory``: its path, schema revision and counts."""
    url = settings.resolved_database_url()
    if snapshot.kind_of(url) == "sqlite":
        target = directory / snapshot.SQLITE_FILE
        snapshot.copy_sqlite(snapshot.sqlite_path(url), target)
        revision, counts = snapshot.sqlite_facts(target)
    else:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                revision = migrate.current(connection)
        finally:
            engine.dispose()
        target = directory / snapshot.POSTGRES_FILE
        snapshot.dump_postgres(url, target)
        counts = {}
    if revision is None:
        raise BackupError("the database has no schema yet: nothing to back up")
    manifest.sync_file(target)
    return target, revision, counts


def backup(
    settings: Settings,
    destination: Path,
    passphrase: str,
    *,
    now: datetime,
    key_destination: Path | None = None,
) -> manifest.Manifest:
    """Back up into the new directory ``destination``; the key escrow file goes beside the
    database, or to ``key_destination`` to be kept apart."""
    escrow.check_passphrase(passphrase)  # a short one is refused before any copy
    load_ring(settings, create=False)  # no key: nothing to back up, and nothing copied
    _fresh(destination)
    database, revision, counts = _database(settings, destination)
    # The ring is read after the copy: a rotation that began meanwhile may have sealed rows of
    # the copy under its new key, and keys are never taken out of the ring.
    ring = load_ring(settings, create=False)
    wrapped = escrow.wrap(ring, passphrase)
    key_path = key_destination or destination / KEY_FILE
    if key_path.exists():
        raise BackupError(f"{key_path} exists already: give a new name for the key file")
    key_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key_path.touch(mode=0o600)
    key_path.write_text(wrapped)
    manifest.sync_file(key_path)
    made = manifest.Manifest(
        created_at=now,
        schema_revision=revision,
        database_kind=snapshot.kind_of(settings.resolved_database_url()),
        database=manifest.stored(database),
        key=manifest.stored(key_path),
        key_id=ring.active.key_id,
        counts=counts,
    )
    manifest.write(destination, made)
    return made
