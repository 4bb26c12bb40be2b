"""The caseload index is a cache that can never show stale data: after any mix of saves,
edits, writes that bypass the repository (as a sync does) and removed clients, the overviews
equal what the clients' partitions hold; with nothing changed, no client partition is read."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.placement import Placement, PlacementKind
from fieldapp.domain.ports import Overview
from fieldapp.domain.signals import SignalObservation, SignalSource
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.caseload_index import PARTITION as INDEX
from fieldapp.storage.store import EncryptedStore
from tests.factories import FIXED_NOW, build_client, build_visit
from tests.storage.conftest import PASSPHRASE, fast_kdf


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[CaseloadStore]:
    store = EncryptedStore.create(tmp_path / "s", PASSPHRASE, kdf=fast_kdf())
    yield CaseloadStore(store, lambda: FIXED_NOW)
    store.close()


def _truth(repo: CaseloadStore) -> dict[uuid.UUID, Overview]:
    dossiers = (repo.dossier(cid) for cid in repo.client_ids())
    return {d.client.id: Overview.of(d) for d in dossiers if d.client is not None}


def _indexed(repo: CaseloadStore) -> dict[uuid.UUID, Overview]:
    return {overview.client.id: overview for overview in repo.overviews()}


OPS = st.lists(
    st.tuples(st.sampled_from(["add", "visit", "edit", "remove", "raw"]), st.integers(0, 4)),
    max_size=25,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_overviews_always_match_the_partitions(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int]]
) -> None:
    store = EncryptedStore.create(tmp_path_factory.mktemp("i") / "s", PASSPHRASE, kdf=fast_kdf())
    repo = CaseloadStore(store, lambda: FIXED_NOW)
    clients: list[uuid.UUID] = []
    try:
        for op, n in ops:
            if op == "add" or not clients:
                client = build_client(id=uuid.uuid4(), given_name=f"C{len(clients)}")
                repo.save(client.id, [client])
                clients.append(client.id)
                continue
            client_id = clients[n % len(clients)]
            dossier = repo.dossier(client_id)
            if op == "visit":
                visit = build_visit(id=uuid.uuid4(), client_id=client_id)
                signal = SignalObservation(
                    id=uuid.uuid4(),
                    client_id=client_id,
                    code="D01",
                    observed_at=FIXED_NOW - timedelta(days=n),
                    source=SignalSource.OBSERVED_BY_JOBCOACH,
                )
                repo.save(client_id, [visit, signal])
            elif op == "edit" and dossier.client is not None:
                edited = dossier.client.model_copy(
                    update={"family_name": f"v{n}", "version": dossier.client.version + 1}
                )
                repo.save(client_id, [edited])
            elif op == "remove":
                store.remove_partition(f"client:{client_id}")
                clients.remove(client_id)
            elif op == "raw" and dossier.client is not None:  # as a pulled record is applied
                renamed = dossier.client.model_copy(update={"given_name": f"Pulled{n}"})
                record = {
                    "kind": "client",
                    "id": str(client_id),
                    "data": renamed.model_dump(mode="json"),
                }
                store.commit(f"client:{client_id}", [record])
            if n % 2 == 0:
                assert _indexed(repo) == _truth(repo)
        assert _indexed(repo) == _truth(repo)
    finally:
        store.close()


def test_an_unchanged_caseload_reads_no_client_partition(repo: CaseloadStore) -> None:
    for n in range(5):
        client = build_client(id=uuid.uuid4(), given_name=f"C{n}")
        repo.save(client.id, [client])
        repo.save(client.id, [build_visit(id=uuid.uuid4(), client_id=client.id)])
    first = _indexed(repo)
    with mock.patch.object(CaseloadStore, "dossier", side_effect=AssertionError("read")):
        assert _indexed(repo) == first
    changed = next(iter(first))
    repo.save(changed, [build_visit(id=uuid.uuid4(), client_id=changed)])
    reads: list[uuid.UUID] = []
    real = CaseloadStore.dossier

    def counting(self: CaseloadStore, client_id: uuid.UUID) -> object:
        reads.append(client_id)
        return real(self, client_id)

    with mock.patch.object(CaseloadStore, "dossier", counting):
        assert _indexed(repo)[changed].visit_count == 2
    assert reads == [changed]


def test_the_index_is_encrypted_like_everything_else(repo: CaseloadStore, tmp_path: Path) -> None:
    client = build_client(id=uuid.uuid4(), given_name="Zeldzaam")
    repo.save(client.id, [client])
    repo.overviews()
    for path in (tmp_path / "s").rglob("*"):
        if path.is_file():
            assert b"Zeldzaam" not in path.read_bytes()


def test_an_entry_of_an_older_format_is_rebuilt_with_the_placements(repo: CaseloadStore) -> None:
    """An index written before overviews carried placements (its stamp without the format)
    is read as stale, so a contract's end shows on the caseload after the app is updated."""
    client = build_client(id=uuid.uuid4(), given_name="Noor")
    placement = Placement(
        id=uuid.uuid4(),
        client_id=client.id,
        employer_id=uuid.uuid4(),
        kind=PlacementKind.REGULAR,
        start=FIXED_NOW.date(),
        hours_per_week=Decimal(24),
        planned_end=FIXED_NOW.date() + timedelta(days=30),
    )
    repo.save(client.id, [client, placement])
    ends = [placement.planned_end]
    assert list(_indexed(repo)[client.id].contract_ends) == ends
    store = repo._store  # writing the old format, as an older app did
    (record,) = store.records(INDEX, "overview")
    old = {k: v for k, v in record["data"].items() if k != "contract_ends"}
    old = dict(old, stamp=record["data"]["stamp"].split(":", 1)[1], placements=[])
    store.commit(INDEX, [{"kind": "overview", "id": record["id"], "data": old}])
    assert list(_indexed(repo)[client.id].contract_ends) == ends
