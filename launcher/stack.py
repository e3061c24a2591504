"""Start the action server and the Rasa server together; stop both together."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from launcher.endpoints import write_credentials, write_endpoints
from launcher.local_redis import LocalRedis
from launcher.model import ensure_model
from launcher.settings import ROOT, Settings

START_TIMEOUT_SECONDS = 240


class Stack:
    """The running services, configured by `env`; a context manager, or `run_forever`.

    Without REDIS_URL, a local Redis is started too, with its data under the run folder."""

    def __init__(self, env: Mapping[str, str], output: IO[bytes] | None = None) -> None:
        """`output` receives what the services print (by default, this terminal)."""
        env = dict(env)
        self.output = output
        self.local_redis: LocalRedis | None = None
        if not env.get("REDIS_URL"):
            self.local_redis = LocalRedis(data_dir=Settings.from_env(env).run_dir / "redis")
            env["REDIS_URL"] = self.local_redis.url
        self.settings = Settings.from_env(env)
        # The children read the same configuration, with the token fixed for all.
        self._env = {**env, "RASA_AUTH_TOKEN": self.settings.auth_token}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._rasa_args: list[str] = []

    def start(self) -> Stack:
        model = ensure_model(self.settings)
        files = (model, write_endpoints(self.settings), write_credentials(self.settings))
        self._write_token()
        self._rasa_args = ["-m", "launcher.rasa_server", *map(str, files)]
        try:
            if self.local_redis is not None:
                self.local_redis.start()
            self._spawn("rasa", self._rasa_args)
            self.start_actions()
            self.start_console()
            self.start_archive()
            self._wait_until_ready("rasa", self._rasa_status_url)
        except BaseException:
            self.stop()  # leave no service behind
            raise
        return self

    def start_rasa(self) -> None:
        """Start the Rasa server again after `stop("rasa")`, as after a crash or a deployment."""
        self._spawn("rasa", self._rasa_args)
        self._wait_until_ready("rasa", self._rasa_status_url)

    @property
    def _rasa_status_url(self) -> str:
        return f"{self.rasa_url}/status?token={self.settings.auth_token}"

    def start_actions(self) -> None:
        """Start the action server (also to bring it back after `stop("actions")`)."""
        port = str(self.settings.action_port)
        self._spawn("actions", ["-m", "rasa_sdk", "--actions", "actions", "--port", port])
        self._wait_until_ready("actions", f"http://localhost:{port}/health")

    def start_console(self) -> None:
        """Start the counsellors' console (also to bring it back after `stop("console")`)."""
        self._spawn("console", ["-m", "console", "serve"])
        self._wait_until_ready("console", f"{self.console_url}/health")

    def start_archive(self) -> None:
        """Start the archiver. Nothing waits for it: the events wait in Redis until it
        has recorded them."""
        self._spawn("archive", ["-m", "archive", "serve"])

    @property
    def rasa_url(self) -> str:
        return self.settings.rasa_url

    @property
    def console_url(self) -> str:
        return self.settings.console_url

    @property
    def demo_url(self) -> str:
        """The widget's demo page."""
        return f"{self.rasa_url}/webhooks/socketio/demo"

    def _wait_until_ready(self, name: str, url: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not _answers(url):
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"the {name} server stopped while starting")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {name} server did not start in time")
            time.sleep(0.5)

    def stop(self, name: str | None = None) -> None:
        """Stop one service, or all of them (and the local Redis)."""
        names = [name] if name else list(self.processes)
        for key in names:
            process = self.processes.pop(key)
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if name is None and self.local_redis is not None:
            self.local_redis.stop()

    def run_forever(self) -> int:
        """Wait until one service stops or Ctrl-C is pressed; then stop all of them."""
        try:
            while all(process.poll() is None for process in self.processes.values()):
                time.sleep(0.5)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def _spawn(self, name: str, args: list[str]) -> None:
        command = [sys.executable, *args]
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self._env,
            stdout=self.output,
            stderr=subprocess.STDOUT if self.output else None,
        )

    def _write_token(self) -> Path:
        path = self.settings.run_dir / "auth_token"
        path.touch(mode=0o600, exist_ok=True)
        path.write_text(self.settings.auth_token, encoding="utf-8")
        return path


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False
