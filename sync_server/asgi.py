"""The ASGI entry point uvicorn's workers import, and how ``serve`` hands them its settings.

uvicorn starts each worker process from an import string and calls the factory without
arguments, so ``serve`` cannot pass its :class:`Settings` object itself. It puts them, all
of them and already validated, in one environment variable, :data:`SETTINGS_VARIABLE`
(:meth:`Settings.serialised`), which the workers inherit; each worker validates them again with
the same model. The variable holds the server key and the database URL: it is as private as
the ``.env`` file, and only ``serve`` writes it. Without it (uvicorn or another server
started on ``sync_server.asgi:app_from_environment`` directly) the settings come from the
``VELDWERK_*`` environment and ``.env`` file, as for any command.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from sync_server.app import create_app
from sync_server.settings import Settings

SETTINGS_VARIABLE = "VELDWERK_SERVE_SETTINGS"
APP_FACTORY = f"{__name__}:app_from_environment"
"""What uvicorn imports in each worker (with ``factory=True``)."""


def hand_to_workers(settings: Settings) -> None:
    """Make ``settings`` the settings of the worker processes this process starts next."""
    os.environ[SETTINGS_VARIABLE] = settings.serialised()


def settings_from_environment() -> Settings:
    serialised = os.environ.get(SETTINGS_VARIABLE)
    return Settings() if serialised is None else Settings.from_serialised(serialised)


def app_from_environment() -> FastAPI:
    return create_app(settings_from_environment())
