"""Login throttling: by username, with a much higher limit per client address (an office
behind one NAT shares it), and X-Forwarded-For believed only from a trusted proxy.

The server here trusts the test's loopback address as a proxy unless a test says otherwise,
so ``X-Forwarded-For`` plays the client addresses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sync_server.settings import Settings, Web
from tests.clock import Clock
from tests.server.web.conftest import Browser

WRONG = "not-the-password-1"


@pytest.fixture
def overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dict(getattr(request, "param", {"trusted_proxies": ["127.0.0.1"]}))


@pytest.fixture
def settings(tmp_path: Path, database_url: str, overrides: dict[str, Any]) -> Settings:
    return Settings(data_dir=tmp_path / "server", database_url=database_url, **overrides)


def _from(browser: Browser, forwarded_for: str) -> Browser:
    browser.http.headers["X-Forwarded-For"] = forwarded_for
    return browser


def test_many_people_behind_one_address_are_not_locked_out(browser: Browser) -> None:
    _from(browser, "203.0.113.50")  # the office's NAT
    for n in range(10):  # 40 failures from one address, none past its username's limit
        for _ in range(4):
            assert browser.login(f"colleague-{n}", WRONG).status_code == 401
    for _ in range(4):
        assert browser.login("buurtteam-oost1", WRONG).status_code == 401
    assert browser.login("buurtteam-oost1").status_code == 303
    assert browser.login("schuldhulp1").status_code == 303


def test_a_username_past_its_limit_is_locked_from_every_address(
    browser: Browser, clock: Clock
) -> None:
    for n in range(5):
        assert _from(browser, f"198.51.100.{n}").login("schuldhulp1", WRONG).status_code == 401
    assert _from(browser, "203.0.113.99").login("schuldhulp1").status_code == 401
    assert browser.login("buurtteam-oost1").status_code == 303  # others are not affected
    clock.advance(minutes=16)
    assert browser.login("schuldhulp1").status_code == 303


FEW_PER_ADDRESS = Web(login_max_failures_per_address=6)


@pytest.mark.parametrize(
    "overrides", [{"trusted_proxies": ["127.0.0.1"], "web": FEW_PER_ADDRESS}], indirect=True
)
def test_an_address_locks_at_its_own_limit_and_a_trusted_proxy_names_it(browser: Browser) -> None:
    for n in range(6):
        assert _from(browser, "203.0.113.7").login(f"someone-{n}", WRONG).status_code == 401
    assert browser.login("schuldhulp1").status_code == 401  # this address is locked
    # The client forged the first entry; the trusted proxy appended the address it saw.
    assert _from(browser, "203.0.113.8, 203.0.113.7").login("schuldhulp1").status_code == 401
    assert _from(browser, "203.0.113.8").login("schuldhulp1").status_code == 303


@pytest.mark.parametrize(
    "overrides", [{"trusted_proxies": ["192.0.2.1"], "web": FEW_PER_ADDRESS}], indirect=True
)
def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(browser: Browser) -> None:
    for n in range(6):  # each claims another address; all come from the same peer
        assert _from(browser, f"198.51.100.{n}").login(f"someone-{n}", WRONG).status_code == 401
    assert _from(browser, "198.51.100.200").login("schuldhulp1").status_code == 401
