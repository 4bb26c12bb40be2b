"""The server's Prometheus metrics, from the maintained client library: counts and sizes only,
never client data or identifiers (a route is named by its template, never its path).

Several server processes (``serve --workers N``) each count their own; ``serve`` then gives
them one ``PROMETHEUS_MULTIPROC_DIR`` (:data:`MULTIPROCESS_ENV`) and a scrape of any of them
adds all up (the library's multiprocess mode). What the database knows (devices behind on
their sync, the last audit verification) is read at each scrape, see
:mod:`sync_server.services.health`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
OWN = CollectorRegistry(auto_describe=True)
"""This process's metrics (one process: collected from here)."""

REQUESTS = Counter(
    "veldwerk_http_requests",
    "HTTP requests by route template, method and status",
    ["route", "method", "status"],
    registry=OWN,
)
PUSHED = Counter(
    "veldwerk_pushed_changes", "Changes devices pushed, by outcome", ["outcome"], registry=OWN
)
BATCH_SIZES = Histogram(
    "veldwerk_group_commit_batch_size",
    "Write jobs committed together in one group commit",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
    registry=OWN,
)


class _Own(Collector):
    def collect(self) -> Iterable[Metric]:
        yield from OWN.collect()


def registry_for_scrape(*extra: Collector) -> CollectorRegistry:
    """A registry with every process's metrics and ``extra`` collectors, for one scrape."""
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROCESS_ENV):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Own())
    for collector in extra:
        registry.register(collector)
    return registry
