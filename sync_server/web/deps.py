"""Who is asking, for the web pages: the session's user, or a redirect to the login page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from fieldapp.wire import Role
from sync_server.services import web_auth
from sync_server.services.context import ServerContext
from sync_server.services.web_auth import WebUser
from sync_server.web.security import session_token


class LoginRequiredError(Exception):
    """No full session: the handler redirects to the login page."""


class WrongRoleError(Exception):
    """Logged in, but this page is not for this role: 403."""

    def __init__(self, user: WebUser) -> None:
        super().__init__("forbidden")
        self.user = user


def context_of(request: Request) -> ServerContext:
    context = request.app.state.context
    assert isinstance(context, ServerContext)
    return context


async def current_user(request: Request) -> WebUser:
    user = await run_in_threadpool(
        web_auth.current_user, context_of(request), session_token(request)
    )
    if user is None:
        raise LoginRequiredError
    return user


def role(*roles: Role) -> object:
    async def check(user: Annotated[WebUser, Depends(current_user)]) -> WebUser:
        if user.principal.role not in roles:
            raise WrongRoleError(user)
        return user

    return Depends(check)
