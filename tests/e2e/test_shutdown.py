"""Issue 17, item 1: SIGTERM stops the app within 5 s, even while a key derivation runs.

The key file here names deliberately slow parameters, so the derivation that Unlock starts is
still running when the signal arrives (the parameters no longer match the wrap, so it would end
as a wrong passphrase; only its duration matters). Before the fix the interpreter waited for the
derivation's worker thread on the way out."""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import time
from pathlib import Path

from playwright.sync_api import Browser

from fieldapp.i18n import Translator
from fieldapp.storage import crypto
from fieldapp.storage.keyfile import read_keyfile, write_keyfile
from fieldapp.storage.store import EncryptedStore
from tests.e2e.conftest import app_process, open_app, type_into
from tests.storage.conftest import PASSPHRASE, fast_kdf

NL = Translator("nl")
SLOW = crypto.KdfParams("argon2id", b"\x02" * 16, memory_kib=64 * 1024, iterations=400, lanes=1)
"""About 20 s per derivation on the development machines."""
STOP_WITHIN_SECONDS = 5.0


def _store_with_a_slow_key_file(directory: Path) -> None:
    EncryptedStore.create(directory, PASSPHRASE, kdf=fast_kdf()).close()
    write_keyfile(directory, dataclasses.replace(read_keyfile(directory), kdf=SLOW))


def _seconds_to_exit(process: subprocess.Popen[bytes], limit: float) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return float("inf")
    return time.monotonic() - started


def test_sigterm_during_an_unlock_stops_the_app_within_five_seconds(
    browser: Browser, tmp_path: Path
) -> None:
    _store_with_a_slow_key_file(tmp_path / "store")
    with app_process(tmp_path, demo=False) as (url, process):
        page = open_app(browser, url)
        type_into(page, NL.gettext("Passphrase"), PASSPHRASE)
        page.get_by_role("button", name=NL.gettext("Unlock")).click()
        page.wait_for_timeout(2_000)  # the derivation is under way (it takes about 20 s)
        seconds = _seconds_to_exit(process, limit=30)
        page.close()
    assert seconds <= STOP_WITHIN_SECONDS, f"the app took {seconds:.1f} s to stop"
