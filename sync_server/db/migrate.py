"""Schema migrations with Alembic, run from code (``serve`` upgrades before it listens)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

SCRIPTS = Path(__file__).resolve().parent.parent / "migrations"


def _config(engine: Engine) -> tuple[Config, object]:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config, engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    config, _ = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config, _ = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def revision(engine: Engine, message: str) -> None:
    """Developers: autogenerate a migration from the schema (``python -m sync_server``)."""
    config, _ = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


def revisions() -> list[str]:
    """This release's schema revisions, the first first (the last is the head)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    script = ScriptDirectory.from_config(config)
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def current(connection: Connection) -> str | None:
    """The schema revision of the database behind ``connection`` (None: none yet)."""
    return MigrationContext.configure(connection).get_current_revision()
