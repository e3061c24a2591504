"""Rendering pages: Jinja2 templates (always autoescaped) and the filters they use."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import HTTPResponse, Request
from sanic.response import html, text

from console import formatting, labels

TEMPLATES = Path(__file__).with_name("templates")
# Sent by the pages' script with the CSRF token; its answers are read as plain text.
CSRF_HEADER = "X-CSRF-Token"

templates = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters.update(
    clock=formatting.clock,
    duration=formatting.duration,
    iso=formatting.iso,
    date_time=formatting.date_time,
    percent=formatting.percent,
    situation=labels.situation,
    reason=labels.reason,
    channel=labels.channel,
    speaker=lambda code: labels.SPEAKERS.get(code, code),
    action=labels.action,
    role=lambda code: labels.ROLES.get(code, code),
    path_segment=lambda value: quote(str(value), safe=""),
    link=lambda path, params, **more: _link(path, {**params, **more}),
)


def fragment(name: str, **context: Any) -> str:
    return templates.get_template(name).render(**context)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTTPResponse:
    """A full page, with who is signed in and their CSRF token for its forms."""
    session = getattr(request.ctx, "session", None)
    context.setdefault("account", getattr(request.ctx, "account", None))
    context.setdefault("csrf_token", session.csrf_token if session else "")
    return html(fragment(name, **context), status=status)


def message_page(request: Request, status: int, title: str, text: str) -> HTTPResponse:
    """A page that only says something: an error, a refusal, a conflict."""
    return page(request, "message.html", status=status, title=title, text=text)


def query_args(request: Request) -> dict[str, str]:
    """The query string's parameters, the last value of each."""
    return dict(request.query_args)


def fetched(request: Request) -> bool:
    """Sent by the page's script (which shows an answer's text itself), not by a form."""
    return CSRF_HEADER in request.headers


def answer(request: Request, status: int, title: str, explanation: str) -> HTTPResponse:
    """`explanation` as plain text to the page's script, as a page to a form."""
    if fetched(request):
        return text(explanation, status=status)
    return message_page(request, status, title, explanation)


def _link(path: str, params: dict[str, Any]) -> str:
    """`path | link(params, page=2)`: the path with its query string, if any."""
    return f"{path}?{urlencode(params)}" if params else path
