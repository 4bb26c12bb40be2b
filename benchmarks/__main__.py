"""Run every benchmark: ``python -m benchmarks`` (``make bench``)."""

from __future__ import annotations

import logging
import sys

from benchmarks import report, store_bench

logger = logging.getLogger("benchmarks")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    logging.getLogger("fieldapp").setLevel(logging.WARNING)
    results: dict[str, float] = {}
    targets: dict[str, str] = {}
    for module in (store_bench,):
        logger.info("running %s", module.__name__)
        results.update(module.run(logger))
        targets.update(module.TARGETS)
    report.write(results, targets)
    for name, value in sorted(results.items()):
        logger.info("%-55s %10.3f   target %s", name, value, targets.get(name, ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
