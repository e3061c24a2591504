"""Run the Rasa server with its HTTP API enabled and protected by a token.

Started by the launcher as `python -m launcher.rasa_server MODEL ENDPOINTS CREDENTIALS`.
The token comes from the environment, so it never shows in the process list.

This is Rasa's `serve_application`, with the app built first so that the servers'
own routes and middleware (health, metrics, security) can be added to it.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from functools import partial

from rasa.core.run import (
    close_resources,
    configure_app,
    create_http_input_channels,
    load_agent_on_start,
)
from rasa.core.utils import AvailableEndpoints, number_of_sanic_workers
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog
from rasa.utils.tensorflow.environment import setup_tf_environment
from sanic import Sanic

import observability.web
from launcher.settings import Settings
from rasa_extensions import (
    action_fallback,
    paused_crisis,
    security,
    server_observability,
    speedups,
    turn_metrics,
)


def create_app(
    model: str, endpoints: AvailableEndpoints, credentials: str, settings: Settings
) -> Sanic:
    """Rasa's app with the channels of `credentials`, loading `model` at start."""
    app = configure_app(
        create_http_input_channels(None, credentials),
        cors=list(settings.cors_origins) or None,
        auth_token=settings.auth_token,
        enable_api=True,
        port=settings.rasa_port,
        endpoints=endpoints,
    )
    app.register_listener(
        partial(load_agent_on_start, model, endpoints, None), "before_server_start"
    )
    app.register_listener(freeze_loaded_objects, "before_server_start")
    app.register_listener(close_resources, "after_server_stop")
    security.install(app, settings)
    observability.web.install(
        app,
        "rasa",
        ready_checks=server_observability.ready_checks(
            app, settings.redis_url, settings.redis_timeout_seconds
        ),
    )
    return app


async def freeze_loaded_objects(*_: object) -> None:
    """Keep the loaded model's objects out of the garbage collector's way.

    They live as long as the server, and there are about 800,000 of them: a full
    collection went through them all, taking about 0.9 s, during which no turn moved.
    """
    gc.collect()
    gc.freeze()


def main(model: str, endpoints_file: str, credentials: str) -> None:
    settings = Settings.from_env()
    if settings.auth_token_generated:
        sys.exit("RASA_AUTH_TOKEN must be set: the HTTP API is never left open")
    # INFO at most: Rasa's debug logs contain the messages' text.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)
    # Right after Rasa's: JSON (or text) lines, structlog's events by name only.
    server_observability.configure_logs(settings.log_format)
    speedups.apply()
    paused_crisis.apply()
    turn_metrics.apply()
    action_fallback.apply(settings.action_timeout_seconds)
    # Rasa's command line applies TF_*_PARALLELISM_THREADS; serve_application does not.
    setup_tf_environment()
    endpoints = AvailableEndpoints.read_endpoints(endpoints_file)
    app = create_app(model, endpoints, credentials, settings)
    app.run(
        host="0.0.0.0",
        port=settings.rasa_port,
        backlog=int(os.environ.get("SANIC_BACKLOG", "100")),
        workers=number_of_sanic_workers(endpoints.lock_store),
        access_log=False,
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
