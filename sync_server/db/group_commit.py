"""Group commit: concurrent writers share one transaction and one fsync.

A commit with ``synchronous=FULL`` (and PostgreSQL's default) waits for the disk; at 200
devices pushing one visit each, that wait, not the work, sets the pace. So writes go to one
writer thread per process: it takes every job waiting (up to ``max_jobs``), runs them in one
transaction, commits once, and hands each job its result through a future. One writer thread
also means the request threads do not fight over the interpreter lock for database work.

No job's result is handed back before the commit that made it durable succeeded. If a job
raises, the transaction is rolled back, that job gets its error, and the others run again in
a new transaction (jobs are functions of what they read, so running one again is safe); if the
commit itself fails, every job in it gets the error and nothing of it is stored.

A job may ask to run again, up to ``retries`` times, when its transaction lost a unique-key
race (an :class:`~sqlalchemy.exc.IntegrityError`, from its own work or from the commit): a
push does, since a concurrent request with the same idempotency keys won, and running again
reads and replays the winner's results.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync_server.metrics import BATCH_SIZES

if TYPE_CHECKING:
    from sync_server.db.engine import Database

T = TypeVar("T")
BEFORE_COMMIT = "veldwerk_before_commit"
"""``session.info`` key: callables run once, just before a grouped transaction commits."""
MAX_JOBS = 64
logger = logging.getLogger(__name__)


@dataclass(eq=False)
class _Job(Generic[T]):
    work: Callable[[Session], T]
    retries: int = 0
    future: Future[T] = field(default_factory=Future)

    def fail(self, error: BaseException) -> bool:
        """Hand ``error`` to the caller (True), or keep the job for another run (False)."""
        if isinstance(error, IntegrityError) and self.retries > 0:
            self.retries -= 1
            return False
        self.future.set_exception(error)
        return True


_STOP = object()


class GroupCommitter:
    def __init__(self, db: Database, max_jobs: int = MAX_JOBS) -> None:
        self._db = db
        self._max_jobs = max_jobs
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, work: Callable[[Session], T], retries: int = 0) -> Future[T]:
        """Queue ``work``; the future resolves once its transaction is committed."""
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="veldwerk-writer", daemon=True
                )
                self._thread.start()
        job: _Job[T] = _Job(work, retries)
        self._queue.put(job)
        return job.future

    def run(self, work: Callable[[Session], T], retries: int = 0) -> T:
        """Run ``work`` in a shared write transaction; return once it is committed."""
        return self.submit(work, retries).result()

    def stop(self) -> None:
        with self._start:
            if self._thread is not None:
                self._queue.put(_STOP)
                self._thread.join(timeout=30)
                self._thread = None

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < self._max_jobs:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._queue.put(_STOP)
                    break
                batch.append(item)
            self._execute(batch)

    def _execute(self, batch: list[_Job[Any]]) -> None:
        BATCH_SIZES.observe(len(batch))
        pending = list(batch)
        while pending:
            results: list[Any] = []
            failed: tuple[_Job[Any], BaseException] | None = None
            try:
                with self._db.write() as session:
                    for job in pending:
                        try:
                            results.append(job.work(session))
                        except Exception as error:
                            failed = (job, error)
                            raise
                    for hook in session.info.pop(BEFORE_COMMIT, []):
                        hook(session)
            except Exception as error:
                if failed is None:  # the commit itself failed: nothing of it is stored
                    pending = [job for job in pending if not job.fail(error)]
                    continue
                job, job_error = failed
                if job.fail(job_error):
                    pending.remove(job)
                continue
            for job, result in zip(pending, results, strict=True):
                job.future.set_result(result)
            return
