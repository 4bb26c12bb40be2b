"""The request body cap: bodies over ``Settings.max_request_bytes`` get 413 before anyone
parses them, and the API says its cap on every answer.

A pure ASGI middleware around the whole app (API and web pages):

- a ``Content-Length`` over the cap is answered at once; the body is never read;
- a body without one (chunked), or longer than its ``Content-Length`` said, is counted as it
  streams in: the read that crosses the cap raises :class:`BodyTooLargeError` inside the app,
  whatever the app then answers is dropped, and the client gets this module's 413 instead;
- the 413 is a :class:`fieldapp.wire.Problem` with the stable code ``request.too_large`` and
  ``Connection: close`` (the rest of the body is not worth reading); outside the API, where a
  person posted a web form, ``page`` answers with an error page in their language instead;
- every answer under ``/api/v1`` carries :data:`fieldapp.wire.MAX_REQUEST_BYTES_HEADER`, so a
  device splits its pushes to stay under the cap (docs/sync-protocol.md).
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fieldapp.wire import API_PREFIX, MAX_REQUEST_BYTES_HEADER
from sync_server.edge.problem import problem
from sync_server.problems import ProblemCode


class BodyTooLargeError(HTTPException):
    """Raised by the counting ``receive`` when the body crosses the cap; an HTTP exception, so
    the app's own handlers answer it quietly (that answer is then replaced by the 413)."""

    def __init__(self) -> None:
        super().__init__(413, ProblemCode.REQUEST_TOO_LARGE)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length; counting still applies
    return None


PageRefusal = Callable[[Scope, int], Response]
"""Makes the web pages' 413 page from the request's scope and the cap in bytes."""


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, page: PageRefusal | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page = page
        self._advertised = (MAX_REQUEST_BYTES_HEADER.lower().encode(), str(max_bytes).encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        advertise = scope["path"].startswith(API_PREFIX)
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send, advertise=advertise)
            return
        received = 0
        tripped = started = False

        async def counting_receive() -> Message:
            nonlocal received, tripped
            if tripped:
                raise BodyTooLargeError
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    tripped = True
                    raise BodyTooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if tripped:
                return  # the app's answer to the exception: ours goes instead
            if message["type"] == "http.response.start":
                started = True
                if advertise:
                    message["headers"] = [*message.get("headers", []), self._advertised]
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLargeError:
            if not tripped:
                raise
        if tripped and not started:
            await self._refuse(scope, receive, send, advertise=advertise)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, *, advertise: bool) -> None:
        if not advertise and self.page is not None:
            response = self.page(scope, self.max_bytes)
        else:
            detail = f"The request body is larger than this server takes ({self.max_bytes} bytes)."
            response = problem(413, ProblemCode.REQUEST_TOO_LARGE, detail)
        response.headers["Connection"] = "close"
        if advertise:
            response.headers[MAX_REQUEST_BYTES_HEADER] = str(self.max_bytes)
        await response(scope, receive, send)
