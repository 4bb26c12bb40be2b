"""The shape every pure ASGI middleware of the server shares: it wraps the app, passes anything
that is not an HTTP request (lifespan, websockets) straight through, and handles the rest."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """One HTTP request; :attr:`app` is the app inside."""
        raise NotImplementedError
