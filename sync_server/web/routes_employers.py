"""The coordinator's pages on work: the employer register (list, detail, add, edit) and the
placements running per jobcoach with their contract ends."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from fieldapp.domain.employer import ContactRole, Employer, EmployerKind
from fieldapp.wire import Role
from sync_server.services import employers
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.web_auth import WebUser
from sync_server.web.deps import context_of, role
from sync_server.web.employer_form import FormState, parse, state_of
from sync_server.web.forms import read_form
from sync_server.web.render import page
from sync_server.web.security import check_csrf

router = APIRouter(include_in_schema=False)
Coordinator = Annotated[WebUser, role(Role.COORDINATOR)]


@router.get("/employers")
def register(request: Request, user: Coordinator) -> Response:
    lines = employers.register(context_of(request), user.principal)
    return page(request, "employers.html", user.lang, {"user": user, "lines": lines})


@router.get("/employers/new")
def new_employer(request: Request, user: Coordinator) -> Response:
    return _form(request, user, None, state_of(None))


@router.post("/employers/new")
async def create_employer(request: Request, user: Coordinator) -> Response:
    return await _save(request, user, uuid.uuid4(), None)


@router.get("/employers/{employer_id}")
def employer_detail(request: Request, user: Coordinator, employer_id: uuid.UUID) -> Response:
    ctx = context_of(request)
    found = employers.detail(ctx, user.principal, employer_id)
    today = ctx.local_day(ctx.clock())
    saved = request.query_params.get("saved") == "1"
    context = {"user": user, "detail": found, "today": today, "saved": saved}
    return page(request, "employer.html", user.lang, context)


@router.get("/employers/{employer_id}/edit")
def edit_employer(request: Request, user: Coordinator, employer_id: uuid.UUID) -> Response:
    held = employers.employer(context_of(request), user.principal, employer_id)
    return _form(request, user, held, state_of(held))


@router.post("/employers/{employer_id}/edit")
async def update_employer(request: Request, user: Coordinator, employer_id: uuid.UUID) -> Response:
    held = employers.employer(context_of(request), user.principal, employer_id)
    return await _save(request, user, employer_id, held)


@router.get("/placements")
def placements(request: Request, user: Coordinator) -> Response:
    ctx = context_of(request)
    groups = employers.by_jobcoach(ctx, user.principal)
    context = {"user": user, "groups": groups, "today": ctx.local_day(ctx.clock())}
    return page(request, "placements.html", user.lang, context)


async def _save(
    request: Request, user: WebUser, employer_id: uuid.UUID, held: Employer | None
) -> Response:
    ctx = context_of(request)
    form = await read_form(request)
    check_csrf(user.csrf_token, form)
    built, state = parse(form, employer_id, ctx.clock())
    if built is None:
        return _form(request, user, held, state, status_code=400)
    version = form.get("version", "0")
    base = int(version) if version.isdigit() else -1
    try:
        employers.save(ctx, user.principal, built, base)
    except ServiceError as error:
        if error.kind is not Kind.CONFLICT:
            raise
        return _form(request, user, held, state, status_code=409, extra={"changed": True})
    return RedirectResponse(f"/employers/{employer_id}?saved=1", status_code=303)


def _form(
    request: Request,
    user: WebUser,
    held: Employer | None,
    state: FormState,
    *,
    status_code: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    context = {
        "user": user,
        "held": held,
        "form": state,
        "kinds": list(EmployerKind),
        "roles": list(ContactRole),
        **(extra or {}),
    }
    return page(request, "employer_form.html", user.lang, context, status_code=status_code)
