"""The headers on every answer of the server (web pages, API JSON, errors, 413s): a strict
Content-Security-Policy (no scripts at all), no framing, no sniffing, no referrer. Only the API
docs page sets a policy of its own (:data:`sync_server.api.docs.DOCS_CSP`).
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from sync_server.edge.http_middleware import HttpMiddleware

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders(HttpMiddleware):
    """Adds :data:`HEADERS` to every answer, except a header the answer set itself (the API
    docs page's own CSP)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in HEADERS.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
