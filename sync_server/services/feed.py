"""Feed positions: one server-wide counter, taken under its row lock.

Every change a device may pull gets the next position in the transaction that makes it. The
counter row stays locked until that transaction commits, so positions become visible in
order (a reader never sees position 7 before 6 has committed, on PostgreSQL too), and a pull
"after position N" never skips a row.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from sync_server.db.schema import Counter, table_of

FEED = "feed"


def next_seq(session: Session) -> int:
    statement = (
        update(Counter).where(Counter.name == FEED).values(value=Counter.value + 1)
    ).returning(Counter.value)
    return int(session.execute(statement).scalar_one())


_COUNTERS = table_of(Counter)
_RESERVE = (
    update(_COUNTERS)
    .where(_COUNTERS.c.name == FEED)
    .values(value=_COUNTERS.c.value + bindparam("count"))
    .returning(_COUNTERS.c.value)
)
"""Built once, on the Core table: every push runs it, and building it and taking the ORM's
bulk-update path cost more than the update itself."""


def reserve_seqs(session: Session, count: int) -> Iterator[int]:
    """``count`` consecutive positions in one statement (a batch needs at most one each)."""
    last = int(session.execute(_RESERVE, {"count": count}).scalar_one())
    return iter(range(last - count + 1, last + 1))


def head(session: Session) -> int:
    """The last position given out and committed. Read before a pull's rows: since positions
    become visible in order, every row at or below it is then visible to that pull."""
    value = session.execute(select(Counter.value).where(Counter.name == FEED)).scalar()
    return 0 if value is None else int(value)


EPOCH = "epoch"
"""Counts restores: a pull cursor from another epoch starts its device's pull over (after a
restore, positions a device has seen may be given again to other changes)."""


def epoch(session: Session) -> int:
    value = session.execute(select(Counter.value).where(Counter.name == EPOCH)).scalar()
    return 0 if value is None else int(value)


def next_epoch(session: Session) -> int:
    """Start a new epoch (a restore does, before the server serves again)."""
    row = session.get(Counter, EPOCH)
    if row is None:
        row = Counter(name=EPOCH, value=0)
        session.add(row)
    row.value += 1
    return row.value
