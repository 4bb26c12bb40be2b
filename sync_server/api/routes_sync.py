"""The device's routes: health, enroll, push, pull."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response

from fieldapp.wire import (
    MAX_PULL_PAGE,
    MAX_UNSENT,
    UNSENT_HEADER,
    EnrollRequest,
    EnrollResponse,
    Health,
    Problem,
    PullResponse,
    PushRequest,
    PushResponse,
)
from sync_server import __version__
from sync_server.api.deps import BearerToken, Caller, Context
from sync_server.edge.client_address import client_address
from sync_server.metrics import PUSHED
from sync_server.services import devices
from sync_server.services.pull import pull
from sync_server.services.push import push_with_token

router = APIRouter()


@router.get("/health", tags=["sync"])
def health(context: Context) -> Health:
    up = context.db.ping()
    return Health(
        status="ok" if up else "degraded",
        version=__version__,
        database="ok" if up else "unreachable",
    )


THROTTLED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": Problem,
        "description": "Too many wrong pairing codes from this address or for the organisation "
        "(code enroll.throttled); refused without checking the code. See Retry-After.",
    }
}


@router.post("/enroll", tags=["sync"], responses=THROTTLED)
def enroll(context: Context, body: EnrollRequest, request: Request) -> EnrollResponse:
    """Trade a one-time pairing code for this device's id and token."""
    address = client_address(request, context.settings.trusted_proxies)
    return devices.enroll(context, body.pairing_code, body.device_label, address=address)


@router.post("/sync/push", tags=["sync"])
async def push_changes(context: Context, token: BearerToken, body: PushRequest) -> PushResponse:
    """Apply a batch of outbox entries; each comes back applied, duplicate, rejected or conflict."""
    answer = await push_with_token(context, token, body)
    for result in answer.results:
        PUSHED.labels(result.outcome.value).inc()
    return answer


@router.get("/sync/pull", tags=["sync"], response_model=PullResponse)
def pull_changes(
    context: Context,
    caller: Caller,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PULL_PAGE)] = None,
    *,
    unsent: Annotated[int | None, Header(alias=UNSENT_HEADER, ge=0, le=MAX_UNSENT)] = None,
    count: bool = False,
) -> Response:
    """What changed in this user's caseload after ``cursor`` (none: everything), in pages.
    ``X-Veldwerk-Unsent`` tells coordinators how many changes the device still holds;
    ``count`` asks how many records are left (a device asks on its first page)."""
    answer = pull(context, caller, cursor, limit, unsent=unsent, count=count)
    # Not even a null ``remaining`` unless counted: an app from before that field refuses
    # every field it does not know.
    unasked = None if answer.remaining is not None else {"remaining"}
    return Response(answer.model_dump_json(exclude=unasked), media_type="application/json")
