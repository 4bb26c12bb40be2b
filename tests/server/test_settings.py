"""The server's settings: the organisation's time zone, and how ``serve`` hands the settings
to its worker processes (one serialised value, validated again by the same model)."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from sync_server.asgi import SETTINGS_VARIABLE, hand_to_workers, settings_from_environment
from sync_server.cli import main as cli_main
from sync_server.services.context import ServerContext
from sync_server.settings import Retention, Settings

KEY = "a2V5LW9mLTMyLXJhbmRvbS1ieXRlcy0tZm9yLXRlc3Q="


@pytest.fixture
def no_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No VELDWERK_* variable and no .env file of the test run reaches ``Settings()``."""
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("VELDWERK_")]:
        monkeypatch.delenv(name)
    return monkeypatch


def test_the_time_zone_defaults_to_amsterdam(no_environment: pytest.MonkeyPatch) -> None:
    assert Settings().time_zone == "Europe/Amsterdam"
    no_environment.setenv("VELDWERK_TIME_ZONE", "America/New_York")
    assert Settings().zone.key == "America/New_York"


@pytest.mark.parametrize("name", ["Mars/Olympus", "Europe", "", "../etc/passwd", "/etc/x"])
def test_a_time_zone_that_does_not_exist_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="VELDWERK_TIME_ZONE must name an IANA time zone"):
        Settings(_env_file=None, time_zone=name)


def test_the_command_line_refuses_a_bad_time_zone_naming_the_setting(
    no_environment: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    no_environment.setenv("VELDWERK_TIME_ZONE", "Europe/Amsterdamm")
    assert cli_main(["--data-dir", str(tmp_path / "data"), "migrate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: invalid setting time_zone:")
    assert "VELDWERK_TIME_ZONE" in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()  # refused before anything was made


def test_the_context_counts_days_in_the_organisations_zone(ctx: ServerContext) -> None:
    moment = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    assert ctx.local_day(moment) == date(2026, 11, 24)  # 03:00 in Amsterdam
    assert ctx.day_start(date(2026, 11, 24)) == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    new_york = ctx.settings.model_copy(update={"time_zone": "America/New_York"})
    zoned = ServerContext(settings=new_york, db=ctx.db, key_source=ctx.key_source, clock=ctx.clock)
    assert zoned.local_day(moment) == date(2026, 11, 23)  # 21:00 the day before
    assert zoned.day_start(date(2026, 11, 24)) == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


# --- settings for the workers --------------------------------------------------------------


def _chosen(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{tmp_path / 'other.sqlite3'}",
        server_key=SecretStr(KEY),
        time_zone="America/New_York",
        trusted_proxies=["10.0.0.0/8"],
        retention=Retention(_env_file=None, visits_days=3),
        log_level="WARNING",
    )


def test_serialised_settings_come_back_whole_with_the_key(tmp_path: Path) -> None:
    chosen = _chosen(tmp_path)
    again = Settings.from_serialised(chosen.serialised())
    assert again == chosen
    assert again.server_key is not None and again.server_key.get_secret_value() == KEY


def test_serialised_settings_are_validated_by_the_same_model(tmp_path: Path) -> None:
    document = json.loads(_chosen(tmp_path).serialised())
    with pytest.raises(ValidationError, match="VELDWERK_TIME_ZONE"):
        Settings.from_serialised(json.dumps({**document, "time_zone": "Nowhere/City"}))
    with pytest.raises(ValidationError):
        Settings.from_serialised(json.dumps({**document, "pull_page_size": 0}))
    del document["database_url"]
    with pytest.raises(ValueError, match="serialised settings lack database_url"):
        Settings.from_serialised(json.dumps(document))
    with pytest.raises(ValueError, match="must be a JSON object"):
        Settings.from_serialised("[]")


def test_workers_take_the_settings_serve_handed_them_not_their_environment(
    no_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_environment.setenv("VELDWERK_TIME_ZONE", "Asia/Tokyo")
    no_environment.setenv("VELDWERK_RETENTION__VISITS_DAYS", "40")
    assert settings_from_environment().time_zone == "Asia/Tokyo"  # without serve: as any command
    chosen = _chosen(tmp_path)
    no_environment.setenv(SETTINGS_VARIABLE, "")  # so the monkeypatch removes it afterwards
    hand_to_workers(chosen)
    assert settings_from_environment() == chosen
    no_environment.setenv(SETTINGS_VARIABLE, "{not json")
    with pytest.raises(ValueError):
        settings_from_environment()
