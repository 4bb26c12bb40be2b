"""The client page's path through work: oldest first, each with its kind, employer and site,
its dates, hours and end reason in words; the one running today and a contract ending within
six weeks are marked; an employer missing from the register is said to be so."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from fieldapp.domain.placement import EndReason, Placement, PlacementKind
from fieldapp.i18n.bidi import strip_isolates
from fieldapp.services.demo_work import demo_employers
from fieldapp.ui.placement_lines import placement_lines, workplaces

pytestmark = pytest.mark.usefixtures("english")
TODAY = date(2026, 12, 6)
CLIENT = uuid.uuid4()


def _placement(employer_id: uuid.UUID, **fields: object) -> Placement:
    data: dict[str, object] = {
        "id": uuid.uuid4(),
        "client_id": CLIENT,
        "employer_id": employer_id,
        "hours_per_week": 16,
        "kind": PlacementKind.REGULAR,
    } | fields
    return Placement.model_validate(data)


def test_the_path_reads_oldest_first_with_what_runs_now_marked() -> None:
    register = {e.id: e for e in demo_employers(datetime(2026, 12, 6, tzinfo=UTC))}
    pantar = next(e for e in register.values() if e.name == "Pantar")
    bakery = next(e for e in register.values() if e.name == "Bakkerij Van der Linden")
    ended = _placement(
        pantar.id,
        site_id=pantar.sites[0].id,
        kind=PlacementKind.BESCHUT_AT_SW,
        start=date(2024, 1, 8),
        ended_on=date(2025, 3, 31),
        end_reason=EndReason.REGULAR_WORK,
    )
    now = _placement(bakery.id, start=date(2025, 4, 1), planned_end=TODAY + timedelta(days=20))
    lines = placement_lines([now, ended], register, TODAY)
    assert [line.placement_id for line in lines] == [str(ended.id), str(now.id)]
    assert strip_isolates(lines[0].where) == "Pantar, Werkplaats Noord"
    assert lines[0].kind == "Beschut werk at the SW-bedrijf"
    assert "Moved on to regular work" in lines[0].period and not lines[0].running
    assert lines[1].running and lines[1].follow_up_due
    assert lines[1].period.endswith("16 hours a week")


def test_an_employer_not_in_the_register_is_said_to_be_missing() -> None:
    line = placement_lines([_placement(uuid.uuid4(), start=date(2026, 1, 1))], {}, TODAY)[0]
    assert "not in this device's register" in line.where
    assert line.running and not line.follow_up_due


def test_a_workplace_visit_offers_the_placements_running_today_newest_first() -> None:
    register = {e.id: e for e in demo_employers(datetime(2026, 12, 6, tzinfo=UTC))}
    pantar = next(e for e in register.values() if e.name == "Pantar")
    ended = _placement(
        pantar.id,
        start=date(2024, 1, 8),
        ended_on=date(2025, 3, 31),
        end_reason=EndReason.OWN_CHOICE,
    )
    older = _placement(pantar.id, start=date(2025, 4, 1), site_id=pantar.sites[0].id)
    newer = _placement(uuid.uuid4(), start=date(2026, 9, 1), kind=PlacementKind.INTERNSHIP)
    offered = workplaces([older, ended, newer], register, TODAY)
    assert [key for key, _words in offered] == [str(newer.id), str(older.id)]
    assert strip_isolates(offered[1][1]) == "Pantar, Werkplaats Noord"
    twice = _placement(
        pantar.id, start=date(2026, 1, 1), site_id=pantar.sites[0].id, kind=PlacementKind.TRIAL
    )
    both = dict(workplaces([older, twice], register, TODAY))
    assert strip_isolates(both[str(twice.id)]) == "Pantar, Werkplaats Noord · Trial placement"
