"""The app's enrollment names a throttled pairing code by its own code (and text); any other
429 stays "server busy". (Against two real server processes: tests/server/test_multi_process.)
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from fieldapp.domain.sync_state import SyncState
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import Translator
from fieldapp.sync.enrollment import enroll
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.wire import API_PREFIX

URL = "http://127.0.0.1:9"


class _NoStates:
    def load_sync_state(self) -> SyncState:
        raise AssertionError("a refused enrollment read the sync state")

    def save_sync_state(self, state: SyncState) -> None:
        raise AssertionError("a refused enrollment saved a sync state")


def _refused_with(body: dict[str, str]) -> SyncError:
    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, json=body, headers={"Retry-After": "900"})

    def client_for(url: str) -> httpx.Client:
        return httpx.Client(base_url=url + API_PREFIX, transport=httpx.MockTransport(answer))

    with pytest.raises(SyncError) as raised:
        enroll(
            _NoStates(),
            URL,
            "K7QM-2XWD-9PRT",
            client_for=client_for,
            clock=lambda: datetime.now(UTC),
        )
    return raised.value


def test_a_throttled_enrollment_gets_its_own_code_and_words() -> None:
    error = _refused_with({"code": "enroll.throttled", "detail": "later"})
    assert error.code is SyncErrorCode.ENROLL_THROTTLED and not error.retryable
    assert error.server_code == "enroll.throttled"
    english = message_for(error.code.value, translator=Translator("en"))
    assert "wrong pairing codes" in english
    assert english != message_for(SyncErrorCode.UNAVAILABLE.value, translator=Translator("en"))


def test_another_429_is_still_a_busy_server() -> None:
    assert _refused_with({"code": "http.429", "detail": ""}).code is SyncErrorCode.UNAVAILABLE
