"""What a person sets on their own device: the app's language, how soon it locks itself, and
how long a sync may go without progress."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_SYNC_TIMEOUT_SECONDS = 30
"""Seconds a sync may go without progress before it is given up."""


class DeviceSettings(BaseModel):
    # ``extra="ignore"``: a setting a later version adds does not stop an older one reading.
    model_config = ConfigDict(frozen=True, extra="ignore")

    language: str = Field(default="nl", max_length=12)
    auto_lock_minutes: int | None = Field(default=None, ge=1, le=60)
    """``None``: the app's default (5 minutes, or what it was started with)."""
    sync_timeout_seconds: int = Field(default=DEFAULT_SYNC_TIMEOUT_SECONDS, ge=1, le=600)
