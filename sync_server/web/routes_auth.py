"""Login (password, then a TOTP code where the role needs one), logout and language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from fieldapp.i18n.catalogs import normalize_lang
from fieldapp.wire import Role
from sync_server.edge.client_address import client_address
from sync_server.services import web_auth
from sync_server.services.errors import ServiceError
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, current_user
from sync_server.web.forms import read_form
from sync_server.web.render import language_of, page
from sync_server.web.security import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    new_login_csrf,
    session_token,
    set_cookie,
)

router = APIRouter(include_in_schema=False)
HOMES = {
    Role.RECEIVING_TEAM: "/inbox",
    Role.COORDINATOR: "/referrals",
    Role.DATA_PROTECTION_OFFICER: "/access-log",
    Role.ADMIN: "/devices",
    Role.EMPLOYER: "/concerns",
}


def _address(request: Request) -> str:
    return client_address(request, context_of(request).settings.trusted_proxies)


def _login_page(
    request: Request, lang: str, *, failed: bool = False, code: bool = False
) -> Response:
    csrf = new_login_csrf()
    template = "login_code.html" if code else "login.html"
    response = page(
        request,
        template,
        lang,
        {"csrf": csrf, "failed": failed},
        status_code=401 if failed else 200,
    )
    set_cookie(request, response, LOGIN_CSRF_COOKIE, csrf)
    return response


@router.get("/login")
def login_form(request: Request, lang: str | None = None) -> Response:
    return _login_page(request, language_of(request, lang))


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form)
    lang = language_of(request, form.get("lang"))
    try:
        token = await run_in_threadpool(
            web_auth.login,
            context_of(request),
            form.get("username", "")[:80],
            form.get("password", "")[:300],
            _address(request),
            lang,
        )
    except ServiceError:
        return _login_page(request, lang, failed=True)
    ctx = context_of(request)
    second = await run_in_threadpool(web_auth.needs_second_factor, ctx, token)
    response = RedirectResponse(f"/login/code?lang={lang}" if second else "/", status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token)
    return response


@router.get("/login/code")
def code_form(request: Request, lang: str | None = None) -> Response:
    return _login_page(request, language_of(request, lang), code=True)


@router.post("/login/code")
async def code(request: Request) -> Response:
    form = await read_form(request)
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form)
    lang = language_of(request, form.get("lang"))
    try:
        token = await run_in_threadpool(
            web_auth.second_factor,
            context_of(request),
            session_token(request),
            form.get("code", "")[:12],
            _address(request),
        )
    except ServiceError:
        return _login_page(request, lang, failed=True, code=True)
    response = RedirectResponse("/", status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token)
    return response


@router.post("/logout")
async def logout(request: Request, user: Annotated[WebUser, Depends(current_user)]) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    await run_in_threadpool(web_auth.logout, context_of(request), session_token(request))
    response = RedirectResponse(f"/login?lang={user.lang}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
async def language(request: Request, user: Annotated[WebUser, Depends(current_user)]) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    lang = normalize_lang(form.get("lang", ""))
    await run_in_threadpool(
        web_auth.set_language, context_of(request), session_token(request), lang
    )
    back = form.get("next", "/")
    local = back.startswith("/") and not back.startswith("//") and "\\" not in back
    return RedirectResponse(back if local else "/", status_code=303)


@router.get("/")
def home(user: Annotated[WebUser, Depends(current_user)]) -> Response:
    return RedirectResponse(HOMES.get(user.principal.role, "/login"), status_code=303)
