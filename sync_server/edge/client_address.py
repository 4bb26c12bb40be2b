"""The client's address, for throttling: one rule for the web login and enrollment.

The connection's peer is the client, unless the peer is a reverse proxy listed in
``Settings.trusted_proxies`` (addresses or CIDR networks). Then the client is the right-most
address in ``X-Forwarded-For`` that is not itself a trusted proxy: each proxy appends the
address it saw, so everything left of that was written by the client and may be forged.
A header from any other peer is ignored.

``serve`` gives uvicorn the same list (``forwarded_allow_ips``), so uvicorn's own reading of
these headers (the scheme, for Secure cookies) trusts the same proxies and nobody else.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

from starlette.requests import HTTPConnection

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_ENTRY = 100
"""A longer X-Forwarded-For entry is cut: it only feeds a hash, and the hash needs no essay."""


@functools.lru_cache(maxsize=16)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The parsed setting; a single address is a network of one."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _ip(text: str) -> IPAddress | None:
    """An address, also with a port (``1.2.3.4:5678``, ``[2001:db8::1]:443``); else None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(ip: IPAddress | None, networks: Sequence[Network]) -> bool:
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def resolve(peer: str, forwarded_for: Sequence[str], networks: Sequence[Network]) -> str:
    """The client's address from the peer's and the ``X-Forwarded-For`` header values."""
    if not _trusted(_ip(peer), networks):
        return peer
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    if not hops:
        return peer
    for hop in reversed(hops):
        ip = _ip(hop)
        if not _trusted(ip, networks):
            return hop[:MAX_ENTRY] if ip is None else str(ip)
    first = _ip(hops[0])  # every hop a trusted proxy: the farthest one is the client
    return hops[0][:MAX_ENTRY] if first is None else str(first)


def client_address(connection: HTTPConnection, trusted_proxies: Sequence[str]) -> str:
    peer = connection.client.host if connection.client else ""
    networks = trusted_networks(tuple(trusted_proxies))
    return resolve(peer, connection.headers.getlist("x-forwarded-for"), networks)
