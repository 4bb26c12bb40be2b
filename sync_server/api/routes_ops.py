"""What the municipality's monitoring asks, outside ``/api/v1`` and without a session:

- ``GET /healthz``: the process is up (200, nothing else checked);
- ``GET /readyz``: the database answers and its schema is current (200), else 503;
- ``GET /metrics``: Prometheus metrics (:mod:`sync_server.metrics`), with the bearer token of
  the ``metrics_token`` setting; without that setting it is not served.

None of them shows data: a status word, and counts.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from sync_server.api.deps import Context
from sync_server.metrics import registry_for_scrape
from sync_server.services.health import DatabaseFacts, readiness

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz")
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/readyz")
async def readyz(context: Context) -> JSONResponse:
    found = await run_in_threadpool(readiness, context)
    body = {
        "status": "ready" if found.ready else "not ready",
        "database": "ok" if found.database else "unreachable",
        "schema": "current" if found.schema_current else "not current: run migrate",
    }
    return JSONResponse(body, status_code=200 if found.ready else 503, headers=NO_STORE)


@router.get("/metrics")
async def metrics(context: Context, authorization: Annotated[str, Header()] = "") -> Response:
    token = context.settings.metrics_token
    if token is None:
        return Response(status_code=404)
    expected = f"Bearer {token.get_secret_value()}"
    if not hmac.compare_digest(authorization.encode(), expected.encode()):
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    registry = registry_for_scrape(DatabaseFacts(context))
    body = await run_in_threadpool(generate_latest, registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)
