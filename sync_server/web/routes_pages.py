"""The pages behind the login: the team's inbox, the devices page, and the
data protection officer's access log. Every page with client data is audited by the service
that reads it; every form is CSRF-checked."""

from __future__ import annotations

import math
import uuid
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from fieldapp.domain.referral import Status
from fieldapp.domain.targets import Urgency
from fieldapp.wire import Role, StatusUpdate
from sync_server.services import access_log, client_search, devices, teams
from sync_server.services.errors import ServiceError
from sync_server.services.web_auth import WebUser
from sync_server.web import audit_text
from sync_server.web.deps import context_of, role
from sync_server.web.forms import read_form
from sync_server.web.query import ReferralListQuery, filter_query, list_query
from sync_server.web.render import page
from sync_server.web.security import check_csrf

router = APIRouter(include_in_schema=False)
Team = Annotated[WebUser, role(Role.RECEIVING_TEAM)]
Coordinator = Annotated[WebUser, role(Role.COORDINATOR, Role.ADMIN)]
Officer = Annotated[WebUser, role(Role.DATA_PROTECTION_OFFICER)]

CHANNELS = ("phone", "email", "letter", "visit")


AUDIT_WORDS = {
    "action_words": audit_text.action_words,
    "role_words": audit_text.ROLE_WORDS,
    "object_words": audit_text.OBJECT_WORDS,
    "result_words": audit_text.RESULT_WORDS,
    "short_id": audit_text.short_id,
    "search_problems": audit_text.SEARCH_PROBLEMS,
}


def _base(user: WebUser, **extra: Any) -> dict[str, Any]:
    return {"user": user, **extra}


@router.get("/inbox")
def inbox(request: Request, user: Team, query: Annotated[ReferralListQuery, Query()]) -> Response:
    chosen = query.chosen()
    items, total = teams.inbox_page(context_of(request), user.principal, chosen)
    pages = max(1, math.ceil(total / teams.PAGE_SIZE))
    if chosen.page > pages:  # past the last page: show the last
        chosen = replace(chosen, page=pages)
        items, total = teams.inbox_page(context_of(request), user.principal, chosen)
    context = _base(
        user,
        items=items,
        crises={i.referral_id for i in items if teams.crisis_open(i.urgency, i.status)},
        new={i.referral_id for i in items if teams.is_new(i.status)},
        total=total,
        page=chosen.page,
        pages=pages,
        chosen=chosen,
        filter_query=filter_query,
        statuses=teams.SERVER_STATUSES,
        urgencies=list(Urgency),
    )
    return page(request, "inbox.html", user.lang, context)


@router.get("/inbox/{referral_id}")
def referral(
    request: Request,
    user: Team,
    referral_id: uuid.UUID,
    query: Annotated[ReferralListQuery, Query()],
) -> Response:
    try:
        item = teams.inbox_item(context_of(request), user.principal, referral_id)
    except ServiceError:
        return page(request, "error.html", user.lang, _base(user, code=404), status_code=404)
    actions, outcomes = teams.next_steps(item.status)
    context = _base(
        user,
        item=item,
        actions=actions,
        outcomes=outcomes,
        channels=CHANNELS,
        saved=request.query_params.get("saved") == "1",
        back="/inbox?" + list_query(query.model_dump()),
        list=list_query(query.model_dump()),
        error=request.query_params.get("error") == "1",
    )
    return page(request, "referral.html", user.lang, context)


@router.post("/inbox/{referral_id}/status")
async def set_status(request: Request, user: Team, referral_id: uuid.UUID) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    note = form.get("channel", "")
    if form.get("status") == Status.CONTACT_ATTEMPTED.value and form.get("reached"):
        note = form["reached"] if not note else f"{note}_{form['reached']}"
    try:
        update = StatusUpdate(status=Status(form.get("status", "")), note_code=note)
        await run_in_threadpool(
            teams.update_status, context_of(request), user.principal, referral_id, update
        )
    except (ValueError, ValidationError, ServiceError):
        return RedirectResponse(f"/inbox/{referral_id}?error=1{_kept(form)}", status_code=303)
    return RedirectResponse(f"/inbox/{referral_id}?saved=1{_kept(form)}", status_code=303)


def _kept(form: dict[str, str]) -> str:
    """The inbox's filter and page the referral was opened from (the form's ``list``), known
    fields only, to carry on after the step: ``&status=...`` or ""."""
    try:
        fields = ReferralListQuery.model_validate(dict(parse_qsl(form.get("list", "")[:200])))
    except ValidationError:
        return ""
    kept = list_query(fields.model_dump())
    return f"&{kept}" if kept else ""


@router.get("/devices")
def device_list(request: Request, user: Coordinator) -> Response:
    found = devices.list_devices(context_of(request), user.principal.organisation_id)
    return page(request, "devices.html", user.lang, _base(user, devices=found))


@router.post("/devices/{device_id}/revoke")
async def revoke(request: Request, user: Coordinator, device_id: uuid.UUID) -> Response:
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    organisation = None if user.principal.role is Role.ADMIN else user.principal.organisation_id
    try:
        await run_in_threadpool(
            devices.revoke_device,
            context_of(request),
            device_id,
            organisation,
            user.principal.actor,
        )
    except ServiceError:
        return RedirectResponse("/devices?error=1", status_code=303)
    return RedirectResponse("/devices?revoked=1", status_code=303)


@router.get("/access-log")
def access(request: Request, user: Officer, client: str = "") -> Response:
    """The officer's search form and, with ``client``, that client's access log."""
    entries = None
    names: dict[uuid.UUID, str] = {}
    error = False
    if client:
        try:
            entries = access_log.for_client(
                context_of(request), user.principal, uuid.UUID(client.strip())
            )
            ids = (entry.actor_id for entry in entries)
            names = access_log.actor_names(context_of(request), user.principal, ids)
        except (ValueError, ServiceError):
            error = True
    context = _base(user, client=client, entries=entries, error=error, names=names, **AUDIT_WORDS)
    return page(request, "access_log.html", user.lang, context)


@router.post("/access-log")
async def search_clients(request: Request, user: Officer) -> Response:
    """A client found by name, postcode or reference: posted, so nothing typed reaches an
    address, a browser history or a server log."""
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    query = client_search.SearchQuery(
        name=form.get("name", "")[:200],
        postcode=form.get("postcode", "")[:20],
        reference=form.get("reference", "")[:20],
    )
    problems = query.problems()
    result = None
    if not problems:
        result = await run_in_threadpool(
            client_search.find, context_of(request), user.principal, query
        )
    context = _base(
        user,
        client="",
        entries=None,
        error=False,
        names={},
        query=query,
        problems=problems,
        result=result,
        **AUDIT_WORDS,
    )
    status = 400 if problems else 200
    return page(request, "access_log.html", user.lang, context, status_code=status)
