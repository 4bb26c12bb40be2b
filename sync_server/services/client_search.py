"""The data protection officer finds a client by name, postcode or short reference, through
the blind index (:mod:`sync_server.blind_index`): client records stay sealed, no plaintext
column is searched. The search itself is audited (that it happened, never what was asked), and
so is every client it shows.

The index is written with each client (:func:`index_client`, from the push); clients stored
before the index existed are indexed at start (:func:`index_missing`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldapp.domain.client import Client
from fieldapp.wire import Role
from sync_server.audit import Event
from sync_server.blind_index import (
    TokenKind,
    client_tokens,
    normalise_name,
    normalise_postcode,
    normalise_reference,
    token,
)
from sync_server.db.schema import ClientRow, ClientSearchToken, User
from sync_server.problems import ProblemCode
from sync_server.services.context import Principal, ServerContext
from sync_server.services.errors import Kind, ServiceError
from sync_server.services.unit_of_work import CLIENTS

MAX_FOUND = 50
"""Clients one search shows at most: a name shared by more needs the postcode too."""
_BATCH = 500


@dataclass(frozen=True)
class SearchQuery:
    """What the officer typed; empty fields are not searched on. At least one must be given."""

    name: str = ""
    postcode: str = ""
    reference: str = ""

    def problems(self) -> dict[str, str]:
        """Field -> what is wrong with it (a code, for the page to put in words)."""
        found = {}
        if not (self.name.strip() or self.postcode.strip() or self.reference.strip()):
            found["name"] = "search.empty"
        if self.name.strip() and not normalise_name(self.name):
            found["name"] = "search.name_unreadable"
        if self.postcode.strip() and not normalise_postcode(self.postcode):
            found["postcode"] = "search.postcode_format"
        if self.reference.strip() and not normalise_reference(self.reference):
            found["reference"] = "search.reference_format"
        return found


@dataclass(frozen=True)
class FoundClient:
    client_id: uuid.UUID
    name: str
    postcode: str
    reference: str
    jobcoach: str


@dataclass(frozen=True)
class SearchResult:
    clients: list[FoundClient]
    more: bool
    """More clients matched than :data:`MAX_FOUND`."""


def index_client(
    ctx: ServerContext, session: Session, organisation_id: uuid.UUID, client: Client
) -> None:
    """(Re)write ``client``'s tokens in ``session``'s transaction."""
    session.execute(delete(ClientSearchToken).where(ClientSearchToken.client_id == client.id))
    tokens = client_tokens(
        ctx.keys.search,
        given_name=client.given_name,
        family_name=client.family_name,
        postcode=client.address.postcode if client.address else None,
        reference=client.reference,
    )
    session.add_all(
        ClientSearchToken(
            client_id=client.id, kind=kind.value, token=value, organisation_id=organisation_id
        )
        for kind, value in sorted(tokens)
    )


def index_missing(ctx: ServerContext) -> int:
    """Index every client that has no tokens yet; how many were indexed."""
    done, clashes = 0, 0
    while True:
        try:
            with ctx.db.write() as session:
                rows = (
                    session.execute(
                        select(ClientRow)
                        .where(~exists().where(ClientSearchToken.client_id == ClientRow.id))
                        .limit(_BATCH)
                    )
                    .scalars()
                    .all()
                )
                for row in rows:
                    index_client(
                        ctx,
                        session,
                        row.organisation_id,
                        Client.model_validate(ctx.sealer.open_row(CLIENTS, row)),
                    )
        except IntegrityError:
            # Another server process starting at the same moment indexed some: again.
            clashes += 1
            if clashes > 3:
                raise
            continue
        done += len(rows)
        if len(rows) < _BATCH:
            return done


def _wanted(ctx: ServerContext, query: SearchQuery) -> list[list[tuple[TokenKind, bytes]]]:
    """Per given field, the tokens of which a client must have one: under every key of the
    ring, since a rotation re-indexes clients one batch at a time."""
    keys, groups = [member.search for member in ctx.key_source.ring().members], []
    if name := normalise_name(query.name):
        by_name = (TokenKind.NAME, TokenKind.FAMILY_NAME)
        groups.append([(kind, token(key, kind, name)) for kind in by_name for key in keys])
    if postcode := normalise_postcode(query.postcode):
        kind = TokenKind.POSTCODE
        groups.append([(kind, token(key, kind, postcode)) for key in keys])
    if reference := normalise_reference(query.reference):
        kind = TokenKind.REFERENCE
        groups.append([(kind, token(key, kind, reference)) for key in keys])
    return groups


def find(ctx: ServerContext, principal: Principal, query: SearchQuery) -> SearchResult:
    """The organisation's clients that match every given field, at most :data:`MAX_FOUND`."""
    if principal.role is not Role.DATA_PROTECTION_OFFICER:
        raise ServiceError(Kind.FORBIDDEN, ProblemCode.AUTH_FORBIDDEN, "Not allowed.")
    groups = _wanted(ctx, query)
    if not groups:
        raise ServiceError(Kind.INVALID, ProblemCode.REQUEST_INVALID, "Nothing to search on.")
    with ctx.db.write() as session:
        matched: set[uuid.UUID] | None = None
        for group in groups:
            ids = set(
                session.execute(
                    select(ClientSearchToken.client_id).where(
                        ClientSearchToken.organisation_id == principal.organisation_id,
                        ClientSearchToken.kind.in_([kind.value for kind, _ in group]),
                        ClientSearchToken.token.in_([value for _, value in group]),
                    )
                ).scalars()
            )
            matched = ids if matched is None else matched & ids
        chosen = sorted(matched or set())
        rows = session.execute(
            select(ClientRow, User.display_name, User.username)
            .join(User, User.id == ClientRow.jobcoach_id)
            .where(
                ClientRow.id.in_(chosen[:MAX_FOUND]),
                ClientRow.organisation_id == principal.organisation_id,
            )
        ).all()
        found = []
        for row, display_name, username in rows:
            client = Client.model_validate(ctx.sealer.open_row(CLIENTS, row))
            found.append(
                FoundClient(
                    client.id,
                    f"{client.given_name} {client.family_name}",
                    client.address.postcode if client.address else "",
                    client.reference,
                    display_name or username,
                )
            )
        found.sort(key=lambda f: (f.name.casefold(), f.reference))
        events = [Event("search", "client_index", str(principal.organisation_id))]
        events += [Event("read", "client", str(f.client_id)) for f in found]
        ctx.audit(session, principal.actor, *events)
    return SearchResult(found, len(chosen) > MAX_FOUND)
