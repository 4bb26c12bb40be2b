"""Fixtures: a real server process with the demo organisation, and devices to sync with it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sync.harness import Device, ServerProcess


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(tmp_path / "server").load_demo().start()
    yield process
    process.stop()


@pytest.fixture
def new_device(tmp_path: Path) -> Iterator[Callable[[str], Device]]:
    made: list[Device] = []

    def make(name: str = "device") -> Device:
        device = Device(tmp_path / name)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()
