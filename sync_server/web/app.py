"""Mounting the web pages on the server app: routers, static files, error pages. (Their
security headers wrap the whole app: :func:`sync_server.app.create_app`.)

Its handlers for service and HTTP errors replace the API's on the shared app, so they answer a
path under ``/api/v1`` with the API's Problem body and any other with an error page."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from fieldapp.wire import API_PREFIX
from sync_server.edge.problem import STATUS, problem
from sync_server.services.errors import ServiceError
from sync_server.web import (
    routes_auth,
    routes_board,
    routes_concerns,
    routes_coordinator,
    routes_employers,
    routes_logbook,
    routes_outcomes,
    routes_outreach,
    routes_pages,
    routes_rating_links,
    routes_satisfaction,
)
from sync_server.web.deps import LoginRequiredError, WrongRoleError
from sync_server.web.render import language_of, page

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    app.include_router(routes_auth.router)
    app.include_router(routes_pages.router)
    app.include_router(routes_coordinator.router)
    app.include_router(routes_employers.router)
    app.include_router(routes_board.router)
    app.include_router(routes_logbook.router)
    app.include_router(routes_outcomes.router)
    app.include_router(routes_satisfaction.router)
    app.include_router(routes_outreach.router)
    app.include_router(routes_rating_links.router)
    app.include_router(routes_concerns.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(LoginRequiredError)
    async def to_login(request: Request, _error: LoginRequiredError) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(WrongRoleError)
    async def wrong_role(request: Request, error: WrongRoleError) -> Response:
        context = {"user": error.user, "code": 403}
        return page(request, "error.html", error.user.lang, context, status_code=403)

    @app.exception_handler(ServiceError)
    async def service_errors(request: Request, error: ServiceError) -> Response:
        if request.url.path.startswith(API_PREFIX):
            return problem(STATUS[error.kind], error.code, error.detail)
        code = STATUS[error.kind]
        return page(request, "error.html", language_of(request), {"code": code}, status_code=code)

    @app.exception_handler(StarletteHTTPException)
    async def http_errors(request: Request, error: StarletteHTTPException) -> Response:
        """The API answers with a Problem body; a page with an error page."""
        if request.url.path.startswith(API_PREFIX):
            return problem(error.status_code, f"http.{error.status_code}", "")
        context = {"code": error.status_code}
        lang = language_of(request)
        return page(request, "error.html", lang, context, status_code=error.status_code)


def too_large_page(scope: Scope, max_bytes: int) -> Response:
    """A web form posted more than the server takes: an error page in the person's language
    that says how much fits and where large routing tables go."""
    request = Request(scope)
    context = {"code": 413, "max_megabytes": max(1, max_bytes // 1_000_000)}
    return page(request, "error.html", language_of(request), context, status_code=413)
