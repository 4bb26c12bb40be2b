"""Building push requests from domain objects, as the app's sync client will."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from pydantic import BaseModel

from fieldapp.domain.outbox import ORG_KINDS, EntityKind, Operation
from fieldapp.domain.ports import ENTITY_KINDS
from fieldapp.wire import Change, ChangeResult, PullResponse, PushResponse


def change_of(
    entity: BaseModel, *, base_version: int = 0, change_id: uuid.UUID | None = None
) -> Change:
    data: Any = entity
    kind = ENTITY_KINDS[type(entity)]
    return Change(
        change_id=change_id or uuid.uuid4(),
        entity=kind,
        entity_id=data.id,
        client_id=(
            data.id if kind is EntityKind.CLIENT else None if kind in ORG_KINDS else data.client_id
        ),
        operation=Operation.UPSERT,
        entity_version=data.version,
        base_version=base_version,
        body=entity.model_dump(mode="json"),
    )


def push(api: httpx.Client, *changes: Change) -> list[ChangeResult]:
    body = {"changes": [change.model_dump(mode="json") for change in changes]}
    response = api.post("/sync/push", json=body)
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json()).results


def pull_all(
    api: httpx.Client, cursor: str | None = None, limit: int | None = None
) -> tuple[list[PullResponse], str | None]:
    """Every page from ``cursor`` on; returns the pages and the final cursor."""
    pages = []
    while True:
        params: dict[str, Any] = {}
        if cursor:
            params["cursor"] = cursor
        if limit:
            params["limit"] = limit
        response = api.get("/sync/pull", params=params)
        assert response.status_code == 200, response.text
        page = PullResponse.model_validate(response.json())
        pages.append(page)
        cursor = page.cursor
        if not page.has_more:
            return pages, cursor
