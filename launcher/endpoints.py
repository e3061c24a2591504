"""The endpoints file Rasa runs with: bot/endpoints.yml plus what the settings add."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from launcher.settings import ROOT, Settings

BASE_ENDPOINTS = ROOT / "bot" / "endpoints.yml"


def endpoints_config(settings: Settings) -> dict[str, Any]:
    """Action server from the settings; Redis tracker and lock stores when configured."""
    config = yaml.safe_load(BASE_ENDPOINTS.read_text(encoding="utf-8")) or {}
    # The actions do not read the domain: do not send it with every call.
    config["action_endpoint"] = {
        "url": settings.action_server_url,
        "enable_selective_domain": True,
    }
    if settings.redis is not None:
        connection = {
            "url": settings.redis.host,
            "port": settings.redis.port,
            "db": settings.redis.db,
            "password": settings.redis.password,
            "use_ssl": settings.redis.use_ssl,
        }
        # Rasa's default key prefixes: "tracker:<sender>" and "lock:<sender>".
        config["tracker_store"] = {
            "type": "redis",
            **connection,
            "record_exp": settings.tracker_expiry_seconds,
        }
        config["lock_store"] = {"type": "redis", **connection}
    return config


def write_endpoints(settings: Settings) -> Path:
    """Write the endpoints file under the run folder (it may hold a password: 0600)."""
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    path = settings.run_dir / "endpoints.yml"
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(yaml.safe_dump(endpoints_config(settings), sort_keys=False), "utf-8")
    return path
