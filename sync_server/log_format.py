"""Log lines as JSON (the ``log_format`` setting ``json``), one object per line: time, level,
logger, message and the request id of the request being served, if any. Access lines say
method, path and status; never the client's address or the query. Messages name ids,
codes and counts only (``docs/security.md``); the formatter adds nothing but these fields, and
an exception as its type and the lines of its traceback (code locations, never values).
"""

from __future__ import annotations

import json
import logging
import traceback
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID: ContextVar[str | None] = ContextVar("veldwerk_request_id", default=None)
"""The id of the request this code serves (set by :mod:`sync_server.edge.request_id`)."""


ACCESS = "uvicorn.access"


def message_of(record: logging.LogRecord) -> str:
    """The record's message; for uvicorn's access lines, the method, the path without its
    query and the status only: not the client's address (personal data), not the query."""
    args = record.args
    if record.name == ACCESS and isinstance(args, tuple) and len(args) == 5:
        _address, method, path, _version, status = args
        return f"{method} {str(path).split('?', 1)[0]} {status}"
    return record.getMessage()


class TextFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = message_of(record)
        return super().formatMessage(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message_of(record),
        }
        request_id = REQUEST_ID.get()
        if request_id is not None:
            line["request_id"] = request_id
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, trace = record.exc_info
            line["exception"] = kind.__name__
            line["trace"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(trace)
            ]
        return json.dumps(line, ensure_ascii=False)


def uvicorn_config(level: str, *, json_lines: bool) -> dict[str, Any]:
    """``logging.config`` for ``serve``: uvicorn's loggers and the root logger (the server's
    own) in every worker process, as text or as JSON lines."""
    formatter = (
        {"()": f"{__name__}.JsonFormatter"}
        if json_lines
        else {"()": f"{__name__}.TextFormatter", "fmt": "%(levelname)s %(name)s: %(message)s"}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "veldwerk",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"veldwerk": formatter},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["default"], "level": level, "propagate": False},
            "alembic": {"level": "WARNING"},
        },
        "root": {"handlers": ["default"], "level": level},
    }
