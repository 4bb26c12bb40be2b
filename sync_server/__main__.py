"""``python -m sync_server``: see :mod:`sync_server.cli`."""

from sync_server.cli import main

raise SystemExit(main())
