"""Employers on the web: the coordinator invites an employer's contact person (a one-time link
to choose a password, shown once); the contact person passes concerns about workers placed
with them and sees back only that each was received."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from fieldapp.domain.concern import MAX_TEXT, ConcernSign
from fieldapp.wire import Role
from sync_server.auth import passwords
from sync_server.services import concerns, employer_accounts
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.forms import read_form
from sync_server.web.render import language_of, page
from sync_server.web.security import FORM_CSRF_COOKIE, check_csrf, new_login_csrf, set_cookie

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]
EmployerContact = Annotated[WebUser, role(Role.EMPLOYER)]


def _concerns_page(
    request: Request, user: WebUser, *, status_code: int = 200, extra: dict[str, Any]
) -> Response:
    ctx = context_of(request)
    context = {
        "user": user,
        "workers": concerns.workers(ctx, user.principal),
        "sent": concerns.sent(ctx, user.principal),
        "signs": list(ConcernSign),
        "max_text": MAX_TEXT,
        "values": {},
        "errors": {},
        **extra,
    }
    return page(request, "concerns.html", user.lang, context, status_code=status_code)


@router.get("/concerns")
def concerns_page(request: Request, user: EmployerContact) -> Response:
    return _concerns_page(request, user, extra={})


@router.post("/concerns")
async def send_concern(request: Request, user: EmployerContact) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    signs = tuple(sign for sign in ConcernSign if form.get(f"sign-{sign.value}"))
    text = form.get("text", "")[: MAX_TEXT + 1]
    worker = form.get("worker", "")
    values: dict[str, Any] = {"worker": worker, "text": text, "signs": signs}
    try:
        client_id = uuid.UUID(worker)
        await run_in_threadpool(
            concerns.send, context_of(request), user.principal, client_id, signs, text
        )
    except ValueError as error:  # no worker chosen, or a concern that says nothing
        problem = "text" if isinstance(error, ValidationError) else "worker"
        extra = {"values": values, "errors": {problem: True}}
    except ServiceError as error:
        if error.kind is not Kind.NOT_FOUND:
            raise
        extra = {"values": values, "errors": {"worker": True}}
    else:
        return RedirectResponse("/concerns?sent=1", status_code=303)
    # the page again, with what was chosen: its lists are read from the database, off the loop
    return await run_in_threadpool(_concerns_page, request, user, status_code=400, extra=extra)


@router.post("/employers/{employer_id}/invite")
async def invite(request: Request, user: Coordinator, employer_id: uuid.UUID) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    username = form.get("username", "").strip()[:80]
    display_name = form.get("display_name", "").strip()[:120]
    context: dict[str, Any] = {"user": user, "back": f"/employers/{employer_id}"}
    try:
        invited = await run_in_threadpool(
            employer_accounts.invite,
            context_of(request),
            user.principal,
            employer_id,
            username,
            display_name,
        )
    except ServiceError as error:
        if error.kind not in {Kind.INVALID, Kind.CONFLICT}:
            raise
        context |= {"refused": error.code, "username": username}
        return page(request, "invite_made.html", user.lang, context, status_code=400)
    context |= {
        "invited": invited,
        "link_address": f"{request.base_url}invite/{invited.token}",
    }
    return page(request, "invite_made.html", user.lang, context)


def _invite_page(
    request: Request, token: str, lang: str, *, status_code: int = 200, extra: dict[str, Any]
) -> Response:
    csrf = new_login_csrf()
    context = {"csrf": csrf, "action": f"/invite/{token}", **extra}
    response = page(request, "invite.html", lang, context, status_code=status_code)
    set_cookie(request, response, FORM_CSRF_COOKIE, csrf)
    return response


@router.get("/invite/{token}")
def invitation(request: Request, token: str, lang: str | None = None) -> Response:
    chosen = language_of(request, lang)
    username = employer_accounts.invited_username(context_of(request), token[:100])
    if username is None:
        return page(request, "invite.html", chosen, {"gone": True}, status_code=410)
    return _invite_page(request, token, chosen, extra={"username": username})


@router.post("/invite/{token}")
async def accept(request: Request, token: str) -> Response:
    form = await read_form(request, max_bytes=4 * 1024)
    check_csrf(request.cookies.get(FORM_CSRF_COOKIE, ""), form)
    lang = language_of(request, form.get("lang"))
    ctx = context_of(request)
    username = employer_accounts.invited_username(ctx, token[:100])
    if username is None:
        return page(request, "invite.html", lang, {"gone": True}, status_code=410)
    password = form.get("password", "")
    problem = (
        "length"
        if not passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH
        else "differs"
        if password != form.get("repeat", "")
        else ""
    )
    if problem:
        extra = {"username": username, "problem": problem}
        return _invite_page(request, token, lang, status_code=400, extra=extra)
    await run_in_threadpool(employer_accounts.accept, ctx, token[:100], password)
    return page(request, "invite.html", lang, {"accepted": username})
