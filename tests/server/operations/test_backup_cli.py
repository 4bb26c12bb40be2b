"""``python -m sync_server backup`` and ``restore`` as an administrator runs them: the
passphrase from standard input, never in the output; a clear line and exit code 1 on a
refusal, no traceback; the restored server's audit chain verifies and records the restore."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from sync_server.app import build_context
from sync_server.db.schema import AuditEntry
from sync_server.settings import Settings

PASSPHRASE = "correct horse battery staple"


def _run(
    tmp_path: Path, data_dir: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VELDWERK_")}
    return subprocess.run(  # cwd outside the repository: no stray .env is read
        [sys.executable, "-m", "sync_server", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )


def test_an_administrator_backs_up_and_restores_from_the_command_line(tmp_path: Path) -> None:
    live, restored = tmp_path / "live", tmp_path / "restored"
    assert _run(tmp_path, live, "demo").returncode == 0
    made = _run(
        tmp_path,
        live,
        "backup",
        str(tmp_path / "b"),
        "--key-file",
        str(tmp_path / "k"),
        stdin=PASSPHRASE + "\n",
    )
    assert made.returncode == 0, made.stderr
    assert "apart from the backup" in made.stdout and PASSPHRASE not in made.stdout + made.stderr
    assert not (tmp_path / "b" / "server-key.escrow").exists() and (tmp_path / "k").exists()

    def restore(passphrase: str) -> subprocess.CompletedProcess[str]:
        arguments = ("restore", str(tmp_path / "b"), "--key-file", str(tmp_path / "k"))
        return _run(tmp_path, restored, *arguments, stdin=passphrase + "\n")

    wrong = restore("not the passphrase")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "error: the passphrase does not open this key escrow file"
    assert not restored.exists() or not any(restored.iterdir())

    done = restore(PASSPHRASE)
    assert done.returncode == 0, done.stderr
    assert "devices pull everything again" in done.stdout
    verified = _run(tmp_path, restored, "verify-audit")
    assert verified.returncode == 0 and "audit chain intact" in verified.stdout
    ctx = build_context(Settings(_env_file=None, data_dir=restored, database_url=None))
    try:
        with ctx.db.read() as session:
            last = (
                session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
            )
        assert last is not None and (last.action, last.object_type) == ("restore", "backup")
    finally:
        ctx.db.dispose()
