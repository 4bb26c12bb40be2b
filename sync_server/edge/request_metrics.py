"""Counts every answer by its route's template (``/api/v1/clients/{client_id}``, never the
path with its ids), method and status (:data:`sync_server.metrics.REQUESTS`). A path that
matches no route counts as ``unmatched``, so that nobody can grow the metrics with made-up
paths.

The matched route knows its template within its router; the router's prefix (the API's
``/api/v1``, or none) is put before it only when it is one of :data:`PREFIXES`, fixed text
that holds no id."""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from fieldapp.wire import API_PREFIX
from sync_server.edge.http_middleware import HttpMiddleware
from sync_server.metrics import REQUESTS

UNMATCHED = "unmatched"
PREFIXES = ("", API_PREFIX)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Any other method counts as ``other``: a client may send any word there."""


def template_of(route: object, path: str) -> str:
    """The template that ``route`` matched ``path`` by, with its router's prefix."""
    inner = getattr(route, "path", None)
    pattern = getattr(route, "path_regex", None)
    if not isinstance(inner, str) or pattern is None:
        return UNMATCHED
    for prefix in PREFIXES:
        if path.startswith(prefix) and pattern.match(path[len(prefix) :]):
            return prefix + inner
    return UNMATCHED


class RequestMetrics(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        status = 500  # what the server answers when the app fails before it starts one

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting)
        finally:
            template = template_of(scope.get("route"), scope.get("path", ""))
            method = scope.get("method", "")
            REQUESTS.labels(template, method if method in METHODS else "other", str(status)).inc()
