"""Configuration from the environment, and the endpoints Rasa is started with."""

from __future__ import annotations

import asyncio
import gc

import pytest

from launcher.endpoints import credentials_config, endpoints_config
from launcher.rasa_server import freeze_loaded_objects
from launcher.settings import RedisSettings, Settings
from launcher.stack import Stack


def test_without_redis_the_stack_brings_its_own_with_data_under_the_run_folder(tmp_path):
    stack = Stack({"RUN_DIR": str(tmp_path)})
    assert stack.local_redis is not None
    assert stack.settings.redis_url == stack.local_redis.url
    assert stack.local_redis.data_dir == tmp_path / "redis"
    assert Stack({"REDIS_URL": "redis://cache.internal"}).local_redis is None


def test_the_run_folder_is_created_for_the_token_with_only_its_owner_allowed(tmp_path):
    stack = Stack({"RUN_DIR": str(tmp_path / "new" / "run")})
    token = stack._write_token()
    assert token.read_text(encoding="utf-8") == stack.settings.auth_token
    assert token.stat().st_mode & 0o777 == 0o600


def test_with_redis_the_tracker_store_expires_and_the_lock_store_is_shared():
    settings = Settings.from_env(
        {"REDIS_URL": "redis://:s3cret@cache.internal:6380/2", "TRACKER_EXPIRY_SECONDS": "3600"}
    )
    config = endpoints_config(settings)
    connection = {
        "url": "cache.internal",
        "port": 6380,
        "db": 2,
        "password": "s3cret",
        "use_ssl": False,
    }
    assert config["tracker_store"] == {
        "type": "rasa_extensions.redis_tracker_store.RedisTrackerStore",
        **connection,
        "record_exp": 3600,
        "socket_timeout": 2.0,
    }
    assert config["lock_store"] == {
        "type": "rasa_extensions.redis_lock_store.AtomicRedisLockStore",
        **connection,
        "socket_timeout": 2.0,
        "lock_lifetime": 20.0,
    }
    assert config["event_broker"] == {
        "type": "rasa_extensions.redis_broker.RedisStreamBroker",
        "url": "redis://:s3cret@cache.internal:6380/2",
        "socket_timeout": 2.0,
    }


def test_tls_redis_and_defaults():
    redis = RedisSettings.from_url("rediss://redis.example")
    assert (redis.host, redis.port, redis.db, redis.password, redis.use_ssl) == (
        "redis.example",
        6379,
        0,
        None,
        True,
    )


@pytest.mark.parametrize("value", ["-1", "20"])
def test_an_archive_niceness_out_of_range_is_refused_clearly(value):
    with pytest.raises(ValueError, match="ARCHIVE_NICENESS must be between 0 and 19"):
        Settings.from_env({"ARCHIVE_NICENESS": value})


@pytest.mark.parametrize("url", ["http://host", "redis://", "redis://host/abc"])
def test_a_wrong_redis_url_is_refused_clearly(url):
    with pytest.raises(ValueError, match="REDIS_URL"):
        RedisSettings.from_url(url)


def test_the_api_token_comes_from_the_environment_or_is_generated():
    assert Settings.from_env({"RASA_AUTH_TOKEN": "abc"}).auth_token == "abc"
    generated = Settings.from_env({})
    assert generated.auth_token_generated and len(generated.auth_token) >= 32


def test_the_settings_never_show_their_secrets():
    settings = Settings.from_env(
        {
            "RASA_AUTH_TOKEN": "the-api-token",
            "ARCHIVE_KEY": "the-archive-key",
            "REDIS_URL": "redis://:redis-password@redis.internal/0",
            "DATABASE_URL": "postgresql://fv:database-password@db.internal/fv",
            "TELEGRAM_TOKEN": "123:telegram-token",
            "TELEGRAM_SECRET_TOKEN": "telegram-secret",
        }
    )
    shown = repr(settings)
    assert "redis.internal" in shown  # the rest is there
    for secret in ("the-api-token", "the-archive-key", "redis-password", "database-password"):
        assert secret not in shown
    assert "telegram-token" not in shown and "telegram-secret" not in shown


def test_the_widget_channel_gets_a_session_secret_derived_from_the_token():
    channel = "rasa_extensions.socketio_channel.WidgetSocketIOInput"
    first = credentials_config(Settings.from_env({"RASA_AUTH_TOKEN": "abc"}))[channel]
    again = credentials_config(Settings.from_env({"RASA_AUTH_TOKEN": "abc"}))[channel]
    other = credentials_config(Settings.from_env({"RASA_AUTH_TOKEN": "xyz"}))[channel]
    assert first == again and first["session_secret"] != other["session_secret"]
    assert "abc" not in first["session_secret"] and len(first["session_secret"]) == 64
    assert first["max_message_chars"] == 5000


def test_the_widget_says_how_long_conversations_are_kept():
    channel = "rasa_extensions.socketio_channel.WidgetSocketIOInput"
    in_memory = credentials_config(Settings.from_env({}))[channel]
    redis = Settings.from_env({"REDIS_URL": "redis://h", "TRACKER_EXPIRY_SECONDS": "3600"})
    assert in_memory["retention_seconds"] is None
    assert credentials_config(redis)[channel]["retention_seconds"] == 3600
    assert "rasa_extensions.rest_channel.ValidatedRestInput" in credentials_config(redis)


TELEGRAM = {"TELEGRAM_TOKEN": "123:abc", "TELEGRAM_SECRET_TOKEN": "s3cret-token"}


def test_a_messaging_app_is_enabled_only_when_its_variables_are_set():
    assert Settings.from_env({}).messaging == {}
    settings = Settings.from_env(
        {**TELEGRAM, "REDIS_URL": "redis://h", "CHANNEL_RATE_LIMIT": "5/30"}
    )
    assert settings.messaging == {"telegram": {"token": "123:abc", "secret_token": "s3cret-token"}}
    config = credentials_config(settings)["rasa_extensions.channels.telegram.TelegramInput"]
    assert config["redis_url"] == "redis://h"
    assert (config["rate_limit"], config["rate_window_seconds"]) == (5, 30)
    assert "rasa_extensions.channels.messenger.MessengerInput" not in credentials_config(settings)
    assert "s3cret" not in repr(settings)


def test_a_messaging_app_half_configured_is_refused_naming_what_is_missing():
    with pytest.raises(ValueError, match="MESSENGER_APP_SECRET, MESSENGER_PAGE_ACCESS_TOKEN"):
        Settings.from_env({"MESSENGER_VERIFY_TOKEN": "x"})
    with pytest.raises(ValueError, match="REDIS_URL"):
        credentials_config(Settings.from_env(TELEGRAM))
    with pytest.raises(ValueError, match="CHANNEL_RATE_LIMIT"):
        Settings.from_env({"CHANNEL_RATE_LIMIT": "vingt"})


def test_the_loaded_model_is_kept_out_of_the_garbage_collectors_way():
    loaded = [[index] for index in range(10_000)]  # objects the collector tracks
    asyncio.run(freeze_loaded_objects())
    try:
        assert gc.get_freeze_count() >= len(loaded)
    finally:
        gc.unfreeze()
