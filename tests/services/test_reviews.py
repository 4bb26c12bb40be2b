"""The sync screen's and the damage screen's services over the real store: what they list and
what each choice changes."""

from __future__ import annotations

from uuid import UUID

from fieldapp.domain.outbox import ChangeOutcome, ChangeState
from fieldapp.domain.store_errors import Damage, DamageKind, MissingDataError
from fieldapp.services.caseload import CaseloadService
from fieldapp.services.damage_review import DamageReview
from fieldapp.services.sync_review import SyncReview
from fieldapp.storage.caseload import CaseloadStore
from fieldapp.storage.outbox import DeviceOutbox
from fieldapp.storage.store import EncryptedStore
from tests.factories import FIXED_NOW, build_client

GONE = Damage(
    kind=DamageKind.SEGMENT_MISSING,
    partition="caseload",
    directory="d",
    file="p/d/000001.seg",
    kinds=("overview",),
    unsent=0,
)


def _caseload(store: EncryptedStore) -> CaseloadService:
    return CaseloadService(CaseloadStore(store, lambda: FIXED_NOW), lambda: FIXED_NOW)


def test_a_refused_change_is_listed_and_sent_again_when_asked(store: EncryptedStore) -> None:
    client = build_client()
    (change,) = _caseload(store).save_client(client)
    outbox = DeviceOutbox(store, lambda: FIXED_NOW)
    review = SyncReview(outbox)
    outbox.record_outcomes(
        [ChangeOutcome(change_id=change.change_id, state=ChangeState.REJECTED, code="x")]
    )
    assert [c.state.value for c in review.changes()] == ["rejected"]
    assert outbox.sendable() == []
    review.retry(change.change_id)
    assert [c.change_id for c in outbox.sendable()] == [change.change_id]
    assert review.open_conflicts() == []


class _IndexGone(CaseloadService):
    def last_known_names(self) -> dict[UUID, str]:
        raise MissingDataError(GONE)


def test_the_damage_review_names_clients_from_the_index_or_none(store: EncryptedStore) -> None:
    client = build_client()
    _caseload(store).save_client(client)
    _caseload(store).overviews()  # the caseload was listed once, which fills the index
    review = DamageReview(store, _caseload(store))
    assert review.found() == []
    assert review.known_names() == {client.id: client.display_name}
    broken = _IndexGone(CaseloadStore(store, lambda: FIXED_NOW), lambda: FIXED_NOW)
    assert DamageReview(store, broken).known_names() == {}
