"""The Flying Squad on the web: the coordinator's reach report with the employers' open
requests for a visit, and the public form on which an employer asks for one.

The public form needs no account. It carries a double-submit CSRF token, counts submissions
per client address and per organisation (:mod:`sync_server.services.visit_requests`), and
asks nothing about employees. After a submission the browser is sent on to a page that says
the request was received (so a reload does not send it twice).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from babel.dates import get_month_names
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from fieldapp.domain.visit_request import MAX_DATES
from fieldapp.i18n.translator import Translator
from fieldapp.wire import Role
from sync_server.edge.client_address import client_address
from sync_server.services import outreach, visit_requests
from sync_server.services.errors import ThrottledError
from sync_server.services.report_years import chosen_year
from sync_server.services.visit_requests import FormErrors, RequestForm
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.forms import read_form
from sync_server.web.render import language_of, page, translator
from sync_server.web.security import FORM_CSRF_COOKIE, check_csrf, new_login_csrf, set_cookie
from sync_server.web.visit_request_text import LABELS, field_words

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]
TEXT_FIELDS = ("organisation", "contact_name", "phone", "email", "employees")
DATE_FIELDS = tuple(f"date_{i}" for i in range(1, MAX_DATES + 1))


@router.get("/reach")
async def reach_page(request: Request, user: Coordinator, year: str = "") -> Response:
    ctx = context_of(request)
    chosen = chosen_year(ctx, year)
    found, years = await run_in_threadpool(outreach.reach, ctx, user.principal, chosen)
    requests = await run_in_threadpool(visit_requests.open_requests, ctx, user.principal)
    context = {
        "user": user,
        "reach": found,
        "years": years,
        "requests": requests,
        "form_path": f"/visit-request/{user.principal.organisation_id}",
        "month_names": month_names(translator(user.lang)),
    }
    return page(request, "reach.html", user.lang, context)


@router.post("/reach/requests/{request_id}/handled")
async def handled(request: Request, user: Coordinator, request_id: uuid.UUID) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    ctx = context_of(request)
    await run_in_threadpool(visit_requests.mark_handled, ctx, user.principal, request_id)
    return RedirectResponse("/reach?handled=1#requests", status_code=303)


def month_names(t: Translator) -> list[str]:
    """January to December in the page's language, standing alone (as a table's row head)."""
    names = get_month_names("wide", context="stand-alone", locale=t.locale)
    return [names[month] for month in range(1, 13)]


def _form_page(
    request: Request,
    organisation_id: uuid.UUID,
    lang: str,
    *,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    status_code: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    csrf = new_login_csrf()
    context = {
        "csrf": csrf,
        "action": f"/visit-request/{organisation_id}",
        "labels": LABELS,
        "text_fields": TEXT_FIELDS,
        "date_fields": DATE_FIELDS,
        "values": values or {},
        "errors": field_words(errors or {}, translator(lang)),
        "today": context_of(request).local_day(context_of(request).clock()),
        **(extra or {}),
    }
    response = page(request, "visit_request.html", lang, context, status_code=status_code)
    set_cookie(request, response, FORM_CSRF_COOKIE, csrf)
    return response


@router.get("/visit-request/{organisation_id}")
def request_form(request: Request, organisation_id: uuid.UUID, lang: str | None = None) -> Response:
    visit_requests.require_organisation(context_of(request), organisation_id)
    return _form_page(request, organisation_id, language_of(request, lang))


@router.post("/visit-request/{organisation_id}")
async def send_request(request: Request, organisation_id: uuid.UUID) -> Response:
    form = await read_form(request, max_bytes=8 * 1024)
    check_csrf(request.cookies.get(FORM_CSRF_COOKIE, ""), form)
    lang = language_of(request, form.get("lang"))
    values = {name: form.get(name, "")[:400] for name in (*TEXT_FIELDS, *DATE_FIELDS)}
    typed = RequestForm(
        **{name: values[name] for name in TEXT_FIELDS},
        dates=tuple(values[name] for name in DATE_FIELDS),
    )
    ctx = context_of(request)
    address = client_address(request, ctx.settings.trusted_proxies)
    try:
        result = await run_in_threadpool(
            visit_requests.submit, ctx, organisation_id, typed, address
        )
    except ThrottledError as throttled:
        response = _form_page(
            request, organisation_id, lang, values=values, status_code=429, extra={"busy": True}
        )
        response.headers["Retry-After"] = str(throttled.retry_after_s)
        return response
    if isinstance(result, dict):
        return _form_page(
            request, organisation_id, lang, values=values, errors=result, status_code=400
        )
    return RedirectResponse(
        f"/visit-request/{organisation_id}/received?lang={lang}", status_code=303
    )


@router.get("/visit-request/{organisation_id}/received")
def received(request: Request, organisation_id: uuid.UUID, lang: str | None = None) -> Response:
    visit_requests.require_organisation(context_of(request), organisation_id)
    context = {"again": f"/visit-request/{organisation_id}"}
    return page(request, "visit_request_received.html", language_of(request, lang), context)
