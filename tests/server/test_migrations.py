"""The Alembic migrations against SQLite and PostgreSQL: up from nothing, down to nothing, up
again, and the models in ``sync_server.db.schema`` say exactly what the migrations build."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, select, text

from sync_server.db import migrate
from sync_server.db.engine import make_engine
from sync_server.db.schema import AuditHead, Base, Counter

MODEL_TABLES = frozenset(Base.metadata.tables)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _differences(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_from_empty_creates_every_model_table(engine: Engine) -> None:
    assert _tables(engine) == set()
    migrate.upgrade(engine)
    assert _tables(engine) == MODEL_TABLES | {"alembic_version"}
    assert _revision(engine) is not None
    with engine.connect() as connection:
        # The feed counter the push path increments is seeded by the migration.
        assert connection.execute(select(Counter.name, Counter.value)).all() == [("feed", 0)]
        # The audit head is bootstrap's job, not the migration's.
        assert connection.execute(select(AuditHead.name)).all() == []


def test_upgrading_twice_is_a_no_op(engine: Engine) -> None:
    migrate.upgrade(engine)
    head = _revision(engine)
    migrate.upgrade(engine)
    assert _revision(engine) == head
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM counters")).scalar_one() == 1


def test_downgrade_to_base_removes_everything_and_upgrade_works_again(engine: Engine) -> None:
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert _tables(engine) <= {"alembic_version"}
    assert _revision(engine) is None
    migrate.upgrade(engine)
    assert _tables(engine) == MODEL_TABLES | {"alembic_version"}
    assert _differences(engine) == []


def test_models_match_the_migrations(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert _differences(engine) == []


def test_the_comparison_would_see_a_model_the_migrations_lack(engine: Engine) -> None:
    """Guards the check above: dropping one migrated table must show up as a difference."""
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE removals"))
    differences = _differences(engine)
    assert [(d[0], d[1].name) for d in differences if d[0] == "add_table"] == [
        ("add_table", "removals")
    ]
