"""A refusal as the API answers it: a :class:`fieldapp.wire.Problem` body with the HTTP
status of the service error's kind."""

from __future__ import annotations

from fastapi.responses import JSONResponse

from fieldapp.wire import Problem
from sync_server.services.errors import Kind

STATUS = {
    Kind.UNAUTHENTICATED: 401,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.INVALID: 422,
    Kind.THROTTLED: 429,
}


def problem(status: int, code: str, detail: str = "") -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = Problem(code=code, detail=detail).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)
