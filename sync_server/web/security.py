"""Cookies, CSRF and response headers of the web pages.

- The session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure whenever the request
  came over TLS; it holds only a random token (the database keeps its hash).
- Every form carries a CSRF token: the session's own once logged in; before login a random
  value that must match a cookie set with the form (double submit). Compared in constant time.
- Headers on every answer of the server (web pages, API JSON, errors, 413s): a strict
  Content-Security-Policy (no scripts at all), no framing, no sniffing, no referrer. Only the
  API docs page sets a policy of its own (:data:`sync_server.api.docs.DOCS_CSP`).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "vw_session"
LOGIN_CSRF_COOKIE = "vw_login_csrf"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=_secure(request), path="/"
    )


def session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def check_csrf(expected: str, form: dict[str, str]) -> None:
    given = form.get("csrf", "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        raise HTTPException(403, "csrf")


class SecurityHeaders:
    """Adds :data:`HEADERS` to every answer, except a header the answer set itself (the API
    docs page's own CSP)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

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
