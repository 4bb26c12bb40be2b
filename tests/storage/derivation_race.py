"""Run in a child process by ``test_concurrent_derivation``: a store with the old key file
parameters (Argon2id m=128 MiB, t=6, four lanes), four unlocks and a passphrase change at once.
The change keeps the passphrase (a new salt, two derivations), so every request must succeed
whatever order the threads run in.

Prints one JSON document: the time of one derivation (the slower of the old and the current
parameters, measured here under the same load) and, per request, its kind, seconds and outcome.
Two such derivations at once never returned before issue 17, so the parent runs this with a
timeout and kills it when it hangs.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from fieldapp.domain.store_errors import StoreError
from fieldapp.storage import crypto
from fieldapp.storage.store import EncryptedStore

PASSPHRASE = "zeven-zilveren-zwanen"
OLD = crypto.KdfParams("argon2id", b"\x01" * 16, memory_kib=128 * 1024, iterations=6, lanes=4)
UNLOCKS = 4


def _timed_derivation(params: crypto.KdfParams) -> float:
    started = time.perf_counter()
    crypto.derive_kek(PASSPHRASE, params)
    return time.perf_counter() - started


def main(directory: Path) -> None:
    store = EncryptedStore.create(directory, PASSPHRASE, kdf=OLD)
    store.close()
    one = max(_timed_derivation(OLD), _timed_derivation(crypto.default_kdf_params()))
    store = EncryptedStore.open(directory)
    start = threading.Barrier(UNLOCKS + 1)
    results: list[dict[str, object]] = []

    def request(kind: str) -> None:
        start.wait()
        began = time.perf_counter()
        try:
            if kind == "unlock":
                store.unlock(PASSPHRASE)
            else:
                store.change_passphrase(PASSPHRASE, PASSPHRASE)  # a new salt
            outcome = "ok"
        except StoreError as error:
            outcome = error.code.value
        results.append({"kind": kind, "seconds": time.perf_counter() - began, "outcome": outcome})

    kinds = ["unlock"] * UNLOCKS + ["change"]
    threads = [threading.Thread(target=request, args=(kind,), daemon=True) for kind in kinds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    sys.stdout.write(json.dumps({"one_derivation": one, "requests": results}) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
