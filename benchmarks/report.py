"""Writing a benchmark run: results.json (flat metric -> number) and a RESULTS.md entry."""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def p95(samples: Sequence[float]) -> float:
    """95th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def write(
    results: Mapping[str, float], targets: Mapping[str, str], retired: frozenset[str] = frozenset()
) -> None:
    """Merge ``results`` into results.json (``retired`` metrics leave it) and append them to
    RESULTS.md."""
    rounded = {name: round(value, 3) for name, value in sorted(results.items())}
    path = HERE / "results.json"
    # A run of some benchmarks keeps the latest figures of the others.
    previous = json.loads(path.read_text()) if path.exists() else {}
    previous = {name: value for name, value in previous.items() if name not in retired}
    merged = dict(sorted({**previous, **rounded}.items()))
    path.write_text(json.dumps(merged, indent=2) + "\n")
    lines = [
        f"\n## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n",
        f"Machine: {machine()}\n",
        "| metric | value | target |",
        "|---|---|---|",
        *(f"| `{name}` | {value} | {targets.get(name, '')} |" for name, value in rounded.items()),
        "",
    ]
    results_md = HERE / "RESULTS.md"
    if not results_md.exists():
        results_md.write_text(
            "# Benchmark results\n\nEvery `make bench` run appends its figures here "
            "(newest last). `results.json` holds the latest run.\n"
        )
    with results_md.open("a") as file:
        file.write("\n".join(lines))
