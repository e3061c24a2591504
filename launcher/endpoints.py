"""The files Rasa runs with: bot/endpoints.yml and bot/credentials.yml, plus the settings."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Any

import yaml

from launcher.settings import ROOT, Settings

BASE_ENDPOINTS = ROOT / "bot" / "endpoints.yml"
BASE_CREDENTIALS = ROOT / "bot" / "credentials.yml"
WIDGET_CHANNEL = "rasa_extensions.socketio_channel.WidgetSocketIOInput"
REST_CHANNEL = "rasa_extensions.rest_channel.ValidatedRestInput"
BROKER = "rasa_extensions.redis_broker.RedisStreamBroker"
TRACKER_STORE = "rasa_extensions.redis_tracker_store.RedisTrackerStore"
LOCK_STORE = "rasa_extensions.redis_lock_store.AtomicRedisLockStore"
MESSAGING_CHANNELS = {
    "messenger": "rasa_extensions.channels.messenger.MessengerInput",
    "telegram": "rasa_extensions.channels.telegram.TelegramInput",
    "whatsapp": "rasa_extensions.channels.whatsapp.WhatsAppInput",
}


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
        # Rasa's default key prefixes: "tracker:<sender>" and "lock:<sender>". The tracker
        # store is Rasa's Redis one without its repeated reads (same data in Redis).
        config["tracker_store"] = {
            "type": TRACKER_STORE,
            **connection,
            "record_exp": settings.tracker_expiry_seconds,
            "socket_timeout": settings.redis_timeout_seconds,
        }
        # Tickets taken atomically, so that replicas serve a conversation's turns in order.
        config["lock_store"] = {
            "type": LOCK_STORE,
            **connection,
            "socket_timeout": settings.redis_timeout_seconds,
            "lock_lifetime": settings.lock_lifetime_seconds,
        }
        # Every conversation event also goes to a Redis stream, followed by the console.
        config["event_broker"] = {
            "type": BROKER,
            "url": settings.redis_url,
            "socket_timeout": settings.redis_timeout_seconds,
        }
    return config


def credentials_config(settings: Settings) -> dict[str, Any]:
    """The widget channel gets its session secret and how long conversations are kept,
    the REST and widget channels their per-sender rate limit; the messaging apps whose
    variables are set are added."""
    config = yaml.safe_load(BASE_CREDENTIALS.read_text(encoding="utf-8")) or {}
    # Derived from the API token: stable while the token is (sessions survive a
    # restart), and nobody who lacks the token can sign a session id.
    secret = hmac.new(settings.auth_token.encode(), b"widget-session", hashlib.sha256)
    config[WIDGET_CHANNEL] = {
        **(config.get(WIDGET_CHANNEL) or {}),
        "session_secret": secret.hexdigest(),
        "retention_seconds": settings.tracker_expiry_seconds if settings.redis else None,
        # Shared by the processes, so that any of them reaches any socket.
        "redis_url": settings.redis_url,
    }
    count, seconds = settings.sender_rate_limit
    for channel in (REST_CHANNEL, WIDGET_CHANNEL):
        config[channel] = {
            **(config.get(channel) or {}),
            "redis_url": settings.redis_url,
            "rate_limit": count,
            "rate_window_seconds": seconds,
        }
    if settings.messaging and not settings.redis_url:
        raise ValueError("the messaging apps need REDIS_URL (idempotency, rate limit)")
    limit, window = settings.channel_rate_limit
    for app, credentials in settings.messaging.items():
        config[MESSAGING_CHANNELS[app]] = {
            **credentials,
            "redis_url": settings.redis_url,
            "rate_limit": limit,
            "rate_window_seconds": window,
            "max_message_chars": config[WIDGET_CHANNEL].get("max_message_chars", 5000),
        }
    return config


def write_endpoints(settings: Settings) -> Path:
    """Write the endpoints file under the run folder (it may hold a password)."""
    return _write_private(settings.run_dir / "endpoints.yml", endpoints_config(settings))


def write_credentials(settings: Settings) -> Path:
    """Write the credentials file under the run folder (it holds the session secret)."""
    return _write_private(settings.run_dir / "credentials.yml", credentials_config(settings))


def _write_private(path: Path, config: dict[str, Any]) -> Path:
    """Write YAML readable by its owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return path
