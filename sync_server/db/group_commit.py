"""Group commit: concurrent writers share one transaction and one fsync.

A commit with ``synchronous=FULL`` (and PostgreSQL's default) waits for the disk; at 200
devices pushing one visit each, that wait, not the work, sets the pace. So the first writer
to arrive becomes the leader: it takes every job waiting (up to ``max_jobs``), runs each in
its own savepoint (one job's error rolls back only its own writes), commits once, and hands
each job its result. The others wait for their job to be done, and one of them leads the
next round. No job's result is returned before the commit that made it durable succeeded;
if that commit fails, every job in it gets the error and nothing of it is stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sync_server.db.engine import Database

T = TypeVar("T")
MAX_JOBS = 64


@dataclass(eq=False)
class _Job(Generic[T]):
    work: Callable[[Session], T]
    wake: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    lead: bool = False
    result: Any = None
    error: BaseException | None = None


class GroupCommitter:
    def __init__(self, db: Database, max_jobs: int = MAX_JOBS) -> None:
        self._db = db
        self._max_jobs = max_jobs
        self._lock = threading.Lock()
        self._waiting: list[_Job[Any]] = []
        self._leading = False

    def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a shared write transaction; return once it is committed.

        Each waiting caller sleeps on its own event: it is woken once, either with its
        result or to lead the next round (so a commit wakes its jobs, not every thread)."""
        job: _Job[T] = _Job(work)
        with self._lock:
            self._waiting.append(job)
            job.lead = not self._leading
            self._leading = True
        while True:
            if not job.lead:
                job.wake.wait()
                job.wake.clear()
            if job.done:
                break
            self._lead_one_round()
            if job.done:
                break
            job.lead = False
        if job.error is not None:
            raise job.error
        result: T = job.result
        return result

    def _lead_one_round(self) -> None:
        with self._lock:
            batch = self._waiting[: self._max_jobs]
            del self._waiting[: self._max_jobs]
        try:
            self._execute(batch)
        finally:
            with self._lock:
                successor = self._waiting[0] if self._waiting else None
                self._leading = successor is not None
                if successor is not None:
                    successor.lead = True
            for finished in batch:
                finished.wake.set()
            if successor is not None:
                successor.wake.set()

    def _execute(self, batch: list[_Job[Any]]) -> None:
        try:
            with self._db.write() as session:
                for job in batch:
                    savepoint = session.begin_nested()
                    try:
                        job.result = job.work(session)
                    except Exception as error:
                        savepoint.rollback()
                        job.error = error
                    else:
                        savepoint.commit()
        except Exception as error:
            for job in batch:
                job.error, job.result = error, None
        for job in batch:
            job.done = True
