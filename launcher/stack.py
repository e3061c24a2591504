"""Start the services together (Rasa, actions, console, archiver, and nginx in front of
several Rasa replicas); stop them together."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from launcher import nginx
from launcher.local_redis import LocalRedis
from launcher.services import python_arguments
from launcher.settings import ROOT, Settings

# Two replicas loading their models at once on a busy 2-core machine took 311 s.
START_TIMEOUT_SECONDS = 600


class Stack:
    """The running services, configured by `env`; a context manager, or `run_forever`.

    Without REDIS_URL, a local Redis is started too, with its data under the run folder.
    With RASA_REPLICAS above 1, replica i listens on RASA_PORT + i, and a local nginx on
    RASA_PORT spreads the requests over them."""

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
        replicas = self.settings.rasa_replicas
        port = self.settings.rasa_port
        # Rasa replica → its port: one server on RASA_PORT, or replicas behind nginx.
        self.replicas = (
            {"rasa": port}
            if replicas == 1
            else {f"rasa-{i}": port + i for i in range(1, replicas + 1)}
        )

    def start(self) -> Stack:
        self._write_token()
        self._rasa_args = python_arguments("rasa", self.settings)
        try:
            if self.local_redis is not None:
                self.local_redis.start()
            for name in self.replicas:
                self._spawn_rasa(name)
            self.start_actions()
            self.start_console()
            self.start_archive()
            for name in self.replicas:
                self._wait_until_ready(name, self._status_url(self.replicas[name]))
            if len(self.replicas) > 1:
                self.start_nginx()
        except BaseException:
            self.stop()  # leave no service behind
            raise
        return self

    def start_rasa(self, name: str = "rasa") -> None:
        """Start a Rasa server again after `stop(name)`, as after a crash or a deployment."""
        self._spawn_rasa(name)
        self._wait_until_ready(name, self._status_url(self.replicas[name]))

    def _spawn_rasa(self, name: str) -> None:
        env = {"RASA_PORT": str(self.replicas[name])}
        if len(self.replicas) > 1:
            # Behind nginx: the client's address is the last one nginx forwards.
            proxies = int(self._env.get("SANIC_PROXIES_COUNT", "0"))
            env["SANIC_PROXIES_COUNT"] = str(proxies + 1)
        if int(self._env.get("SANIC_WORKERS", "1")) > 1:
            # Prometheus metrics shared by the replica's worker processes.
            metrics = self.settings.run_dir / "metrics" / name
            shutil.rmtree(metrics, ignore_errors=True)
            metrics.mkdir(parents=True)
            env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        self._spawn(name, self._rasa_args, env)

    def start_nginx(self) -> None:
        """Start nginx in front of the replicas, on RASA_PORT."""
        config = nginx.write_config(self.settings, list(self.replicas.values()))
        self.processes["nginx"] = subprocess.Popen(
            nginx.command(self.settings, config),
            stdout=self.output,
            stderr=subprocess.STDOUT if self.output else None,
        )
        self._wait_until_ready("nginx", self._status_url(self.settings.rasa_port))

    def _status_url(self, port: int) -> str:
        return f"http://localhost:{port}/status?token={self.settings.auth_token}"

    def start_actions(self) -> None:
        """Start the action server (also to bring it back after `stop("actions")`)."""
        self._spawn("actions", python_arguments("actions", self.settings))
        self._wait_until_ready("actions", f"http://localhost:{self.settings.action_port}/health")

    def start_console(self) -> None:
        """Start the counsellors' console (also to bring it back after `stop("console")`)."""
        self._spawn("console", python_arguments("console", self.settings))
        self._wait_until_ready("console", f"{self.console_url}/health")

    def start_archive(self) -> None:
        """Start the archiver. Nothing waits for it: the events wait in Redis until it
        has recorded them."""
        self._spawn("archive", python_arguments("archive", self.settings))

    @property
    def rasa_url(self) -> str:
        return self.settings.rasa_url

    def replica_url(self, name: str) -> str:
        """The address of one Rasa server, behind nginx or alone."""
        return f"http://localhost:{self.replicas[name]}"

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

    def kill(self, name: str) -> None:
        """Kill one service at once (SIGKILL), as a crash would."""
        process = self.processes.pop(name)
        process.kill()
        process.wait()

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

    def _spawn(self, name: str, args: list[str], env: Mapping[str, str] | None = None) -> None:
        command = [sys.executable, *args]
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self._env, **(env or {})},
            stdout=self.output,
            stderr=subprocess.STDOUT if self.output else None,
        )

    def _write_token(self) -> Path:
        path = self.settings.run_dir / "auth_token"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
        path.write_text(self.settings.auth_token, encoding="utf-8")
        return path


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except OSError:
        return False
