"""The employer's one-time rating link: the coordinator makes it from a client's logbook
page (shown once), and the employer's contact opens it without an account and rates the
jobcoach's support. The public form carries a double-submit CSRF token; a link that does not
work says so and is counted against the address (:mod:`sync_server.services.rating_links`)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from fieldapp.domain.rating import HIGHEST, LOWEST, Answer, Question
from fieldapp.domain.visit import Funder
from fieldapp.i18n.rating_words import ANSWERS, QUESTIONS
from fieldapp.wire import Role
from sync_server.edge.client_address import client_address
from sync_server.services import rating_links
from sync_server.services.errors import ThrottledError
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.forms import read_form
from sync_server.web.query import choice
from sync_server.web.render import language_of, page
from sync_server.web.security import FORM_CSRF_COOKIE, check_csrf, new_login_csrf, set_cookie

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]


@router.post("/clients/{client_id}/rating-link")
async def make_link(request: Request, user: Coordinator, client_id: uuid.UUID) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    funder = choice(Funder, form.get("funder", "")) or Funder.UWV
    ctx = context_of(request)
    issued = await run_in_threadpool(rating_links.make_link, ctx, user.principal, client_id, funder)
    context = {
        "user": user,
        "link_address": f"{request.base_url}rate/{issued.token}",
        "expires_at": issued.expires_at,
        "funder": funder,
        "back": f"/clients/{client_id}/logbook",
    }
    return page(request, "rating_link.html", user.lang, context)


def _address(request: Request) -> str:
    return client_address(request, context_of(request).settings.trusted_proxies)


def _rate_page(
    request: Request, token: str, lang: str, *, status_code: int = 200, extra: dict[str, Any]
) -> Response:
    csrf = new_login_csrf()
    context = {
        "csrf": csrf,
        "action": f"/rate/{token}",
        "scores": range(LOWEST, HIGHEST + 1),
        "questions": [(q.value, QUESTIONS[q]) for q in Question],
        "answers": [(a.value, ANSWERS[a]) for a in Answer],
        **extra,
    }
    response = page(request, "rate.html", lang, context, status_code=status_code)
    set_cookie(request, response, FORM_CSRF_COOKIE, csrf)
    return response


def _gone(request: Request, lang: str) -> Response:
    return page(request, "rate_gone.html", lang, {}, status_code=410)


def _busy(request: Request, lang: str, throttled: ThrottledError) -> Response:
    response = page(request, "rate_gone.html", lang, {"busy": True}, status_code=429)
    response.headers["Retry-After"] = str(throttled.retry_after_s)
    return response


@router.get("/rate/done")
def rated(request: Request, lang: str | None = None) -> Response:
    return page(request, "rate_done.html", language_of(request, lang))


@router.get("/rate/{token}")
async def rate_form(request: Request, token: str, lang: str | None = None) -> Response:
    chosen = language_of(request, lang)
    ctx = context_of(request)
    try:
        found = await run_in_threadpool(rating_links.open_link, ctx, token[:100], _address(request))
    except ThrottledError as throttled:
        return _busy(request, chosen, throttled)
    if found is None:
        return _gone(request, chosen)
    return _rate_page(request, token, chosen, extra={"link": found, "values": {}})


@router.post("/rate/{token}")
async def rate(request: Request, token: str) -> Response:
    form = await read_form(request, max_bytes=4 * 1024)
    check_csrf(request.cookies.get(FORM_CSRF_COOKIE, ""), form)
    lang = language_of(request, form.get("lang"))
    ctx = context_of(request)
    given = {q.value: form.get(q.value, "") for q in Question}
    parsed = rating_links.parse_answers(form.get("score", ""), given)
    try:
        if parsed is None or not LOWEST <= parsed[0] <= HIGHEST:
            found = await run_in_threadpool(
                rating_links.open_link, ctx, token[:100], _address(request)
            )
            if found is None:
                return _gone(request, lang)
            extra = {"link": found, "values": given, "missing_score": True}
            return _rate_page(request, token, lang, status_code=400, extra=extra)
        score, answers = parsed
        stored = await run_in_threadpool(
            rating_links.rate, ctx, token[:100], score, answers, _address(request)
        )
    except ThrottledError as throttled:
        return _busy(request, lang, throttled)
    if stored is None:
        return _gone(request, lang)
    return RedirectResponse(f"/rate/done?lang={lang}", status_code=303)
