"""`python -m fieldapp`: start the field app in web mode on localhost."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import timedelta
from pathlib import Path

from fieldapp.wiring.app import AppConfig, default_data_dir, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fieldapp", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None, help="where the store lives")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8550)
    parser.add_argument("--demo", action="store_true", help="create and open a demo caseload")
    parser.add_argument("--server-url", help="enroll against this sync server after unlock")
    parser.add_argument("--pairing-code", help="the one-time code for --server-url")
    parser.add_argument("--ca-file", type=Path, help="the organisation's CA bundle (PEM)")
    parser.add_argument(
        "--auto-lock-seconds", type=int, default=300, help="lock after this long without use"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    run(
        AppConfig(
            data_dir=args.data_dir or default_data_dir(),
            host=args.host,
            port=args.port,
            demo=args.demo,
            server_url=args.server_url,
            pairing_code=args.pairing_code,
            ca_file=args.ca_file,
            auto_lock=timedelta(seconds=max(1, args.auto_lock_seconds)),
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
