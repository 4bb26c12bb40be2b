"""The push's ceiling (issue 24, item 1): the least a FastAPI endpoint can do for a push, on
the same stack as the server, so that the server's push is measured against what its stack
allows rather than against a bare database loop.

``POST /api/v1/sync/push`` parses the same JSON body, inserts each change's id, client and body
in one transaction with one ``INSERT`` (``executemany`` for a batch), commits, and answers
``applied`` for each. No authentication, no sealing, no audit: the floor under every guarantee
the real push keeps. SQLite gets the server's own pragmas (``SQLITE_PRAGMAS``: WAL,
synchronous=FULL); PostgreSQL a connection per thread. Set ``CEILING_DATABASE`` to a SQLite
path or a PostgreSQL URL. Served by uvicorn as the server is (``benchmarks/server_bench.py``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any

import psycopg
from fastapi import FastAPI
from fastapi.responses import Response

from fieldapp.wire import API_PREFIX
from sync_server.db.engine import SQLITE_PRAGMAS

TABLE = "CREATE TABLE IF NOT EXISTS visits (id TEXT PRIMARY KEY, client_id TEXT, body TEXT)"
_local = threading.local()


def _database() -> str:
    return os.environ["CEILING_DATABASE"]


def _is_postgres(target: str) -> bool:
    return target.startswith("postgresql")


def _open(target: str) -> Any:
    if _is_postgres(target):
        return psycopg.connect(target.replace("postgresql+psycopg://", "postgresql://"))
    connection = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    return connection


def _connection() -> Any:
    """This thread's connection (FastAPI runs plain endpoints on a thread pool)."""
    found = getattr(_local, "connection", None)
    if found is None:
        found = _local.connection = _open(_database())
    return found


def prepare(target: str) -> None:
    """Make the table in ``target`` (before the server starts: its workers would race)."""
    connection = _open(target)
    try:
        if _is_postgres(target):
            connection.execute(TABLE.replace("TEXT PRIMARY KEY", "UUID PRIMARY KEY"))
            connection.commit()
        else:
            connection.execute(TABLE)
    finally:
        connection.close()


def _insert(rows: list[tuple[str, str, str]]) -> None:
    connection = _connection()
    if _is_postgres(_database()):
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO visits VALUES (%s, %s, %s)", rows)
        connection.commit()
        return
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany("INSERT INTO visits VALUES (?, ?, ?)", rows)
    connection.execute("COMMIT")


app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get(f"{API_PREFIX}/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post(f"{API_PREFIX}/sync/push")
def push(body: dict[str, Any]) -> Response:
    changes = body["changes"]
    _insert([(c["entity_id"], c["client_id"], json.dumps(c["body"])) for c in changes])
    results = [{"change_id": c["change_id"], "outcome": "applied"} for c in changes]
    return Response(json.dumps({"results": results}), media_type="application/json")
