"""Group commit: shared transactions, isolated failures, nothing reported before it is stored."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync_server.db import migrate
from sync_server.db.engine import Database
from sync_server.db.schema import Counter


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.from_url(f"sqlite:///{tmp_path / 'group.sqlite3'}")
    migrate.upgrade(database.engine)
    return database


def _add(name: str) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        session.add(Counter(name=name, value=1))
        session.flush()
        return name

    return work


def _names(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.execute(select(Counter.name)).scalars()) - {"feed"}


def test_concurrent_jobs_share_commits_and_all_land(db: Database) -> None:
    commits = 0
    original = db._group._execute

    def counting(batch: list[Any]) -> None:
        nonlocal commits
        commits += 1
        original(batch)

    db._group._execute = counting  # type: ignore[method-assign]
    names = [f"job-{n}" for n in range(120)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(lambda name: db.grouped(_add(name)), names))
    assert results == names
    assert _names(db) == set(names)
    assert commits < len(names)


def test_a_failing_job_rolls_back_only_itself(db: Database) -> None:
    barrier = threading.Barrier(3)

    def failing(session: Session) -> str:
        session.add(Counter(name="half-written", value=1))
        session.flush()
        raise RuntimeError("boom")

    def run(work: Callable[[Session], str]) -> str | RuntimeError:
        barrier.wait()
        try:
            return db.grouped(work)
        except RuntimeError as error:
            return error

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(run, [_add("a"), failing, _add("b")]))
    assert outcomes[0] == "a" and outcomes[2] == "b"
    assert isinstance(outcomes[1], RuntimeError)
    assert _names(db) == {"a", "b"}


def test_when_the_commit_fails_every_job_hears_it_and_nothing_is_stored(db: Database) -> None:
    def conflicting(session: Session) -> str:
        # Valid in its savepoint, but the deferred check at commit fails: a duplicate key
        # added without a flush, so the error comes from the commit itself.
        session.add(Counter(name="feed", value=99))
        return "never"

    with pytest.raises(Exception, match=r"UNIQUE|unique"):
        db.grouped(conflicting)
    with db.read() as session:
        assert session.execute(select(func.count()).select_from(Counter)).scalar_one() == 1


def _conflicting_first(runs: list[str], *, flush: bool) -> Callable[[Session], str]:
    """A job whose first run adds a duplicate key (from its own flush, or at the commit when
    ``flush`` is false) and whose later runs add a row of their own."""

    def work(session: Session) -> str:
        runs.append("run")
        if len(runs) == 1:
            session.add(Counter(name="feed", value=99))
            if flush:
                session.flush()
            return "first"
        session.add(Counter(name=f"run-{len(runs)}", value=1))
        session.flush()
        return "again"

    return work


@pytest.mark.parametrize("flush", [True, False], ids=["in-the-job", "at-the-commit"])
def test_a_job_that_lost_a_unique_key_race_runs_again_when_it_asks(
    db: Database, flush: bool
) -> None:
    runs: list[str] = []
    assert db.grouped(_conflicting_first(runs, flush=flush), retries=1) == "again"
    assert len(runs) == 2
    assert _names(db) == {"run-2"}


def test_a_job_out_of_retries_or_failing_otherwise_hears_its_error(db: Database) -> None:
    runs: list[str] = []

    def always(session: Session) -> str:
        runs.append("run")
        session.add(Counter(name="feed", value=99))
        session.flush()
        return "never"

    with pytest.raises(IntegrityError):
        db.grouped(always, retries=2)
    assert len(runs) == 3

    def broken(session: Session) -> str:
        runs.append("broken")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.grouped(broken, retries=2)
    assert runs.count("broken") == 1
    assert _names(db) == set()


def test_writers_of_two_processes_queue_on_one_lock(tmp_path: Path) -> None:
    """Two Database objects on one file stand in for two server processes: the second waits
    in the kernel's queue (not in SQLite's sleeping busy handler) until the first is done."""
    path = tmp_path / "shared.sqlite3"
    first, second = (Database.from_url(f"sqlite:///{path}") for _ in range(2))
    migrate.upgrade(first.engine)
    entered = threading.Event()

    def write_second() -> None:
        with second.write():
            entered.set()

    with first.write():
        waiter = threading.Thread(target=write_second)
        waiter.start()
        assert not entered.wait(0.3), "the second writer got in while the first held the lock"
    assert entered.wait(5)
    waiter.join()
    assert (path.parent / f"{path.name}.writer").stat().st_mode & 0o777 == 0o600
    first.dispose()
    second.dispose()
