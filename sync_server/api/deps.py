"""Request dependencies: the server context and the authenticated caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sync_server.services import devices
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import unauthenticated

_bearer = HTTPBearer(auto_error=False, description="A device token from /api/v1/enroll.")


def get_context(request: Request) -> ServerContext:
    context = request.app.state.context
    assert isinstance(context, ServerContext)
    return context


Context = Annotated[ServerContext, Depends(get_context)]


def get_principal(
    context: Context,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or len(credentials.credentials) > 200:
        raise unauthenticated()
    principal = devices.authenticate(context, credentials.credentials)
    return principal


Caller = Annotated[Principal, Depends(get_principal)]
