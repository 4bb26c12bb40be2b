"""A request id for every request: the one the reverse proxy sent in ``X-Request-ID`` when it
is a plain token (letters, digits, ``-`` and ``_``, up to 64), otherwise a new random one. It
goes into every log line written while the request is served (:mod:`sync_server.log_format`)
and back in the answer's ``X-Request-ID``, so that a line can be matched with a request
without logging anything about who made it."""

from __future__ import annotations

import re
import secrets

from starlette.types import Message, Receive, Scope, Send

from sync_server.edge.http_middleware import HttpMiddleware
from sync_server.log_format import REQUEST_ID

HEADER = b"x-request-id"
PLAIN = re.compile(rb"[A-Za-z0-9_-]{1,64}")


def _given(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == HEADER and PLAIN.fullmatch(value):
            return str(value.decode())
    return None


class RequestId(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = _given(scope) or secrets.token_hex(8)
        token = REQUEST_ID.set(request_id)

        async def with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(n, v) for n, v in message.get("headers", []) if n != HEADER]
                message["headers"] = [*headers, (HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, with_id)
        finally:
            REQUEST_ID.reset(token)
