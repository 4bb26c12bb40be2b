"""The server's settings, read from the environment (``VELDWERK_*``) or a ``.env`` file.

One :class:`Settings` object is made by the composition root (the CLI or a test) and handed
to :func:`sync_server.app.create_app`; nothing reads the environment at import time.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Retention(BaseSettings):
    """Days each category of data is kept before ``purge`` removes it."""

    model_config = SettingsConfigDict(env_prefix="VELDWERK_RETENTION_", extra="forbid")

    visits_days: int = Field(default=7 * 365, ge=1)
    """Visits, goals, signals, consents and WHO-5 checks; each organisation sets its own."""
    closed_referrals_days: int = Field(default=2 * 365, ge=1)
    """Referrals after their outcome; the status history stays for reporting, the payload goes."""
    withdrawn_clients_days: int = Field(default=90, ge=1)
    audit_days: int = Field(default=5 * 365, ge=1)
    """Access logs (NEN 7513 is the usual reference for how long)."""
    idempotency_days: int = Field(default=180, ge=15)
    """Must outlast the longest offline period of a device (the lease is 14 days)."""
    pairing_codes_days: int = Field(default=1, ge=1)


class Web(BaseSettings):
    """Browser sessions and login throttling for the web pages."""

    model_config = SettingsConfigDict(env_prefix="VELDWERK_WEB_", extra="forbid")

    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=7 * 24)
    login_max_failures: int = Field(default=5, ge=1, le=100)
    """Failures per username within the window before that username locks."""
    login_max_failures_per_address: int = Field(default=100, ge=1, le=100_000)
    """Failures from one client address within the window before the address locks: much
    higher than per username, since a whole office behind one NAT or proxy shares an address."""
    login_window_minutes: int = Field(default=15, ge=1)
    login_lock_minutes: int = Field(default=15, ge=1)
    pairing_max_failures_per_address: int = Field(default=10, ge=1, le=10_000)
    """Wrong pairing codes from one client address within the window before it locks."""
    pairing_max_failures_per_organisation: int = Field(default=50, ge=1, le=100_000)
    """Wrong pairing codes for one organisation within the window before its enrolment locks."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="VELDWERK_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    data_dir: Path = Path("var/server")
    """Holds the SQLite database (by default) and the server key file."""
    database_url: str | None = None
    """``sqlite:///path`` or ``postgresql+psycopg://user:pass@host/db``; default: SQLite in
    ``data_dir``."""
    server_key: SecretStr | None = None
    """Base64 of 32 random bytes; wins over the key file. Keep it outside the database."""
    pairing_code_ttl_s: int = Field(default=600, ge=30, le=3600)
    pull_page_size: int = Field(default=500, ge=1, le=1000)
    max_request_bytes: int = Field(default=4 * 1024 * 1024, ge=64 * 1024, le=256 * 1024 * 1024)
    """Request bodies above this are refused with 413 before they are read or parsed. The
    server advertises it to devices, which split their pushes to stay under it. The largest
    legal push (200 visits, every text at its maximum in Arabic) is 5.0 MiB as the app sends
    it, 14.7 MiB fully JSON-escaped; one such visit at most 77 KB: 4 MiB keeps every single
    change far under the cap and such a batch in two pushes (docs/sync-protocol.md)."""
    api_docs: bool = True
    """Serve the API docs (``/api/v1/docs``, assets from this server). Off in production if the
    API should not describe itself."""
    trusted_proxies: list[str] = Field(default_factory=list)
    """Addresses (or networks, CIDR) of reverse proxies whose ``X-Forwarded-For`` is believed.
    Empty: the peer address of the connection is the client's address."""
    retention: Retention = Field(default_factory=Retention)
    web: Web = Field(default_factory=Web)
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    """``json``: one JSON object per line, with the request id (``docs/operations.md``)."""
    metrics_token: SecretStr | None = None
    """A bearer token for ``GET /metrics`` (Prometheus). Without one, ``/metrics`` is not
    served: the counts are no client data, but they say how busy the service is."""
    time_zone: str = "Europe/Amsterdam"
    """The organisation's time zone, an IANA name: referral due dates and their expiry, report
    months and visit date filters count in its days."""

    @field_validator("time_zone")
    @classmethod
    def _zone_is_known(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(
                "VELDWERK_TIME_ZONE must name an IANA time zone, e.g. Europe/Amsterdam"
            ) from None
        return name

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_networks(cls, entries: list[str]) -> list[str]:
        for entry in entries:
            try:
                ipaddress.ip_network(entry.strip(), strict=False)
            except ValueError:
                raise ValueError("each entry must be an address or a CIDR network") from None
        return entries

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'veldwerk.sqlite3').resolve()}"

    @property
    def key_file(self) -> Path:
        return self.data_dir / "server.key"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def serialised(self) -> str:
        """Every setting as one JSON document, the secrets included (not masked): for
        :meth:`from_serialised` in this server's own worker processes, never for a log."""
        document = self.model_dump(mode="json")
        for name in ("server_key", "metrics_token"):
            secret = getattr(self, name)
            document[name] = None if secret is None else secret.get_secret_value()
        return json.dumps(document)

    @classmethod
    def from_serialised(cls, text: str) -> Settings:
        """The settings :meth:`serialised` wrote, validated again by this model. Every setting
        must be there, so nothing of the worker's own environment or ``.env`` mixes in."""
        document = json.loads(text)
        if not isinstance(document, dict):
            raise ValueError("serialised settings must be a JSON object")
        missing = sorted(set(cls.model_fields) - set(document))
        if missing:
            raise ValueError(f"serialised settings lack {', '.join(missing)}")
        return cls(_env_file=None, **document)
