"""Blocking work that must never hold up the process's exit: key derivations.

``asyncio.to_thread`` runs work in the event loop's default executor, whose threads the
interpreter joins on the way out: a derivation in flight (or queued behind another) would keep
the app running after SIGTERM. Here the work runs in a daemon thread and the caller awaits its
result; when the process ends, the thread ends with it. Safe for the store, whose every write is
atomic (temp file, fsync, rename): a write cut short leaves only a temp file behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _settle(future: asyncio.Future[T], result: T | None, error: BaseException | None) -> None:
    if future.done():  # the awaiting task was cancelled
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)  # type: ignore[arg-type]


async def run_detached(work: Callable[[], T], name: str = "veldwerk-detached") -> T:
    """``await work()`` run in a new daemon thread."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def target() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = work()
        except BaseException as raised:  # handed to the awaiting task
            error = raised
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(_settle, future, result, error)

    threading.Thread(target=target, name=name, daemon=True).start()
    return await future
