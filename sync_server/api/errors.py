"""Every error leaves as a :class:`fieldapp.wire.Problem`: a code and a short, safe hint.

Validation errors name the fields at fault, never the input; unexpected errors are logged with
their type only (the message could hold data) and answered with a bare 500.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fieldapp.wire import Problem
from sync_server.services.errors import Kind, ServiceError

logger = logging.getLogger(__name__)

STATUS = {
    Kind.UNAUTHENTICATED: 401,
    Kind.FORBIDDEN: 403,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.INVALID: 422,
}


def problem(status: int, code: str, detail: str = "") -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = Problem(code=code, detail=detail).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service(_request: Request, error: ServiceError) -> JSONResponse:
        return problem(STATUS[error.kind], error.code, error.detail)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = sorted({".".join(str(p) for p in e.get("loc", ())) for e in error.errors()})
        return problem(422, "request.invalid", "Invalid fields: " + ", ".join(fields))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem(error.status_code, f"http.{error.status_code}", "")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        logger.error("unexpected %s while handling a request", type(error).__name__)
        return problem(500, "server.error", "Something went wrong on the server.")
