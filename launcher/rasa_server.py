"""Run the Rasa server with its HTTP API enabled and protected by a token.

Started by the launcher as `python -m launcher.rasa_server MODEL ENDPOINTS CREDENTIALS`.
The token comes from the environment, so it never shows in the process list.
"""

from __future__ import annotations

import logging
import sys

from rasa.core.run import serve_application
from rasa.core.utils import AvailableEndpoints
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog
from rasa.utils.tensorflow.environment import setup_tf_environment

from launcher.settings import Settings
from rasa_extensions import paused_crisis, speedups


def main(model: str, endpoints: str, credentials: str) -> None:
    settings = Settings.from_env()
    if settings.auth_token_generated:
        sys.exit("RASA_AUTH_TOKEN must be set: the HTTP API is never left open")
    # INFO at most: Rasa's debug logs contain the messages' text.
    configure_logging_and_warnings(logging.INFO)
    configure_structlog(logging.INFO)
    speedups.apply()
    paused_crisis.apply()
    # Rasa's command line applies TF_*_PARALLELISM_THREADS; serve_application does not.
    setup_tf_environment()
    serve_application(
        model_path=model,
        credentials=credentials,
        endpoints=AvailableEndpoints.read_endpoints(endpoints),
        port=settings.rasa_port,
        cors=list(settings.cors_origins) or None,
        auth_token=settings.auth_token,
        enable_api=True,
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
