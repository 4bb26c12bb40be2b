"""Metrics of several server processes add up (sync_server/metrics.py): with one
``PROMETHEUS_MULTIPROC_DIR``, what two processes counted is one sum in any scrape."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client import generate_latest

from sync_server.metrics import MULTIPROCESS_ENV, registry_for_scrape

COUNT = """
from sync_server.metrics import PUSHED
PUSHED.labels("applied").inc({n})
"""


def test_two_processes_counts_are_one_sum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MULTIPROCESS_ENV, str(tmp_path))
    for n in (3, 4):
        subprocess.run([sys.executable, "-c", COUNT.format(n=n)], check=True, timeout=60)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    text = generate_latest(registry_for_scrape()).decode()
    assert 'veldwerk_pushed_changes_total{outcome="applied"} 7.0' in text
