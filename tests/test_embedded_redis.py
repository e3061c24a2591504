"""The run command needs no Redis installed: without REDIS_URL the stack starts its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import redis
from helpers import new_sender, send

from launcher.local_redis import free_port
from launcher.stack import Stack


def test_without_redis_url_the_assistant_runs_on_a_redis_of_its_own(model: Path, tmp_path):
    env = {
        **os.environ,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "CONSOLE_PORT": str(free_port()),
        "RUN_DIR": str(tmp_path),
    }
    for name in ("REDIS_URL", "RASA_AUTH_TOKEN", "ACTION_SERVER_URL"):
        env.pop(name, None)
    with Stack(env) as stack:
        sender = new_sender()
        assert send(stack, "on m'a volé mon vélo", sender)
        client = redis.Redis.from_url(stack.settings.redis_url)
        assert client.exists(f"tracker:{sender}")
        assert (tmp_path / "redis").is_dir()
    with pytest.raises(redis.ConnectionError):
        client.ping()
