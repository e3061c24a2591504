"""Configuration from environment variables (documented in the README)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int
    db: int
    password: str | None
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
    redis_url: str | None
    tracker_expiry_seconds: int
    auth_token: str
    auth_token_generated: bool
    cors_origins: tuple[str, ...]
    run_dir: Path
    models_dir: Path
    build_dir: Path
    database_url: str
    cookie_secure: bool
    archive_retention_months: int
    archive_key: bytes

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
        )


def _archive_key(configured: str, auth_token: str) -> bytes:
    """ARCHIVE_KEY, or one derived from the API token (stable while the token is)."""
    if configured:
        return configured.encode("utf-8")
    return hmac.new(auth_token.encode("utf-8"), b"archive-sender", hashlib.sha256).digest()
