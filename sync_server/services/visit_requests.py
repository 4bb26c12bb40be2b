"""Employers' requests for a Flying Squad visit (issue 22, item 4).

Anyone may ask, on the organisation's public form: so each submission counts against its
client address and against the organisation, and a key that reaches its limit within the
window is refused until the lock ends (the same table and keyed counters as logins). What
the form takes is :class:`~fieldapp.domain.visit_request.VisitRequest`: the organisation,
one contact person, up to three preferred dates and the number of employees, nothing about
any employee. The request is sealed (it names a person), takes a feed position so that the
Flying Squad's devices pull it, and is audited. The coordinator sees the open ones (each
shown is audited as a read) and marks one handled; the devices then drop it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldapp.domain.visit_request import MAX_DATES, VisitRequest
from fieldapp.wire import Role
from sync_server.audit import Actor, Event
from sync_server.db.schema import Organisation, VisitRequestRow
from sync_server.problems import ProblemCode
from sync_server.services import throttle
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError, ThrottledError, not_found
from sync_server.services.feed import next_seq

REQUESTS = "visit_requests"
"""The sealing namespace of visit requests."""
PUBLIC = Actor("public_form", None, "public")
"""Who the audit log names for a submission: nobody logged in."""
POLICY = throttle.Policy(window=timedelta(hours=1), lock=timedelta(hours=1))
PER_ADDRESS = 5
"""Submissions from one client address within the window (a company asks once or twice)."""
PER_ORGANISATION = 100
"""Submissions to one organisation within the window from anywhere (a flood's ceiling)."""
DATES_AHEAD = timedelta(days=366)
"""A preferred date must lie from today up to a year ahead."""


class DateCode:
    NOT_A_DATE = "form.date"
    PAST = "request.date_past"
    TOO_FAR = "request.date_too_far"
    NONE = "request.no_date"


@dataclass(frozen=True)
class RequestForm:
    """The form's fields as typed (texts, never trusted)."""

    organisation: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    dates: tuple[str, ...] = ()
    employees: str = ""


FormErrors = dict[str, str]
"""Form field -> a code the page turns into words (a domain ``ErrorCode``, a pydantic error
type or a :class:`DateCode`); never the value."""


def require_organisation(ctx: ServerContext, organisation_id: uuid.UUID) -> None:
    """Not found unless ``organisation_id`` names an organisation on this server."""
    with ctx.db.read() as session:
        if session.get(Organisation, organisation_id) is None:
            raise not_found()


def _limits(ctx: ServerContext, organisation_id: uuid.UUID, address: str) -> list[throttle.Limit]:
    secret = ctx.keys.throttle
    by_address = throttle.key(secret, "visit-request-address", throttle.address_value(address))
    by_organisation = throttle.key(secret, "visit-request-organisation", str(organisation_id))
    return [
        throttle.Limit(by_address, PER_ADDRESS),
        throttle.Limit(by_organisation, PER_ORGANISATION),
    ]


def _dates(form: RequestForm, today: date) -> tuple[list[date], FormErrors]:
    found: list[date] = []
    errors: FormErrors = {}
    for i, text in enumerate(form.dates[:MAX_DATES]):
        if not text.strip():
            continue
        name = f"date_{i + 1}"
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            errors[name] = DateCode.NOT_A_DATE
            continue
        if day < today:
            errors[name] = DateCode.PAST
        elif day > today + DATES_AHEAD:
            errors[name] = DateCode.TOO_FAR
        else:
            found.append(day)
    if not found and not errors:
        errors["date_1"] = DateCode.NONE
    return sorted(set(found)), errors


def parse(form: RequestForm, now: datetime, today: date) -> VisitRequest | FormErrors:
    """The request the form describes, or a code per field at fault."""
    dates, errors = _dates(form, today)
    employees = form.employees.strip()
    values = {
        "id": uuid.uuid4(),
        "organisation": form.organisation.strip(),
        "contact_name": form.contact_name.strip(),
        "phone": form.phone.strip(),
        "email": form.email.strip(),
        "preferred_dates": tuple(dates),
        "employees": int(employees) if employees.isdigit() else employees or None,
        "received_at": now,
    }
    try:
        request = VisitRequest.model_validate(values)
    except ValidationError as error:
        for problem in error.errors(include_input=False, include_url=False):
            where = str(problem["loc"][0]) if problem["loc"] else "contact"
            if where == "preferred_dates":  # no usable date: each date field said why
                continue
            errors.setdefault("contact" if where == "__root__" else where, problem["type"])
        return errors
    return errors or request


def submit(
    ctx: ServerContext, organisation_id: uuid.UUID, form: RequestForm, address: str
) -> VisitRequest | FormErrors:
    """Store the request for ``organisation_id``, or say what to fix (nothing stored, nothing
    counted). Raises not found for an unknown organisation and, while a limit is reached,
    ``visit_request.throttled`` before the form is read."""
    now = ctx.clock()
    limits = _limits(ctx, organisation_id, address)
    with ctx.db.write() as session:
        if session.get(Organisation, organisation_id) is None:
            raise not_found()
        locked = throttle.locked_until(session, [limit.key for limit in limits], now)
        if locked is None:
            parsed = parse(form, now, ctx.local_day(now))
            if isinstance(parsed, dict):
                return parsed
            throttle.count_failure(session, limits, now, POLICY)
            _store(ctx, session, organisation_id, parsed, now)
            ctx.audit(session, PUBLIC, Event("create", "visit_request", str(parsed.id)))
            return parsed
    raise ThrottledError(
        ProblemCode.VISIT_REQUEST_THROTTLED,
        "Too many requests from here; try again later.",
        throttle.retry_after_s(locked, now),
    )


def _store(
    ctx: ServerContext,
    session: Session,
    organisation_id: uuid.UUID,
    request: VisitRequest,
    now: datetime,
    *,
    row: VisitRequestRow | None = None,
) -> None:
    sealed = ctx.sealer.seal(REQUESTS, str(request.id), request.model_dump(mode="json"))
    seq = next_seq(session)  # before the row joins the session: the update would flush it
    if row is None:
        row = VisitRequestRow(
            id=request.id, organisation_id=organisation_id, received_at=request.received_at
        )
        session.add(row)
    row.version, row.seq, row.updated_at = request.version, seq, now
    row.open = request.open
    row.wrapped_key, row.sealed = sealed.wrapped_key, sealed.ciphertext


def _require_coordinator(principal: Principal) -> None:
    if principal.role is not Role.COORDINATOR:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")


def open_requests(ctx: ServerContext, principal: Principal) -> list[VisitRequest]:
    """The organisation's requests not yet handled, oldest first; each one a read."""
    _require_coordinator(principal)
    with ctx.db.write() as session:
        rows = session.execute(
            select(VisitRequestRow)
            .where(
                VisitRequestRow.organisation_id == principal.organisation_id,
                VisitRequestRow.open.is_(True),
            )
            .order_by(VisitRequestRow.received_at)
        ).scalars()
        found = [VisitRequest.model_validate(ctx.sealer.open_row(REQUESTS, r)) for r in rows]
        reads = [Event("read", "visit_request", str(r.id)) for r in found]
        if reads:
            ctx.audit(session, principal.actor, *reads)
    return found


def mark_handled(ctx: ServerContext, principal: Principal, request_id: uuid.UUID) -> None:
    """Close a request (planned or answered): the Flying Squad's devices drop it."""
    _require_coordinator(principal)
    now = ctx.clock()
    with ctx.db.write() as session:
        row = session.get(VisitRequestRow, request_id)
        if row is None or row.organisation_id != principal.organisation_id:
            raise not_found()
        request = VisitRequest.model_validate(ctx.sealer.open_row(REQUESTS, row))
        if request.open:
            _store(ctx, session, row.organisation_id, request.handled(now), now, row=row)
            ctx.audit(session, principal.actor, Event("handle", "visit_request", str(row.id)))
