"""Request dependencies: the server context and the authenticated caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sync_server.services import devices
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import unauthenticated
from sync_server.tokens import looks_like_token

_bearer = HTTPBearer(auto_error=False, description="A device token from /api/v1/enroll.")


async def get_context(request: Request) -> ServerContext:
    # async: no I/O here, and FastAPI would run a plain def in a worker thread.
    context = request.app.state.context
    assert isinstance(context, ServerContext)
    return context


Context = Annotated[ServerContext, Depends(get_context)]


async def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token, unchecked (routes that authenticate inside their own transaction)."""
    if credentials is None or not looks_like_token(credentials.credentials):
        raise unauthenticated()
    return credentials.credentials


BearerToken = Annotated[str, Depends(get_token)]


def get_principal(context: Context, token: BearerToken) -> Principal:
    return devices.authenticate(context, token)


Caller = Annotated[Principal, Depends(get_principal)]
