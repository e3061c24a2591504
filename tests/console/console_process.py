"""The console as it runs in production, `python -m console serve`, in a child process,
and its accounts made with its own command line."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Mapping

import requests

from launcher.settings import ROOT

START_TIMEOUT_SECONDS = 60


class ConsoleProcess:
    """A context manager: the console started with `env`, stopped on exit."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        self.url = f"http://127.0.0.1:{self.env['CONSOLE_PORT']}"
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ConsoleProcess:
        command = [sys.executable, "-m", "console", "serve"]
        self._process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _healthy(self.url):
            if self._process.poll() is not None:
                raise RuntimeError("the console stopped while starting")
            if time.monotonic() > deadline:
                raise TimeoutError("the console did not start in time")
            time.sleep(0.2)
        return self

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=20)


def console_command(
    env: Mapping[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`python -m console ARGS`, as an admin types it."""
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        cwd=ROOT,
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def create_user(env: Mapping[str, str], name: str, role: str, password: str, display: str) -> None:
    done = console_command(
        env,
        "create-user",
        name,
        "--role",
        role,
        "--display-name",
        display,
        "--password-stdin",
        stdin=password + "\n",
    )
    assert done.returncode == 0, done.stderr


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False
