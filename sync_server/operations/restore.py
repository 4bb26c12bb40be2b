"""``python -m sync_server restore SRC``: put a backup back into an empty database, after
every check that can be made without touching anything: the manifest, the files' checksums,
the schema revision (not newer than this release), the passphrase, and that the key is the
backup's own (its id; for SQLite also the audit chain of the copy, which only the right key
verifies). Then the schema is brought up to date, a new feed epoch starts (devices pull
everything again, see :mod:`sync_server.services.feed`) and the audit chain records it; a
PostgreSQL dump's chain, which could not be checked before, is verified once it is back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from sync_server.audit import Actor, ChainKeys, Event, record, verify
from sync_server.db import migrate
from sync_server.db.engine import Database
from sync_server.key_ring import KeyRing, load_ring
from sync_server.keys import ServerKeyError, write_key_file
from sync_server.operations import escrow, manifest, snapshot
from sync_server.services.feed import next_epoch
from sync_server.settings import Settings

RESTORER = Actor("admin_cli", None, "admin")


class RestoreError(Exception):
    """The backup cannot be restored here; the message says why. Nothing was changed."""


def _checked(
    settings: Settings, source: Path, key_file: Path | None
) -> tuple[manifest.Manifest, str]:
    """The manifest, and the text of the key escrow file, once every check has passed."""
    made = manifest.read(source)
    manifest.check(source / made.database.name, made.database, "database")
    key_path = key_file or source / made.key.name
    key_text = key_path.read_text() if key_path.is_file() else ""
    if key_text and escrow.key_id_of(key_text) != made.key_id:
        raise RestoreError(
            f"the key escrow file {key_path} belongs to another backup: this one needs the "
            f"key {made.key_id}"
        )
    manifest.check(key_path, made.key, "key escrow")
    known = migrate.revisions()
    if made.schema_revision not in known:
        raise RestoreError(
            f"the backup's schema {made.schema_revision} is not one this release knows "
            f"(up to {known[-1]}): restore it with the release that made it"
        )
    url = settings.resolved_database_url()
    if snapshot.kind_of(url) != made.database_kind:
        raise RestoreError(
            f"the backup holds a {made.database_kind} database; this server is set up for "
            f"{snapshot.kind_of(url)}"
        )
    if not snapshot.is_empty(url):
        raise RestoreError("the server's database is not empty: restore into a new one")
    return made, key_text


def _key(settings: Settings, text: str, passphrase: str) -> KeyRing:
    ring = escrow.unwrap(text, passphrase)
    try:
        present = load_ring(settings, create=False)
    except ServerKeyError:
        return ring  # no key here yet: the backup's becomes this server's
    if present.masters != ring.masters:
        raise RestoreError(
            "this server already has a different key (settings or key file): the backup does "
            "not open with it; move that key aside or restore on a fresh data directory"
        )
    return ring


def _chain(ring: KeyRing) -> ChainKeys:
    return ChainKeys(ring.audit_keys(), ring.active_index)


def _audit_opens(copy: Path, ring: KeyRing) -> None:
    engine = snapshot.read_only(copy)
    try:
        with Session(engine) as session:
            result = verify(session, _chain(ring))
    finally:
        engine.dispose()
    if not result.ok:
        raise RestoreError("the key does not match this backup's database (its audit chain)")


def restore(
    settings: Settings,
    source: Path,
    passphrase: str,
    *,
    now: datetime,
    key_file: Path | None = None,
) -> manifest.Manifest:
    """Restore the backup in ``source`` (the key escrow file from ``key_file`` if given)."""
    made, key_text = _checked(settings, source, key_file)
    ring = _key(settings, key_text, passphrase)
    url = settings.resolved_database_url()
    database = source / made.database.name
    if made.database_kind == "sqlite":
        _audit_opens(database, ring)
        target = snapshot.sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        snapshot.copy_sqlite(database, target)
        manifest.sync_file(target)
    else:
        snapshot.restore_postgres(url, database)
    if settings.server_key is None and not settings.key_file.exists():
        write_key_file(settings.key_file, ring.text())
    db = Database.from_url(url)
    try:
        migrate.upgrade(db.engine)
        with db.write() as session:
            epoch = next_epoch(session)
            event = Event("restore", "backup", made.created_at.isoformat(), f"epoch {epoch}")
            record(session, ring.audit_key, RESTORER, [event], now)
            # SQLite: the chain of this very copy verified before it was touched. A dump put
            # back by pg_restore could not be checked before: its chain is verified here.
            if made.database_kind == "postgresql" and not verify(session, _chain(ring)).ok:
                raise RestoreError("the restored audit chain does not verify with the key")
    finally:
        db.dispose()
    return made
