"""The JSON API on the server app: its routes under ``/api/v1``, its Problem answers and its
docs page. Mounted by the composition root, :func:`sync_server.app.create_app`."""

from __future__ import annotations

from fastapi import FastAPI

from fieldapp.wire import API_PREFIX
from sync_server.api import docs, errors, routes_ops, routes_sync, routes_teams


def install(app: FastAPI, *, docs_enabled: bool) -> None:
    errors.install(app)
    app.include_router(routes_sync.router, prefix=API_PREFIX, responses=errors.ERROR_RESPONSES)
    app.include_router(routes_teams.router, prefix=API_PREFIX, responses=errors.ERROR_RESPONSES)
    app.include_router(routes_ops.router)
    docs.install(app, enabled=docs_enabled)
