"""A Rasa server of its own for the limits that the shared stack must not reach: started
as in production (`python -m launcher.rasa_server`), without a model (the turns are not
what these tests look at), behind one trusted proxy (so that a test chooses its client
address, in `X-Forwarded-For`), with a low address limit and `CORS_ORIGINS` set."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from launcher.endpoints import write_credentials, write_endpoints
from launcher.local_redis import free_port
from launcher.settings import ROOT, Settings

START_TIMEOUT_SECONDS = 120
SITE = "https://site.example"


@contextmanager
def guarded_server(redis_url: str, run_dir: Path) -> Iterator[Settings]:
    """The running server's settings, for as long as the block lasts."""
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "RASA_AUTH_TOKEN": "test-token-" + os.urandom(8).hex(),
        "REDIS_URL": redis_url,
        "RUN_DIR": str(run_dir),
        "IP_RATE_LIMIT": "5/60",
        "CORS_ORIGINS": SITE,
        "SANIC_PROXIES_COUNT": "1",
    }
    settings = Settings.from_env(env)
    files = [run_dir / "no-model.tar.gz", write_endpoints(settings), write_credentials(settings)]
    with (run_dir / "rasa.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "launcher.rasa_server", *map(str, files)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(settings, process)
            yield settings
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_up(settings: Settings, process: subprocess.Popen[bytes]) -> None:
    """Until the server answers (409 without a model); the API token is never limited."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        try:
            requests.get(f"{settings.rasa_url}/status?token={settings.auth_token}", timeout=2)
            return
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the guarded Rasa server did not start") from None
            time.sleep(0.5)
