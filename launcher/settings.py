"""Configuration from environment variables (documented in the README)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

# The messaging apps (rasa_extensions/channels/): credential → environment variable, the
# required ones, then the optional ones. An app is enabled when its required ones are set.
MESSAGING_VARIABLES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "messenger": (
        {
            "verify_token": "MESSENGER_VERIFY_TOKEN",
            "app_secret": "MESSENGER_APP_SECRET",
            "page_access_token": "MESSENGER_PAGE_ACCESS_TOKEN",
        },
        {"graph_url": "MESSENGER_GRAPH_URL"},
    ),
    "telegram": (
        {"token": "TELEGRAM_TOKEN", "secret_token": "TELEGRAM_SECRET_TOKEN"},
        {"webhook_url": "TELEGRAM_WEBHOOK_URL", "api_url": "TELEGRAM_API_URL"},
    ),
    "whatsapp": (
        {
            "account_sid": "TWILIO_ACCOUNT_SID",
            "auth_token": "TWILIO_AUTH_TOKEN",
            "whatsapp_number": "TWILIO_WHATSAPP_NUMBER",
            "webhook_url": "TWILIO_WEBHOOK_URL",
        },
        {"api_url": "TWILIO_API_URL"},
    ),
}


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int
    db: int
    password: str | None = field(repr=False)
    use_ssl: bool

    @classmethod
    def from_url(cls, url: str) -> RedisSettings:
        """Parse `redis://[:password@]host[:port][/db]` (or `rediss://` for TLS)."""
        parsed = urlparse(url)
        if parsed.scheme not in ("redis", "rediss") or not parsed.hostname:
            raise ValueError("REDIS_URL must look like redis://[:password@]host[:port][/db]")
        path = parsed.path.strip("/")
        if path and not path.isdigit():
            raise ValueError("REDIS_URL: the database must be a number, as in redis://host/0")
        return cls(
            host=parsed.hostname,
            port=parsed.port or 6379,
            db=int(path or 0),
            password=parsed.password or None,
            use_ssl=parsed.scheme == "rediss",
        )


@dataclass(frozen=True)
class Settings:
    rasa_port: int
    action_port: int
    console_port: int
    rasa_url: str
    action_server_url: str
    redis: RedisSettings | None
    redis_url: str | None = field(repr=False)
    tracker_expiry_seconds: int
    # Secrets are kept out of repr (a settings object may end up in a log).
    auth_token: str = field(repr=False)
    auth_token_generated: bool
    cors_origins: tuple[str, ...]
    run_dir: Path
    models_dir: Path
    build_dir: Path
    database_url: str = field(repr=False)
    cookie_secure: bool
    archive_retention_months: int
    archive_key: bytes = field(repr=False)
    # Enabled messaging apps: name → credentials (secrets: kept out of repr).
    messaging: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    # At most this many messages per sender of a messaging app in this many seconds.
    channel_rate_limit: tuple[int, int] = (20, 60)
    # At most this many messages per sender (REST, widget) and requests per client
    # address, in this many seconds.
    sender_rate_limit: tuple[int, int] = (20, 60)
    ip_rate_limit: tuple[int, int] = (300, 60)
    # The largest request body the servers accept.
    max_body_bytes: int = 1_000_000
    # Rasa server replicas behind a local nginx (they share Redis).
    rasa_replicas: int = 1
    nginx: str = "nginx"
    # The archiver's health, readiness and metrics port.
    archive_port: int = 5007
    # The archiver's CPU priority below the servers' (Unix niceness, 0 to 19): it works in
    # the background, and yields the processor to conversations on a shared machine.
    archive_niceness: int = 10
    # `json` (one JSON object per line) or `text`.
    log_format: str = "json"
    # Timeouts: every Redis call, and every call to the action server (shorter than
    # the lifetime of a conversation's lock, TICKET_LOCK_LIFETIME).
    redis_timeout_seconds: float = 2.0
    action_timeout_seconds: float = 10.0
    # How long a turn may hold its conversation (a server that dies mid-turn holds it
    # that long).
    lock_lifetime_seconds: float = 20.0

    @property
    def console_url(self) -> str:
        return f"http://localhost:{self.console_port}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        action_port = int(env.get("ACTION_PORT", "5055"))
        token = env.get("RASA_AUTH_TOKEN", "") or secrets.token_urlsafe(32)
        token_generated = not env.get("RASA_AUTH_TOKEN")
        redis_url = env.get("REDIS_URL", "")
        run_dir = Path(env.get("RUN_DIR", ROOT / ".run"))
        rasa_port = int(env.get("RASA_PORT", "5005"))
        action_timeout = _action_timeout(env)
        return cls(
            rasa_port=rasa_port,
            rasa_url=env.get("RASA_URL", f"http://localhost:{rasa_port}"),
            action_port=action_port,
            console_port=int(env.get("CONSOLE_PORT", "5006")),
            action_server_url=env.get(
                "ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook"
            ),
            redis=RedisSettings.from_url(redis_url) if redis_url else None,
            redis_url=redis_url or None,
            tracker_expiry_seconds=int(env.get("TRACKER_EXPIRY_SECONDS", "86400")),
            auth_token=token,
            auth_token_generated=token_generated,
            cors_origins=tuple(o for o in env.get("CORS_ORIGINS", "").split(",") if o),
            run_dir=run_dir,
            models_dir=Path(env.get("MODELS_DIR", ROOT / "models")),
            build_dir=Path(env.get("BUILD_DIR", ROOT / ".build")),
            database_url=env.get("DATABASE_URL", f"sqlite:///{run_dir / 'console.db'}"),
            cookie_secure=env.get("COOKIE_SECURE", "true").lower() not in ("0", "false", "no"),
            archive_retention_months=int(env.get("ARCHIVE_RETENTION_MONTHS", "12")),
            archive_key=_archive_key(env.get("ARCHIVE_KEY", ""), token),
            messaging=_messaging(env),
            channel_rate_limit=_rate_limit("CHANNEL_RATE_LIMIT", env, "20/60"),
            sender_rate_limit=_rate_limit("SENDER_RATE_LIMIT", env, "20/60"),
            ip_rate_limit=_rate_limit("IP_RATE_LIMIT", env, "300/60"),
            max_body_bytes=int(env.get("MAX_BODY_BYTES", "1000000")),
            rasa_replicas=_at_least_one("RASA_REPLICAS", env.get("RASA_REPLICAS", "1")),
            nginx=env.get("NGINX", "nginx"),
            archive_port=int(env.get("ARCHIVE_PORT", "5007")),
            archive_niceness=_niceness(env.get("ARCHIVE_NICENESS", "10")),
            log_format=_choice("LOG_FORMAT", env.get("LOG_FORMAT", "json"), ("json", "text")),
            redis_timeout_seconds=_redis_timeout(env, action_timeout),
            action_timeout_seconds=action_timeout,
            lock_lifetime_seconds=float(env.get("TICKET_LOCK_LIFETIME", "20")),
        )


def _messaging(env: dict[str, str]) -> dict[str, dict[str, str]]:
    """The credentials of each messaging app whose variables are set; a ValueError naming
    the missing ones when only some are (never their values)."""
    enabled = {}
    for app, (required, optional) in MESSAGING_VARIABLES.items():
        given = {key: env[name] for key, name in {**required, **optional}.items() if env.get(name)}
        missing = [name for key, name in required.items() if key not in given]
        if len(missing) < len(required) and missing:
            raise ValueError(f"{app} needs {', '.join(missing)} too")
        if not missing:
            enabled[app] = given
    return enabled


def _rate_limit(name: str, env: dict[str, str], default: str) -> tuple[int, int]:
    """`count/seconds`, as in `20/60`."""
    try:
        count, seconds = (int(part) for part in env.get(name, default).split("/"))
    except ValueError:
        count = seconds = 0
    if count < 1 or seconds < 1:
        raise ValueError(f"{name} must look like {default} (count/seconds)")
    return count, seconds


def _at_least_one(name: str, value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"{name} must be 1 or more")
    return number


def _niceness(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 19:
        raise ValueError("ARCHIVE_NICENESS must be between 0 and 19")
    return number


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}")
    return value


def _action_timeout(env: dict[str, str]) -> float:
    """ACTION_TIMEOUT_SECONDS, which must end before the conversation's lock does."""
    timeout = float(env.get("ACTION_TIMEOUT_SECONDS", "10"))
    lock_lifetime = float(env.get("TICKET_LOCK_LIFETIME", "20"))
    if not 0 < timeout < lock_lifetime:
        raise ValueError("ACTION_TIMEOUT_SECONDS must be above 0 and below TICKET_LOCK_LIFETIME")
    return timeout


def _redis_timeout(env: dict[str, str], action_timeout: float) -> float:
    """REDIS_TIMEOUT_SECONDS, which must end before an action call does."""
    timeout = float(env.get("REDIS_TIMEOUT_SECONDS", "2"))
    if not 0 < timeout < action_timeout:
        raise ValueError("REDIS_TIMEOUT_SECONDS must be above 0 and below ACTION_TIMEOUT_SECONDS")
    return timeout


def _archive_key(configured: str, auth_token: str) -> bytes:
    """ARCHIVE_KEY, or one derived from the API token (stable while the token is)."""
    if configured:
        return configured.encode("utf-8")
    return hmac.new(auth_token.encode("utf-8"), b"archive-sender", hashlib.sha256).digest()
