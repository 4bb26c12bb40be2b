"""The command line's backup, restore and key rotation (``python -m sync_server
backup|restore|rotate-key``), apart from :mod:`sync_server.cli` so that each stays small. See
``docs/operations.md``."""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync_server.operations import backup, restore, rotation
from sync_server.operations.escrow import EscrowError
from sync_server.operations.manifest import ManifestError
from sync_server.operations.snapshot import SnapshotError
from sync_server.services.context import ServerContext
from sync_server.settings import Settings

ERRORS = (
    backup.BackupError,
    restore.RestoreError,
    rotation.RotationError,
    EscrowError,
    ManifestError,
    SnapshotError,
)
"""What these commands refuse with: the message is for the administrator, without data."""


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def add_commands(sub: Any) -> None:
    """Add ``backup`` and ``restore`` to the command line's subparsers ``sub``."""
    back = sub.add_parser(
        "backup", help="back up while the server runs (passphrase for the key from stdin)"
    )
    back.add_argument("destination", help="a new, empty directory")
    back.add_argument("--key-file", help="write the key escrow file here instead (keep it apart)")
    back_in = sub.add_parser(
        "restore", help="restore a backup into an empty database (passphrase from stdin)"
    )
    back_in.add_argument("source", help="the backup's directory")
    back_in.add_argument("--key-file", help="the key escrow file, if kept apart")
    rotate = sub.add_parser(
        "rotate-key",
        help="re-wrap every record's key under a new server key, while the server runs "
        "(again after a stop: it goes on where it was)",
    )
    rotate.add_argument(
        "--settle-seconds",
        type=float,
        default=3.0,
        help="wait this long for running server processes to read the new key (default 3)",
    )
    rotate.add_argument(
        "--batch-size",
        type=_positive,
        default=rotation.BATCH,
        help=f"keys re-wrapped per transaction (default {rotation.BATCH}; fewer: shorter locks)",
    )


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("give a number of 1 or more")
    return number


def _passphrase() -> str:
    """The backup passphrase, from standard input (never an argument: shell history, ps);
    not echoed when typed at a terminal."""
    if sys.stdin.isatty():
        return getpass.getpass("backup passphrase: ")
    return sys.stdin.readline().rstrip("\n")


def backup_command(ctx: ServerContext, args: argparse.Namespace) -> int:
    key_file = Path(args.key_file) if args.key_file else None
    made = backup.backup(
        ctx.settings,
        Path(args.destination),
        _passphrase(),
        now=ctx.clock(),
        key_destination=key_file,
    )
    _out(f"backup made: schema {made.schema_revision}, key {made.key_id}")
    _out(f"database copy: {made.database.bytes} bytes, checksums in the manifest")
    _out("keep the key escrow file and its passphrase apart from the backup")
    return 0


def restore_command(args: argparse.Namespace, settings: Settings) -> int:
    key_file = Path(args.key_file) if args.key_file else None
    made = restore.restore(
        settings, Path(args.source), _passphrase(), now=datetime.now(UTC), key_file=key_file
    )
    _out(f"restored the backup of {made.created_at.isoformat()} (schema {made.schema_revision})")
    _out("devices pull everything again at their next sync")
    return 0


class _Progress:
    """Re-wrapped keys per table, told at most once a second and at the end."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self._told = time.monotonic()

    def __call__(self, table: str, count: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + count
        if time.monotonic() - self._told >= 1.0:
            self._told = time.monotonic()
            _out(f"  {table}: {self.counts[table]} keys re-wrapped so far")


def rotate_command(ctx: ServerContext, args: argparse.Namespace) -> int:
    _out("rotating the server key; stopping is safe: run rotate-key again to go on")
    done = rotation.rotate(
        ctx, settle_seconds=args.settle_seconds, batch=args.batch_size, progress=_Progress()
    )
    if done.resumed:
        _out("went on with the rotation that was stopped")
    for table, count in done.rewrapped.items():
        if count:
            _out(f"  {table}: {count} keys re-wrapped")
    _out(f"the server key is now {done.key_id}; back up again: older backups need older keys")
    return 0
