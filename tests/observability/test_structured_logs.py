"""Structured logs, read as a log collector reads them: what a real process printed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime
from typing import Any

from launcher.settings import ROOT

SECRET = "Sophie Durand 06 11 22 33 44"
SENDER = "test-sender-4f2a"


def printed(script: str, fmt: str = "json") -> str:
    """What `script` wrote to stderr, once `observability.logs` is configured in `fmt`."""
    setup = f"from observability import logs\nlogs.configure('testing', {fmt!r})\n"
    done = subprocess.run(
        [sys.executable, "-c", setup + textwrap.dedent(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def lines(script: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in printed(script).splitlines()]


def test_one_json_object_per_line_with_time_level_service_logger_message():
    [line] = lines("""
        import logging
        logging.getLogger("archive.archiver").info("Archived %d events", 3)
    """)
    assert line["level"] == "INFO"
    assert line["service"] == "testing"
    assert line["logger"] == "archive.archiver"
    assert line["message"] == "Archived 3 events"
    assert line["time"].endswith("Z")
    assert datetime.fromisoformat(line["time"].removesuffix("Z")).year >= 2024


def test_an_exception_is_its_type_and_place_only():
    output = printed(f"""
        import logging
        def turn(text):
            raise ValueError("could not read " + text)
        try:
            turn({SECRET!r})
        except ValueError:
            logging.getLogger("rasa.core").exception("The turn failed")
    """)
    [line] = [json.loads(text) for text in output.splitlines()]
    assert line["message"] == "The turn failed"
    assert line["exception"] == "ValueError"
    assert line["exception_at"].startswith("<string>:")
    assert SECRET not in output
    assert "Traceback" not in output


def test_sanics_messages_lose_their_urls():
    output = printed(f"""
        import logging
        from sanic.log import error_logger, logger
        url = "http://localhost:5005/conversations/{SENDER}/tracker?token=secret-token"
        try:
            raise KeyError({SENDER!r})
        except KeyError:
            error_logger.exception("Exception occurred while handling uri: %s", repr(url))
        logger.info("Starting worker [%s]", 4242)
    """)
    error, started = (json.loads(text) for text in output.splitlines())
    assert error["message"] == "Exception occurred while handling uri: %s"
    assert error["exception"] == "KeyError"
    assert started["message"] == "Starting worker [4242]"
    assert SENDER not in output and "secret-token" not in output


def test_rasas_structlog_events_keep_their_name_only():
    output = printed(
        f"""
        import logging, structlog
        from rasa.utils.common import configure_logging_and_warnings
        from rasa.utils.log_utils import configure_structlog
        configure_logging_and_warnings(logging.INFO)
        configure_structlog(logging.INFO)
        from rasa_extensions.server_observability import configure_logs
        configure_logs("json")
        log = structlog.get_logger()
        log.error("rest.message.received.failure", text={SECRET!r})
        log.debug("processor.actions.log", action_name="utter_greet")
        try:
            raise RuntimeError({SECRET!r})
        except RuntimeError:
            log.exception("processor.failed", text={SECRET!r})
        """
    )
    found = [json.loads(text) for text in output.splitlines()]
    assert [(line["level"], line["message"]) for line in found] == [
        ("ERROR", "rest.message.received.failure"),
        ("ERROR", "processor.failed"),
    ]
    assert found[0]["service"] == "rasa"
    assert found[1]["exception"] == "RuntimeError"
    assert SECRET not in output


def test_a_sanic_app_made_afterwards_still_logs_in_json():
    output = printed("""
        from sanic import Sanic
        from sanic.log import logger
        from observability import web
        app = Sanic("made_after")
        web.install(app, "testing")
        logger.info("Goin' Fast")
    """)
    [line] = [json.loads(text) for text in output.splitlines()]
    assert (line["logger"], line["message"]) == ("sanic.root", "Goin' Fast")


def test_the_text_format_is_one_plain_line():
    output = printed(
        f"""
        import logging
        try:
            raise OSError({SECRET!r})
        except OSError:
            logging.getLogger("archive").exception("Archive paused")
        """,
        fmt="text",
    )
    [line] = output.splitlines()
    assert " ERROR testing archive: Archive paused exception=OSError exception_at=" in line
    assert SECRET not in output
