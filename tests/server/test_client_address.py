"""The client address the throttles count: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sync_server.edge.client_address import resolve, trusted_networks
from sync_server.services.throttle import address_value
from sync_server.settings import Settings

PROXIES = trusted_networks(("10.0.0.0/8", "192.0.2.1", "2001:db8:ffff::/48"))


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert resolve("203.0.113.9", ["198.51.100.1"], trusted_networks(())) == "203.0.113.9"


def test_a_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored() -> None:
    assert resolve("203.0.113.9", ["198.51.100.1"], PROXIES) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client() -> None:
    # The client forged the first entry; the proxies appended what they saw.
    forwarded = ["198.51.100.66, 203.0.113.9", "10.1.2.3"]
    assert resolve("192.0.2.1", forwarded, PROXIES) == "203.0.113.9"
    assert resolve("10.9.9.9", ["203.0.113.9:4711"], PROXIES) == "203.0.113.9"
    assert resolve("2001:db8:ffff::7", ["[2001:db8:1::5]:443"], PROXIES) == "2001:db8:1::5"
    assert resolve("::ffff:10.0.0.2", ["203.0.113.9"], PROXIES) == "203.0.113.9"


def test_odd_headers_from_a_trusted_proxy() -> None:
    assert resolve("10.0.0.2", [], PROXIES) == "10.0.0.2"  # no header: the proxy itself
    assert resolve("10.0.0.2", [" , "], PROXIES) == "10.0.0.2"
    assert resolve("10.0.0.2", ["10.0.0.5, 10.0.0.3"], PROXIES) == "10.0.0.5"  # all trusted
    assert resolve("10.0.0.2", ["unknown"], PROXIES) == "unknown"
    assert resolve("10.0.0.2", ["x" * 500], PROXIES) == "x" * 100


def test_ipv6_clients_count_by_their_64_network() -> None:
    assert address_value("2001:db8:1:2:aaaa::1") == address_value("2001:db8:1:2:bbbb::9")
    assert address_value("2001:db8:1:3::1") != address_value("2001:db8:1:2::1")
    assert address_value("::ffff:203.0.113.9") == address_value("203.0.113.9") == "203.0.113.9"
    assert address_value("") == ""


def test_a_trusted_proxy_setting_that_is_no_address_is_refused_at_start() -> None:
    assert Settings(trusted_proxies=["10.0.0.0/8", "::1"]).trusted_proxies == ["10.0.0.0/8", "::1"]
    with pytest.raises(ValidationError):
        Settings(trusted_proxies=["proxy.example.org"])
