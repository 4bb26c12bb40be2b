"""Every error leaves as a :class:`fieldapp.wire.Problem`: a code and a short, safe hint.

Validation errors name the fields at fault, never the input; unexpected errors are logged with
their type only (the message could hold data) and answered with a bare 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Message, Receive, Scope, Send

from fieldapp.wire import Problem
from sync_server.edge.http_middleware import HttpMiddleware
from sync_server.edge.problem import STATUS, problem
from sync_server.problems import ProblemCode
from sync_server.services.errors import ServiceError, ThrottledError

logger = logging.getLogger(__name__)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description}
    for status, description in (
        (401, "No valid credentials (or the device was revoked: code device.revoked)."),
        (403, "The caller's role may not use this route."),
        (404, "Not found, or not the caller's to see (the same answer for both)."),
        (409, "Conflicts with the current state (a referral's lifecycle)."),
        (422, "Invalid input; names the fields at fault, never their values."),
    )
}
"""Every route documents its error answers as :class:`Problem` bodies."""


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service(_request: Request, error: ServiceError) -> JSONResponse:
        return problem(STATUS[error.kind], error.code, error.detail)

    @app.exception_handler(ThrottledError)
    async def _throttled(_request: Request, error: ThrottledError) -> JSONResponse:
        response = problem(429, error.code, error.detail)
        response.headers["Retry-After"] = str(error.retry_after_s)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = sorted({".".join(str(p) for p in e.get("loc", ())) for e in error.errors()})
        # An unknown key may hold a NUL, which a Problem (a WireModel) refuses: shown escaped.
        shown = ", ".join(fields).replace("\x00", "\\u0000")
        return problem(422, ProblemCode.REQUEST_INVALID, "Invalid fields: " + shown)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem(error.status_code, f"http.{error.status_code}", "")

    app.add_middleware(CatchUnexpected)


class CatchUnexpected(HttpMiddleware):
    """Answers an unexpected error with a bare 500 and logs only its type.

    Starlette's own last-resort handler re-raises after answering, and the server then logs
    the whole traceback with the exception's message (SQL parameters, input): client data in
    a log. This middleware sits inside it and never lets the exception through.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            logger.error("unexpected %s while handling a request", type(error).__name__)
            if not started:
                detail = "Something went wrong on the server."
                response = problem(500, ProblemCode.SERVER_ERROR, detail)
                await response(scope, receive, send)
