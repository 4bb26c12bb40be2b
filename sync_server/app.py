"""The composition root: ``create_app(settings)`` builds one server, the JSON API
(:mod:`sync_server.api`) and the web pages (:mod:`sync_server.web`) on one app, around the
context its services share (:func:`build_context`). Nothing happens at import.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI

from fieldapp.domain.clock import utc_now
from sync_server import __version__
from sync_server.api import app as api_app
from sync_server.api.docs import OPENAPI_PATH
from sync_server.db.engine import Database
from sync_server.edge.body_limit import BodyLimit
from sync_server.edge.request_id import RequestId
from sync_server.edge.request_metrics import RequestMetrics
from sync_server.edge.security_headers import SecurityHeaders
from sync_server.key_ring import load_source
from sync_server.services.context import ServerContext
from sync_server.settings import Settings
from sync_server.web import app as web_app


def build_context(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, db: Database | None = None
) -> ServerContext:
    database = db or Database.from_url(settings.resolved_database_url())
    return ServerContext(
        settings=settings, db=database, key_source=load_source(settings), clock=clock
    )


def create_app(settings: Settings, *, context: ServerContext | None = None) -> FastAPI:
    app = FastAPI(
        title="Veldwerk sync server",
        version=__version__,
        description="Enrollment, idempotent sync, referral routing and lifecycle.",
        openapi_url=OPENAPI_PATH if settings.api_docs else None,
        docs_url=None,  # served by sync_server.api.docs, from this server
        redoc_url=None,
    )
    app.state.context = context or build_context(settings)
    api_app.install(app, docs_enabled=settings.api_docs)
    web_app.install(app)  # after the API: its error handlers answer API paths as the API does
    # Middleware, innermost first: the body cap answers before anything reads a body; the
    # security headers wrap everything, so every answer (a 413 and a 500 too) has a CSP.
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes, page=web_app.too_large_page)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestMetrics)  # it counts every answer, a 413 too
    app.add_middleware(RequestId)  # outermost: every log line of a request carries its id
    return app
