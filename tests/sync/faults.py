"""A fault-injecting transport around the real one: the sync client's requests really reach
the real server, and the network misbehaves on schedule."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from enum import StrEnum

import httpx


class Fault(StrEnum):
    DROP = "drop"
    """The request never leaves the device (no network)."""
    LOSE_ANSWER = "lose_answer"
    """The server handled (and committed) the request; its answer is lost."""
    DUPLICATE = "duplicate"
    """The request arrives twice; the device sees the second answer."""
    UNAVAILABLE = "unavailable"
    """A proxy or load balancer answers 503 instead of the server."""
    DELAY = "delay"
    """The answer comes late."""
    REORDER = "reorder"
    """The request is held back and arrives after the next one (its answer is lost)."""


class FaultyTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        schedule: Iterable[Fault | None],
        *,
        after_send: Callable[[httpx.Request], None] | None = None,
    ) -> None:
        self._inner = inner
        self._schedule = iter(schedule)
        self._held: list[httpx.Request] = []
        self._after_send = after_send
        self.requests = 0

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.read()
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        fault = next(self._schedule, None)
        if fault is Fault.DROP:
            raise httpx.ConnectError("injected: no network", request=request)
        if fault is Fault.UNAVAILABLE:
            return httpx.Response(503, json={"code": "unavailable"}, request=request)
        if fault is Fault.REORDER:
            self._held.append(request)
            raise httpx.ReadTimeout("injected: held back", request=request)
        response = self._send(request)
        for held in self._held:  # the held-back request arrives after this one
            self._send(held)
        self._held.clear()
        if self._after_send is not None:
            self._after_send(request)
        if fault is Fault.LOSE_ANSWER:
            raise httpx.ReadError("injected: answer lost", request=request)
        if fault is Fault.DUPLICATE:
            return self._send(request)
        if fault is Fault.DELAY:
            time.sleep(0.05)
        return response

    def close(self) -> None:
        self._inner.close()
