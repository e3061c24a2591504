"""Run the action server: rasa_sdk's app with health, readiness, metrics and JSON logs.

Started as `python -m launcher.action_server`, on ACTION_PORT. This is what rasa_sdk's
`run` does (its app, its plugins, its workers), with `observability` installed: rasa_sdk's
own `GET /health`, `GET /ready` (Redis answers, with REDIS_URL) and `GET /metrics`, which
has each custom action's time by action name.
"""

from __future__ import annotations

import time
from typing import Any

import redis.asyncio as redis
from rasa_sdk import utils
from rasa_sdk.endpoint import create_app as create_sdk_app
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic

from launcher.settings import Settings
from observability import logs, web
from observability.metrics import ACTION_SECONDS, ERRORS, UNKNOWN
from observability.readiness import redis_check

ACTIONS_PACKAGE = "actions"
KEEP_ALIVE_SECONDS = 30

_original_run = ActionExecutor.run


async def _timed_run(self: ActionExecutor, action_call: dict[str, Any]) -> Any:
    """rasa_sdk's `ActionExecutor.run`, timed by action name (a registered one only)."""
    name = action_call.get("next_action")
    label = name if name in self.actions else UNKNOWN
    start = time.perf_counter()
    try:
        return await _original_run(self, action_call)
    except ActionExecutionRejection:
        raise
    except Exception:
        ERRORS.labels("actions", "action_failed").inc()
        raise
    finally:
        ACTION_SECONDS.labels(label).observe(time.perf_counter() - start)


def create_app(settings: Settings) -> Sanic:
    """rasa_sdk's app with its plugins and `observability`; no CORS (Rasa calls it)."""
    ActionExecutor.run = _timed_run  # type: ignore[method-assign]
    app = create_sdk_app(ACTIONS_PACKAGE, cors_origins=None)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    checks = []
    if settings.redis_url:
        timeout = settings.redis_timeout_seconds
        client = redis.Redis.from_url(settings.redis_url, socket_timeout=timeout)
        checks.append(redis_check(client))
    web.install(app, "actions", ready_checks=checks)
    # Longer than Rasa's client keeps an idle connection (aiohttp: 15 s): with Sanic's
    # 5 s, Rasa reused connections the server had just closed, and an action failed.
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_SECONDS
    return app


def main() -> None:
    settings = Settings.from_env()
    logs.configure("actions", settings.log_format)
    app = create_app(settings)
    app.run(
        host="0.0.0.0",
        port=settings.action_port,
        workers=utils.number_of_sanic_workers(),
        access_log=False,
    )


if __name__ == "__main__":
    main()
