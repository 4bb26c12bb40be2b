"""Typed calls to the sync API, with every failure mapped to a :class:`SyncError`.

Nothing is retried here: the engine decides (a push is safe to repeat, its change ids are the
idempotency keys). Answers are validated with the wire models; an answer that does not fit is
``sync.protocol``, never half-applied.
"""

from __future__ import annotations

import ssl
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from fieldapp.sync.errors import SyncError, SyncErrorCode
from fieldapp.wire import (
    MAX_PULL_PAGE,
    MAX_REQUEST_BYTES_HEADER,
    UNSENT_HEADER,
    Change,
    EnrollRequest,
    EnrollResponse,
    Health,
    Problem,
    PullResponse,
    PushRequest,
    PushResponse,
)

M = TypeVar("M", bound=BaseModel)
SANE_CAP = range(1024, 2**31)
"""An advertised body cap outside this range is ignored (a broken proxy, not a server)."""


def _tls_failure(error: BaseException) -> bool:
    """A certificate the client does not trust; a connection cut mid-handshake (mobile
    networks, captive portals) is a network failure and is retried."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SyncApi:
    def __init__(self, client: httpx.Client, token: str | None = None) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.max_request_bytes: int | None = None
        """The body cap the server advertised on its latest answer; ``None`` until one did
        (an older server never does)."""

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SyncApi:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _call(
        self,
        method: str,
        path: str,
        answer: type[M],
        *,
        body: BaseModel | None = None,
        params: dict[str, str | int] | None = None,
        headers: dict[str, str] | None = None,
    ) -> M:
        content = None if body is None else body.model_dump_json().encode()
        headers = {**self._headers, **(headers or {})}
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            response = self._client.request(
                method, path, content=content, params=params, headers=headers
            )
        except httpx.ConnectTimeout:
            raise SyncError(SyncErrorCode.NETWORK, "ConnectTimeout") from None
        except httpx.TimeoutException as error:  # connected, then nothing moved: give up
            raise SyncError(SyncErrorCode.NETWORK, type(error).__name__, stalled=True) from None
        except httpx.TransportError as error:
            if _tls_failure(error):
                raise SyncError(SyncErrorCode.TLS, "certificate not trusted") from None
            raise SyncError(SyncErrorCode.NETWORK, type(error).__name__) from None
        self._note_cap(response)
        if response.status_code >= 300:
            raise _refusal(response)
        try:
            return answer.model_validate_json(response.content)
        except ValidationError:
            raise SyncError(SyncErrorCode.PROTOCOL, f"unexpected {answer.__name__}") from None

    def _note_cap(self, response: httpx.Response) -> None:
        try:
            cap = int(response.headers.get(MAX_REQUEST_BYTES_HEADER, ""))
        except ValueError:
            return
        if cap in SANE_CAP:
            self.max_request_bytes = cap

    def health(self) -> Health:
        return self._call("GET", "/health", Health)

    def enroll(self, pairing_code: str, device_label: str = "") -> EnrollResponse:
        request = EnrollRequest(pairing_code=pairing_code, device_label=device_label)
        return self._call("POST", "/enroll", EnrollResponse, body=request)

    def push(self, changes: list[Change]) -> PushResponse:
        response = self._call("POST", "/sync/push", PushResponse, body=PushRequest(changes=changes))
        if [r.change_id for r in response.results] != [c.change_id for c in changes]:
            raise SyncError(SyncErrorCode.PROTOCOL, "results do not match the batch")
        return response

    def pull(
        self,
        cursor: str | None,
        limit: int = MAX_PULL_PAGE,
        *,
        unsent: int | None = None,
        count: bool = False,
    ) -> PullResponse:
        """``unsent``: how many changes the device still holds (coordinators see the count);
        ``count``: ask how many records are left (the answer's ``remaining``)."""
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if count:
            params["count"] = "true"
        headers = {} if unsent is None else {UNSENT_HEADER: str(unsent)}
        return self._call("GET", "/sync/pull", PullResponse, params=params, headers=headers)


def _refusal(response: httpx.Response) -> SyncError:
    status = response.status_code
    try:
        server_code: str | None = Problem.model_validate_json(response.content).code
    except ValidationError:
        server_code = None
    if status in {429, 502, 503, 504} or status >= 500:
        return SyncError(SyncErrorCode.UNAVAILABLE, f"HTTP {status}", server_code=server_code)
    if status == 401 and server_code == SyncErrorCode.REVOKED.value:
        return SyncError(SyncErrorCode.REVOKED, f"HTTP {status}", server_code=server_code)
    if status == 401:
        return SyncError(SyncErrorCode.UNAUTHORIZED, f"HTTP {status}", server_code=server_code)
    return SyncError(
        SyncErrorCode.REFUSED,
        f"HTTP {status} {server_code}",
        server_code=server_code,
        status=status,
    )
