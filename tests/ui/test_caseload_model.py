"""The caseload rows without Flet: order, most-serious badge, crisis flag, translated text."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp.domain.client import Client, TargetGroup
from fieldapp.domain.concern import ConcernSign, EmployerConcern
from fieldapp.domain.placement import EndReason, Placement, PlacementKind
from fieldapp.domain.signals import SignalObservation, SignalSource, Stage
from fieldapp.domain.visit import Visit, VisitType
from fieldapp.i18n.bidi import FSI, PDI
from fieldapp.services.caseload import CaseloadService, VisitRecord
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.store import EncryptedStore
from fieldapp.ui.caseload_model import CaseloadFilter, caseload_rows
from tests.factories import build_visit
from tests.storage.conftest import PASSPHRASE, fast_kdf

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[CaseloadService]:
    store = EncryptedStore.create(tmp_path / "s", PASSPHRASE, kdf=fast_kdf())
    yield CaseloadService(CaseloadStore(store, lambda: NOW), lambda: NOW)
    store.close()


pytestmark = pytest.mark.usefixtures("english")


def _client(service: CaseloadService, name: str, codes: tuple[str, ...]) -> None:
    client = Client(id=uuid.uuid4(), given_name=name, created_at=NOW, updated_at=NOW)
    service.save_client(client)
    visit = Visit(
        id=uuid.uuid4(),
        client_id=client.id,
        type=VisitType.INTAKE,
        started_at=NOW - timedelta(days=1),
        duration_minutes=30,
    )
    signals = [
        SignalObservation(
            id=uuid.uuid4(),
            client_id=client.id,
            code=code,
            observed_at=NOW - timedelta(days=1),
            source=SignalSource.OBSERVED_BY_JOBCOACH,
        )
        for code in codes
    ]
    service.record_visit(VisitRecord(visit=visit, signals=signals))


def test_rows_are_in_name_order_with_the_most_serious_stage(service: CaseloadService) -> None:
    _client(service, "Zoe", ())
    _client(service, "anna", ("G01", "E01", "A02"))
    _client(service, "Bram", ("F01", "B01"))
    rows = caseload_rows(service)
    assert [r.name for r in rows] == ["anna", "Bram", "Zoe"]
    assert [r.badge_stage for r in rows] == [Stage.CRISIS, Stage.PAYROLL_REQUEST, None]
    assert rows[0].crisis and not rows[1].crisis
    assert rows[0].summary.startswith("1 visit, last on ")
    assert rows[0].suggestion.startswith("Suggested: ")
    # The date and the team are islands: right to left, an Arabic date's marks and an Arabic
    # name would otherwise reorder the text around them.
    assert rows[0].summary.endswith(PDI) and f"last on {FSI}" in rows[0].summary
    assert f"Suggested: {FSI}" in rows[0].suggestion
    assert rows[2].suggestion == "" and rows[2].badge == ""


def test_the_folded_filter_button_counts_the_filters_but_not_the_search() -> None:
    assert CaseloadFilter().active_filters == 0
    assert CaseloadFilter(query="mehmet").active_filters == 0
    wanted = CaseloadFilter(
        query="mehmet",
        target_group=TargetGroup.WAJONG,
        open_referrals=True,
        follow_up_due=True,
    )
    assert wanted.active_filters == 3
    assert CaseloadFilter(open_referrals=True).active_filters == 1
    cleared = wanted.without_filters()
    assert cleared == CaseloadFilter(query="mehmet") and cleared.active_filters == 0


def test_a_contract_ending_within_six_weeks_makes_follow_up_due(
    service: CaseloadService,
) -> None:
    """Seen yesterday, no referral: only the placement's contract end can make it due, and
    only from six weeks before that end until it, and not once the placement has ended."""
    _client(service, "Noor", ())
    client_id = service.overviews()[0].client.id
    today = NOW.date()

    def due_with(**fields: object) -> bool:
        data: dict[str, object] = {
            "id": uuid.uuid5(client_id, "placement"),
            "client_id": client_id,
            "employer_id": uuid.uuid5(client_id, "employer"),
            "kind": PlacementKind.REGULAR,
            "start": today - timedelta(days=300),
            "hours_per_week": 24,
        } | fields
        service.save_placement(Placement.model_validate(data))
        return caseload_rows(service)[0].follow_up_due

    assert not due_with(planned_end=today + timedelta(weeks=6, days=1))
    assert due_with(planned_end=today + timedelta(weeks=6))
    assert due_with(planned_end=today)
    assert not due_with(
        planned_end=today + timedelta(days=10),
        ended_on=today - timedelta(days=1),
        end_reason=EndReason.OWN_CHOICE,
    )
    assert not due_with(planned_end=None)


def test_an_employers_concern_after_the_last_visit_is_flagged_until_the_next_visit(
    tmp_path: Path,
) -> None:
    store = EncryptedStore.create(tmp_path / "c", PASSPHRASE, kdf=fast_kdf())
    clock = {"now": NOW}
    cases = CaseloadStore(store, lambda: clock["now"])
    service = CaseloadService(cases, lambda: clock["now"])
    _client(service, "Noor", ())  # seen yesterday
    client_id = service.overviews()[0].client.id
    assert caseload_rows(service)[0].concern == ""
    concern = EmployerConcern(
        id=uuid.uuid4(),
        client_id=client_id,
        employer_id=uuid.uuid4(),
        signs=(ConcernSign.STRESS,),
        reported_at=NOW - timedelta(hours=2),
    )
    cases.save(client_id, [concern])  # as a pull would bring it
    assert caseload_rows(service)[0].concern == "Concern from the employer to discuss"
    visit = build_visit(client_id=client_id, started_at=NOW - timedelta(hours=1))
    service.record_visit(VisitRecord(visit=visit))
    assert caseload_rows(service)[0].concern == ""  # discussed at the visit after it
    store.close()
