"""The ASGI entry point uvicorn's workers import: settings from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from sync_server.app import create_app
from sync_server.settings import Settings


def app_from_environment() -> FastAPI:
    return create_app(Settings())
