"""What the outcome and satisfaction reports count, kept in codes and dates beside the sealed
records.

The report counts thousands of placements per page; opening each sealed record on every view
would take seconds. So the push writes, with each placement, ladder step and rating of the
support, a fact row that holds only what the reports count (kind, dates, end reason, which
instruments, who rated for which funder and the score: never notes, answers or the
description of a workplace adaptation), and keeps a client's target group and an
employer's kind as clear codes. Facts go with their record: retention and erasure delete them
by cascade. Records stored before the facts existed get them when the server starts
(:func:`fill_missing`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.domain.concern import EmployerConcern
from fieldapp.domain.employer import Employer
from fieldapp.domain.outbox import EntityKind
from fieldapp.domain.participation import LadderStep
from fieldapp.domain.placement import Placement
from fieldapp.domain.rating import SupportRating
from sync_server.db.schema import (
    Base,
    ClientRow,
    ConcernFact,
    EmployerRow,
    LadderFact,
    PlacementFact,
    RatingFact,
    RecordRow,
)
from sync_server.services.context import ServerContext
from sync_server.services.unit_of_work import CLIENTS, EMPLOYERS, RECORDS, replace_rows

_BATCH = 500
Fact = tuple[type[Base], dict[str, Any]]


def fact_of(entity: object, organisation_id: uuid.UUID) -> Fact | None:
    """The fact row of a placement, ladder step, rating or employer's concern; None for any
    other record."""
    match entity:
        case Placement():
            tools = entity.instruments
            return PlacementFact, {
                "id": entity.id,
                "client_id": entity.client_id,
                "organisation_id": organisation_id,
                "employer_id": entity.employer_id,
                "kind": entity.kind.value,
                "start": entity.start,
                "ended_on": entity.ended_on,
                "end_reason": entity.end_reason.value if entity.end_reason else None,
                "loonkostensubsidie": tools.loonkostensubsidie,
                "jobcoaching": tools.jobcoaching.value if tools.jobcoaching else None,
                "no_risk_policy": tools.no_risk_policy,
                "workplace_adaptation": bool(tools.workplace_adaptation.strip()),
                "in_company_supporter": tools.in_company_supporter,
            }
        case SupportRating():
            return RatingFact, {
                "id": entity.id,
                "client_id": entity.client_id,
                "organisation_id": organisation_id,
                "rater": entity.rater.value,
                "funder": entity.funder.value,
                "score": entity.score,
                "rated_on": entity.rated_on,
            }
        case EmployerConcern():
            return ConcernFact, {
                "id": entity.id,
                "organisation_id": organisation_id,
                "employer_id": entity.employer_id,
                "reported_at": entity.reported_at,
            }
        case LadderStep():
            return LadderFact, {
                "id": entity.id,
                "client_id": entity.client_id,
                "organisation_id": organisation_id,
                "rung": int(entity.rung),
                "on": entity.on,
            }
    return None


def fill_missing(ctx: ServerContext) -> int:
    """Fill what records stored before the facts existed lack; how many rows were filled."""
    clients = _fill_codes(
        ctx, ClientRow.target_group, CLIENTS, lambda body: Client.model_validate(body).target_group
    )
    employers = _fill_codes(
        ctx, EmployerRow.kind, EMPLOYERS, lambda body: Employer.model_validate(body).kind
    )
    return clients + employers + _fill_records(ctx)


def _fill_codes(
    ctx: ServerContext, column: Any, table: str, code_of: Callable[[Any], StrEnum]
) -> int:
    """Set ``column`` (a code column of clients or employers) where it is empty, from the
    sealed document (``code_of`` reads the code from it)."""
    model, name = column.class_, column.key
    done = 0
    while True:
        with ctx.db.write() as session:
            rows = _batch(session, select(model).where(column.is_(None)))
            for row in rows:
                setattr(row, name, code_of(ctx.sealer.open_row(table, row)).value)
        done += len(rows)
        if len(rows) < _BATCH:
            return done


def _fill_records(ctx: ServerContext) -> int:
    done = 0
    for kind, model, parse in (
        (EntityKind.PLACEMENT, PlacementFact, Placement.model_validate),
        (EntityKind.LADDER_STEP, LadderFact, LadderStep.model_validate),
        (EntityKind.RATING, RatingFact, SupportRating.model_validate),
        (EntityKind.CONCERN, ConcernFact, EmployerConcern.model_validate),
    ):
        while True:
            with ctx.db.write() as session:
                query = (
                    select(RecordRow, ClientRow.organisation_id)
                    .join(ClientRow, ClientRow.id == RecordRow.client_id)
                    .where(
                        RecordRow.kind == kind.value,
                        ~exists().where(model.id == RecordRow.id),
                    )
                    .limit(_BATCH)
                )
                found = session.execute(query).all()
                facts = [
                    fact_of(parse(ctx.sealer.open_row(RECORDS, row)), organisation_id)
                    for row, organisation_id in found
                ]
                replace_rows(session, [fact for fact in facts if fact is not None])
            done += len(found)
            if len(found) < _BATCH:
                break
    return done


def _batch(session: Session, query: Any) -> list[Any]:
    return list(session.execute(query.limit(_BATCH)).scalars())
