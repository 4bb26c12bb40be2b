"""A pull page costs what it returns: the records' query walks the feed's index from the
cursor on SQLite, instead of gathering and sorting every record of the caseload per page
(which made a first pull of 50,000 records grow with their square)."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine
from sqlalchemy.dialects import postgresql

from fieldapp.wire import Role
from sync_server.db.schema import Base
from sync_server.services.context import Principal
from sync_server.services.pull import changed_queries

JOBCOACH = Principal(
    user_id=uuid.uuid4(),
    organisation_id=uuid.uuid4(),
    role=Role.JOBCOACH,
    team_id=None,
    device_id=uuid.uuid4(),
)


def _plans() -> list[str]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    plans = []
    with engine.connect() as connection:
        for query in changed_queries(JOBCOACH, 5):
            compiled = query.limit(1001).compile(engine)
            rows = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled),
                tuple(
                    value.hex if isinstance(value, uuid.UUID) else value
                    for value in compiled.params.values()
                ),
            )
            plans.append(" | ".join(row[3] for row in rows))
    return plans


def test_records_and_referrals_are_read_in_feed_order_without_a_sort() -> None:
    plans = _plans()
    joined = [plan for plan in plans if "clients" in plan and "records" in plan]
    joined += [plan for plan in plans if "clients" in plan and "referrals" in plan]
    assert len(joined) == 2, plans
    for plan in joined:
        assert "TEMP B-TREE" not in plan, plan
        assert plan.split(" | ")[0].startswith(
            (
                "SEARCH records USING INDEX ix_records_seq",
                "SEARCH referrals USING INDEX ix_referrals_seq",
            )
        ), plan
    # the caseload's clients and the register go by their own (owner, seq) indexes; a user's
    # removals are few, and sorted
    sorted_ones = [plan for plan in plans if "TEMP B-TREE" in plan]
    assert all(plan.startswith("SEARCH removals") for plan in sorted_ones), plans


def test_the_hinted_queries_can_be_cached() -> None:
    """Without a cache key SQLAlchemy compiles every pull's statements again."""
    first, later = changed_queries(JOBCOACH, 5), changed_queries(JOBCOACH, 900)
    for one, other in zip(first, later, strict=True):
        key = one._generate_cache_key()
        assert key is not None and key == other._generate_cache_key()


def test_postgresql_gets_plain_sql() -> None:
    for query in changed_queries(JOBCOACH, 5):
        sql = str(query.compile(dialect=postgresql.dialect()))  # type: ignore[no-untyped-call]
        assert "+clients" not in sql and "+ clients" not in sql, sql
