"""Enrollment with a pairing code, and the lease check at unlock.

Enrolling stores the server URL, device id and token in the encrypted sync state; the app
works fully offline before and without it. The lease: an enrolled device that has not reached
the server for the lease period must check in (one sync) before its data is shown again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
from pydantic import SecretStr

from fieldapp.domain.ports import SyncStateRepository
from fieldapp.domain.sync_state import DEFAULT_LEASE, Enrollment
from fieldapp.sync.api import SyncApi
from fieldapp.sync.engine import SyncEngine
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.sync.transport import check_server_url
from fieldapp.wire import PAIRING_CODE_PATTERN

ClientFactory = Callable[[str], httpx.Client]


_OWN_WORDS = frozenset({SyncErrorCode.ENROLL_THROTTLED.value, SyncErrorCode.BAD_PAIRING_CODE.value})
"""Refusals of an enrollment that need their own words, not "unauthorised" or "busy"."""


def normalise_pairing_code(typed: str) -> str:
    """As people type a code read off a screen: any case, with spaces or dashes or neither."""
    bare = re.sub(r"[\s-]", "", typed).upper()
    return "-".join(bare[i : i + 4] for i in range(0, 12, 4)) if len(bare) == 12 else bare


def enroll(
    states: SyncStateRepository,
    server_url: str,
    pairing_code: str,
    *,
    device_label: str = "",
    client_for: ClientFactory,
    clock: Callable[[], datetime],
) -> Enrollment:
    url = check_server_url(server_url)
    code = normalise_pairing_code(pairing_code)
    if not re.fullmatch(PAIRING_CODE_PATTERN, code):  # said before anything is sent
        raise SyncError(SyncErrorCode.BAD_PAIRING_CODE, "not in the pairing code format")
    with SyncApi(client_for(url)) as api:
        try:
            answer = api.enroll(code, device_label)
        except SyncError as error:  # a 401 or 429 is said in general words elsewhere
            if error.server_code in _OWN_WORDS:
                raise SyncError(
                    SyncErrorCode(error.server_code), str(error), server_code=error.server_code
                ) from None
            raise
    now = clock()
    enrollment = Enrollment(
        server_url=url,
        device_id=answer.device_id,
        token=SecretStr(answer.token),
        user_id=answer.user_id,
        organisation_id=answer.organisation_id,
        role=answer.role.value,
        enrolled_at=now,
    )
    state = states.load_sync_state()
    states.save_sync_state(
        state.model_copy(update={"enrollment": enrollment, "cursor": None, "last_contact_at": now})
    )
    return enrollment


def check_in_if_due(
    states: SyncStateRepository,
    engine: SyncEngine,
    clock: Callable[[], datetime],
    lease: timedelta = DEFAULT_LEASE,
) -> bool:
    """After the passphrase unwrapped the key: sync if the lease ran out. Returns whether a
    check-in ran. Raises ``device.lease_expired`` when it could not reach the server (the
    caller locks again), ``device.revoked`` after the wipe."""
    if not states.load_sync_state().lease_expired(clock(), lease):
        return False
    try:
        engine.sync()
    except SyncError as error:
        if error.code is SyncErrorCode.REVOKED:
            raise
        raise SyncError(SyncErrorCode.LEASE_EXPIRED, error.code.value) from None
    return True
