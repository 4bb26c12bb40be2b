"""Demo organisation for ``make run`` and manual testing: teams, people and a routing table.

Postcodes are real Amsterdam-Oost and Centrum postcode areas, but the split of 1091 AB by
house number is invented to show routing by postcode plus house number.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fieldapp.domain.employer import Employer, EmployerKind
from fieldapp.domain.targets import Target
from fieldapp.wire import Role
from sync_server.audit import Actor
from sync_server.db.schema import EmployerRow
from sync_server.services import admin, routing_admin, web_auth
from sync_server.services.context import ServerContext
from sync_server.services.errors import ServiceError
from sync_server.services.feed import next_seq
from sync_server.services.records import write_employer

ORGANISATION = "Gemeente Amsterdam (demo)"
TEAMS = (
    (Target.SCHULDHULP, "schuldhulp:amsterdam", "Schuldhulp Amsterdam"),
    (Target.BUURTTEAM, "buurtteam:oost-1", "Buurtteam Oost 1 (Dapperbuurt)"),
    (Target.BUURTTEAM, "buurtteam:oost-2", "Buurtteam Oost 2 (Oostelijke Eilanden)"),
    (Target.BUURTTEAM, "buurtteam:centrum-1", "Buurtteam Centrum 1"),
)
PEOPLE = (
    ("jobcoach1", Role.JOBCOACH, "Jobcoach Anouk", None),
    ("jobcoach2", Role.JOBCOACH, "Jobcoach Bram", None),
    ("flyingsquad1", Role.FLYING_SQUAD, "Flying Squad Chaima", None),
    ("coordinator", Role.COORDINATOR, "Coördinator Dirk", None),
    ("schuldhulp1", Role.RECEIVING_TEAM, "Intake Schuldhulp Eva", "schuldhulp:amsterdam"),
    ("buurtteam-oost1", Role.RECEIVING_TEAM, "Buurtteam Oost Fatma", "buurtteam:oost-1"),
    ("dpo", Role.DATA_PROTECTION_OFFICER, "Functionaris Gegevensbescherming", None),
    ("admin", Role.ADMIN, "Beheer", None),
)
ROUTING_CSV = """target;postcode;house_from;house_to;area;recipient_id
schuldhulp;*;;;Amsterdam;schuldhulp:amsterdam
buurtteam;1091 AB;1;20;Oost - Dapperbuurt;buurtteam:oost-1
buurtteam;1091 AB;21;;Oost - Oostelijke Eilanden;buurtteam:oost-2
buurtteam;1093;;;Oost - Dapperbuurt;buurtteam:oost-1
buurtteam;1094;;;Oost - Oostelijke Eilanden;buurtteam:oost-2
buurtteam;1011;;;Centrum;buurtteam:centrum-1
buurtteam;1012;;;Centrum;buurtteam:centrum-1
"""


DEMO_EMPLOYER = "Schoonmaakbedrijf Glans"
DEMO_EMPLOYER_ID = uuid.UUID("6d1f3c2a-9b1e-4e1a-8c61-0e5a2f4b7d01")
EMPLOYER_CONTACT = "werkgever1"
"""The demo employer's contact person: a web account that passes concerns."""
DEMO_PASSWORD = "veldwerk-demo-2026"  # noqa: S105 - demo data only, printed by make run
"""Every demo person's web password (printed by ``make run``; demo data only)."""
DEMO_TOTP_SECRET = b"veldwerk-demo-totp!!"
"""The demo's TOTP secret for coordinator, dpo and admin (20 bytes), so ``make run`` can print
a code generator line; a real account gets a random one from ``totp-setup``."""


@dataclass(frozen=True)
class Demo:
    organisation: str
    usernames: tuple[str, ...]


def load_demo(ctx: ServerContext) -> Demo:
    """Create the demo organisation; running it again changes nothing."""
    try:
        organisation_id = admin.find_organisation(ctx, ORGANISATION)
        return Demo(ORGANISATION, tuple(name for name, *_ in PEOPLE))
    except ServiceError:
        organisation_id = admin.create_organisation(ctx, ORGANISATION)
    teams = {
        recipient: admin.create_team(ctx, organisation_id, target, recipient, name)
        for target, recipient, name in TEAMS
    }
    for username, role, display, team in PEOPLE:
        user_id = admin.create_user(
            ctx,
            organisation_id,
            username,
            role,
            display_name=display,
            team_id=None if team is None else teams[team],
        )
        if role in web_auth.WEB_ROLES:
            web_auth.set_password(ctx, user_id, DEMO_PASSWORD)
        if role in web_auth.TOTP_ROLES:
            web_auth.set_totp_secret(ctx, user_id, DEMO_TOTP_SECRET)
    report = routing_admin.import_routing(ctx, organisation_id, ROUTING_CSV, Actor.system())
    assert report.ok, report.problems
    return Demo(ORGANISATION, tuple(name for name, *_ in PEOPLE))


def load_demo_employer(ctx: ServerContext) -> str:
    """The demo employer in the register, and its contact person with a web account who
    passes concerns (``make run``; kept apart from :func:`load_demo`, since every device of
    the organisation pulls the register). Running it again changes nothing; returns the
    contact's username."""
    organisation_id = admin.find_organisation(ctx, ORGANISATION)
    with ctx.db.read() as session:
        if session.get(EmployerRow, DEMO_EMPLOYER_ID) is not None:
            return EMPLOYER_CONTACT
    now = ctx.clock()
    employer = Employer(
        id=DEMO_EMPLOYER_ID, name=DEMO_EMPLOYER, kind=EmployerKind.REGULAR, updated_at=now
    )
    with ctx.db.write() as session:
        write_employer(
            ctx,
            session,
            None,
            employer,
            organisation_id=organisation_id,
            now=now,
            seq=next_seq(session),
        )
    user_id = admin.create_user(
        ctx,
        organisation_id,
        EMPLOYER_CONTACT,
        Role.EMPLOYER,
        display_name="Personeelszaken Glans",
        employer_id=employer.id,
    )
    web_auth.set_password(ctx, user_id, DEMO_PASSWORD)
    return EMPLOYER_CONTACT
