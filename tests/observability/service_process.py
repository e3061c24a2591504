"""A service started as in production, `python -m ...` in a child process, for as long as
a `with` block lasts; what it printed is kept."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import requests

from launcher.settings import ROOT

START_TIMEOUT_SECONDS = 120


class ServiceProcess:
    def __init__(self, args: Sequence[str], env: Mapping[str, str], url: str) -> None:
        """`args` after `python`; `url` answers `GET /health` once the service is up."""
        self.args, self.env, self.url = list(args), dict(env), url
        self._process: subprocess.Popen[bytes] | None = None
        self._output: Path | None = None

    def __enter__(self) -> ServiceProcess:
        descriptor, path = tempfile.mkstemp(prefix="service-", suffix=".log")
        self._output = Path(path)
        self._process = subprocess.Popen(
            [sys.executable, *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=descriptor,
            stderr=subprocess.STDOUT,
        )
        os.close(descriptor)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(f"{self.url}/health"):
            if self._process.poll() is not None:
                raise RuntimeError(f"{self.args} stopped while starting:\n{self.printed()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.args} did not start in time")
            time.sleep(0.3)
        return self

    def __exit__(self, *_: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)
        if self._output is not None:
            self._output.unlink()

    def printed(self) -> str:
        """Everything the service wrote so far."""
        assert self._output is not None, "not started"
        return self._output.read_text(encoding="utf-8", errors="replace")

    @property
    def pid(self) -> int:
        return self._process.pid

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{self.url}{path}", timeout=30)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False
