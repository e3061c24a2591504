"""Structured logs: one JSON object per line (or one plain line), never a message's text.

Each line has the time (ISO 8601, UTC), the level, the service, the logger and the log
message; an exception is given by its type and where it was raised, never its text,
its traceback's variables or a request's body. Sanic's own messages are kept without
their arguments (but numbers), which hold URLs (sender ids, the API token) and
exceptions' text.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FORMATS = ("json", "text")
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access")
# `logger.info("...", extra={FIELDS: {...}})` adds these fields to the line.
FIELDS = "fields"


def configure(service: str, fmt: str = "json", level: int = logging.INFO) -> None:
    """Send every log record of the process, Sanic's too, to stderr in `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown log format {fmt!r}; expected one of {FORMATS}")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(StructuredFormatter(service, as_json=fmt == "json"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    propagate_sanic_loggers()


def propagate_sanic_loggers() -> None:
    """Let Sanic's loggers write through the root logger only: creating a Sanic app gives
    them handlers of their own, in Sanic's format."""
    for name in SANIC_LOGGERS:
        sanic_logger = logging.getLogger(name)
        sanic_logger.handlers.clear()
        sanic_logger.propagate = True


class StructuredFormatter(logging.Formatter):
    """A record as one JSON object, or as one plain line with the same fields."""

    def __init__(self, service: str, as_json: bool) -> None:
        super().__init__()
        self.service = service
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        line = fields(record, self.service)
        if self.as_json:
            return json.dumps(line, ensure_ascii=False, default=str)
        head = f"{line.pop('time')} {line.pop('level')} {line.pop('service')} "
        head += f"{line.pop('logger')}: {line.pop('message')}"
        return " ".join([head, *(f"{key}={value}" for key, value in line.items())])


def fields(record: logging.LogRecord, service: str) -> dict[str, Any]:
    """What a line says of `record`."""
    line: dict[str, Any] = {
        "time": datetime.fromtimestamp(record.created, timezone.utc)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
        "level": record.levelname,
        "service": service,
        "logger": record.name,
        "message": _message(record),
    }
    extra = getattr(record, FIELDS, None)
    if isinstance(extra, dict):
        line.update(extra)
    if record.exc_info and record.exc_info[0] is not None:
        line["exception"] = record.exc_info[0].__name__
        frames = traceback.extract_tb(record.exc_info[2])
        if frames:
            line["exception_at"] = f"{_short(frames[-1].filename)}:{frames[-1].lineno}"
    return line


def _message(record: logging.LogRecord) -> str:
    """The message; Sanic's keep numbers only among their arguments (process ids)."""
    if record.name.startswith("sanic.") and not _numbers(record.args):
        return record.msg if isinstance(record.msg, str) else type(record.msg).__name__
    return record.getMessage()


def _numbers(args: object) -> bool:
    return isinstance(args, tuple) and all(isinstance(arg, int | float) for arg in args)


def _short(filename: str) -> str:
    return "/".join(Path(filename).parts[-2:])
