"""The app's enrollment names a throttled pairing code and a wrong one by their own codes (and
text); any other 429 stays "server busy", any other 401 "not accepted". A code that is not in
the pairing code format is refused before anything is sent (it used to crash the app's screens
with a validation error). (Against two real server processes: tests/server/test_multi_process.)
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from fieldapp.domain.sync_state import SyncState
from fieldapp.i18n.messages import message_for
from fieldapp.i18n.translator import Translator
from fieldapp.sync.enrollment import enroll, normalise_pairing_code
from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.wire import API_PREFIX

URL = "http://127.0.0.1:9"


class _NoStates:
    def load_sync_state(self) -> SyncState:
        raise AssertionError("a refused enrollment read the sync state")

    def save_sync_state(self, state: SyncState) -> None:
        raise AssertionError("a refused enrollment saved a sync state")


def _refused_with(
    body: dict[str, str], status: int = 429, code: str = "K7QM-2XWD-9PRT"
) -> SyncError:
    def answer(_request: httpx.Request) -> httpx.Response:
        if status == 0:
            raise AssertionError("a request was sent")
        return httpx.Response(status, json=body, headers={"Retry-After": "900"})

    def client_for(url: str) -> httpx.Client:
        return httpx.Client(base_url=url + API_PREFIX, transport=httpx.MockTransport(answer))

    with pytest.raises(SyncError) as raised:
        enroll(
            _NoStates(),
            URL,
            code,
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


def test_a_wrong_code_is_said_to_be_wrong_not_a_refused_device() -> None:
    error = _refused_with({"code": "enroll.invalid_code", "detail": ""}, status=401)
    assert error.code is SyncErrorCode.BAD_PAIRING_CODE
    english = message_for(error.code.value, translator=Translator("en"))
    assert english.startswith("This pairing code is not right")
    other = _refused_with({"code": "auth.required", "detail": ""}, status=401)
    assert other.code is SyncErrorCode.UNAUTHORIZED


@pytest.mark.parametrize(
    "typed", ["WRONG-CODE-1", "abcd efgh jkl", "", "K7QM-2XWD-9PR\x00", "K7QM-2XWD-9PRT-X"]
)
def test_a_code_not_in_the_format_is_refused_before_anything_is_sent(typed: str) -> None:
    assert _refused_with({}, status=0, code=typed).code is SyncErrorCode.BAD_PAIRING_CODE


@pytest.mark.parametrize("typed", [" k7qm-2xwd-9prt ", "K7QM 2XWD 9PRT", "k7qm2xwd9prt"])
def test_a_code_typed_in_any_case_with_spaces_or_without_dashes_is_sent(typed: str) -> None:
    assert normalise_pairing_code(typed) == "K7QM-2XWD-9PRT"
    # Sent (the mock answers 401): the format check accepted it.
    error = _refused_with({"code": "enroll.invalid_code", "detail": ""}, 401, typed)
    assert error.code is SyncErrorCode.BAD_PAIRING_CODE and error.server_code is not None
