"""Errors as pages in French, never Sanic's English defaults."""

from __future__ import annotations

import logging

from sanic import HTTPResponse, Request
from sanic.exceptions import NotFound, SanicException

from console.live import REDIS_ERRORS
from console.web import answer

logger = logging.getLogger(__name__)


def error_page(request: Request, error: Exception) -> HTTPResponse:
    if isinstance(error, NotFound):
        return answer(request, 404, "Page introuvable", "Cette page n'existe pas, ou plus.")
    if isinstance(error, REDIS_ERRORS):
        logger.warning("Redis unreachable: %s", type(error).__name__)
        return answer(
            request,
            503,
            "Console indisponible",
            "La console ne joint plus sa base de données. Réessayez dans un instant.",
        )
    status = error.status_code if isinstance(error, SanicException) else 500
    if status >= 500:
        # The route's name, not the path: a path may hold a conversation's (sender's) id.
        logger.exception("Error while answering %s %s", request.method, request.name)
    return answer(
        request,
        status,
        "Une erreur est survenue",
        "La demande n'a pas abouti. Réessayez ; si cela se reproduit, prévenez un administrateur.",
    )
