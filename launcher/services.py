"""The command line of each service, shared by the local stack and `launcher serve`."""

from __future__ import annotations

from launcher.endpoints import write_credentials, write_endpoints
from launcher.model import ensure_model
from launcher.settings import Settings

SERVICES = ("rasa", "actions", "console", "archive")


def python_arguments(service: str, settings: Settings) -> list[str]:
    """What follows `python` to run `service`; for Rasa, the model (trained first if
    there is none for the current data) and its configuration files are prepared."""
    if service == "rasa":
        files = (ensure_model(settings), write_endpoints(settings), write_credentials(settings))
        return ["-m", "launcher.rasa_server", *map(str, files)]
    if service == "actions":
        return ["-m", "launcher.action_server"]
    if service in ("console", "archive"):
        return ["-m", service, "serve"]
    raise ValueError(f"unknown service {service!r}: one of {', '.join(SERVICES)}")
