"""Receiving teams and coordinators: inbox, status updates, board, devices, caseloads."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response
from fastapi.responses import PlainTextResponse

from fieldapp.wire import (
    AccessLogEntry,
    AssignRequest,
    DeviceSummary,
    InboxItem,
    ReferralSummary,
    Role,
    StatusUpdate,
)
from sync_server.api.deps import Caller, Context
from sync_server.problems import ProblemCode
from sync_server.services import access_log, devices, routing_admin, teams
from sync_server.services.errors import Kind, ServiceError

router = APIRouter()


def _require(caller_role: Role, *roles: Role) -> None:
    if caller_role not in roles:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")


@router.get("/inbox", tags=["teams"])
def inbox(context: Context, caller: Caller) -> list[InboxItem]:
    """Referrals routed to the caller's team, with only the payload the client consented to."""
    return teams.inbox(context, caller)


@router.post("/referrals/{referral_id}/status", tags=["teams"])
def update_status(
    context: Context, caller: Caller, referral_id: uuid.UUID, body: StatusUpdate
) -> InboxItem:
    """Acknowledge, record a contact attempt or contact, or set an outcome."""
    return teams.update_status(context, caller, referral_id, body)


@router.get("/org/referrals", tags=["coordinators"])
def referral_board(context: Context, caller: Caller) -> list[ReferralSummary]:
    return teams.board(context, caller)


@router.post("/org/clients/{client_id}/assign", status_code=204, tags=["coordinators"])
def assign(context: Context, caller: Caller, client_id: uuid.UUID, body: AssignRequest) -> Response:
    teams.assign_client(context, caller, client_id, body.jobcoach_id)
    return Response(status_code=204)


@router.get("/org/devices", tags=["coordinators"])
def list_devices(context: Context, caller: Caller) -> list[DeviceSummary]:
    _require(caller.role, Role.COORDINATOR, Role.ADMIN)
    return devices.list_devices(context, caller.organisation_id)


@router.post("/org/devices/{device_id}/revoke", status_code=204, tags=["coordinators"])
def revoke(context: Context, caller: Caller, device_id: uuid.UUID) -> Response:
    _require(caller.role, Role.COORDINATOR, Role.ADMIN)
    devices.revoke_device(context, device_id, caller.organisation_id, caller.actor)
    return Response(status_code=204)


class CsvResponse(PlainTextResponse):
    media_type = "text/csv"


@router.get("/org/routing", tags=["coordinators"], response_class=CsvResponse)
def export_routing(context: Context, caller: Caller) -> CsvResponse:
    """The routing table as CSV (cells that a spreadsheet would run as formulas are quoted)."""
    _require(caller.role, Role.COORDINATOR, Role.ADMIN)
    text = routing_admin.export_routing(context, caller.organisation_id)
    return CsvResponse(text)


@router.get("/audit/clients/{client_id}", tags=["data protection"])
def client_access_log(
    context: Context, caller: Caller, client_id: uuid.UUID
) -> list[AccessLogEntry]:
    """Who read or changed this client's data, when, with what result (for the DPO)."""
    return access_log.for_client(context, caller, client_id)
