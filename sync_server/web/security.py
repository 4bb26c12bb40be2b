"""Cookies and CSRF of the web pages.

- The session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure whenever the request
  came over TLS; it holds only a random token (the database keeps its hash).
- Every form carries a CSRF token: the session's own once logged in; before login, and on
  the public visit-request form, a random value that must match a cookie set with the form
  (double submit). Compared in constant time.

The headers of every answer (no scripts, no framing) are :mod:`sync_server.edge.security_headers`.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request, Response

SESSION_COOKIE = "vw_session"
LOGIN_CSRF_COOKIE = "vw_login_csrf"
FORM_CSRF_COOKIE = "vw_form_csrf"
"""The double-submit value of a public form (the visit request), apart from the login's so
that a login in another tab does not spoil it."""


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
