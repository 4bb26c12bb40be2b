"""The one place an HTTP client for the sync server is made.

- TLS is always verified, against certifi's roots or an organisation's own CA file given in
  the app's configuration; nothing in the UI can turn it off. TLS 1.2 at least.
- Environment proxies and certificate overrides (``HTTPS_PROXY``, ``SSL_CERT_FILE``, netrc)
  are ignored: ``trust_env=False``. Redirects are not followed (a token must not travel on).
- Plain ``http://`` only to this machine (``make run``, tests); anything else must be https.
- Timeouts on every phase, so a dead network never hangs a sync. The app gives its sync
  client the person's "no progress" setting (:func:`no_progress_timeouts`).
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Final

import certifi
import httpx

from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.wire import API_PREFIX

CONNECT_TIMEOUT: Final = 10.0
TIMEOUT: Final = httpx.Timeout(connect=CONNECT_TIMEOUT, read=60.0, write=60.0, pool=10.0)
USER_AGENT: Final = "veldwerk-fieldapp/1"
_LOOPBACK_NAMES: Final = frozenset({"localhost"})

TransportWrapper = Callable[[httpx.BaseTransport], httpx.BaseTransport]
"""Tests wrap the real transport (fault injection); the TLS settings stay the factory's."""


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The server's base URL, normalised; SyncError ``sync.bad_url`` if it will not do."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        raise SyncError(SyncErrorCode.BAD_URL, "not a URL") from None
    if not parsed.host or parsed.userinfo or parsed.query or parsed.fragment:
        raise SyncError(SyncErrorCode.BAD_URL, "a server URL is scheme, host, port and path")
    if parsed.scheme == "http" and not _is_loopback(parsed.host):
        raise SyncError(SyncErrorCode.BAD_URL, "the server must use https")
    if parsed.scheme not in {"http", "https"}:
        raise SyncError(SyncErrorCode.BAD_URL, "the server must use https")
    return str(parsed).rstrip("/")


def no_progress_timeouts(seconds: float) -> httpx.Timeout:
    """Give up when nothing moves for ``seconds``: no byte of an answer arrives, no byte of a
    request is taken, no connection comes free; connecting gets at most ``CONNECT_TIMEOUT``."""
    return httpx.Timeout(seconds, connect=min(CONNECT_TIMEOUT, seconds))


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(ca_file or certifi.where()))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def make_client(
    server_url: str,
    *,
    ca_file: Path | None = None,
    timeout: httpx.Timeout = TIMEOUT,
    wrap: TransportWrapper | None = None,
) -> httpx.Client:
    base = check_server_url(server_url)
    transport: httpx.BaseTransport = httpx.HTTPTransport(
        verify=tls_context(ca_file), trust_env=False, retries=0
    )
    if wrap is not None:
        transport = wrap(transport)
    return httpx.Client(
        base_url=base + API_PREFIX,
        transport=transport,
        timeout=timeout,
        trust_env=False,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
    )
