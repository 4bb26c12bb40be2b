"""Run every benchmark: ``python -m benchmarks`` (``make bench``); or some: ``... store server``."""

from __future__ import annotations

import logging
import sys

from benchmarks import (
    app_bench,
    operations_bench,
    outcome_bench,
    report,
    server_bench,
    store_bench,
    sync_bench,
)

logger = logging.getLogger("benchmarks")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    for noisy in ("fieldapp", "httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    results: dict[str, float] = {}
    targets: dict[str, str] = {}
    retired: set[str] = set()
    modules = {
        "store": store_bench,
        "server": server_bench,
        "outcomes": outcome_bench,
        "operations": operations_bench,
        "sync": sync_bench,
        "app": app_bench,
    }
    chosen = sys.argv[1:] or list(modules)
    unknown = sorted(set(chosen) - set(modules))
    if unknown:
        logger.error("unknown benchmark %s; choose from %s", unknown, sorted(modules))
        return 2
    for module in (modules[name] for name in chosen):
        logger.info("running %s", module.__name__)
        results.update(module.run(logger))
        targets.update(module.TARGETS)
        retired.update(getattr(module, "RETIRED", ()))
    report.write(results, targets, frozenset(retired))
    for name, value in sorted(results.items()):
        logger.info("%-55s %10.3f   target %s", name, value, targets.get(name, ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
