"""The console's Sanic app, wired to Redis, the database and Rasa from the settings."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sanic import HTTPResponse, Request, Sanic
from sanic.response import text

from archive.recorder import sender_hash
from console.accounts import Accounts
from console.actions import CounsellorActions
from console.database import connect
from console.errors import error_page
from console.guard import same_origin, secure_headers
from console.monitoring import install as install_monitoring
from console.rasa_api import RasaApi
from console.sessions import Sessions
from console.throttle import LoginThrottle
from console.views import admin, auth, conversation, queue, review
from handoff.store import HandoffStore
from launcher.settings import Settings
from resources.catalog import default_catalog

STATIC = Path(__file__).with_name("static")


def create_app(settings: Settings, name: str = "console") -> Sanic:
    if not settings.redis_url:
        raise ValueError("The console needs Redis: set REDIS_URL.")
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.RESPONSE_TIMEOUT = 24 * 3600  # the live streams stay open
    app.config.GRACEFUL_SHUTDOWN_TIMEOUT = 2  # ... so do not wait for them to end
    app.ctx.settings = settings
    app.ctx.catalog = default_catalog()
    # One database: the accounts and audit log, and the archive that staff review.
    app.ctx.archive = connect(settings.database_url)
    app.ctx.accounts = Accounts(app.ctx.archive)

    @app.before_server_start
    async def open_connections(app: Sanic, _: object) -> None:
        app.ctx.store = HandoffStore.from_url(
            settings.redis_url, timeout_seconds=settings.redis_timeout_seconds
        )
        app.ctx.sessions = Sessions(app.ctx.store.client)
        app.ctx.throttle = LoginThrottle(app.ctx.store.client)
        app.ctx.rasa = RasaApi(settings.rasa_url, settings.auth_token)
        app.ctx.actions = CounsellorActions(
            app.ctx.store,
            app.ctx.rasa,
            app.ctx.accounts,
            partial(sender_hash, settings.archive_key),
        )

    @app.after_server_stop
    async def close_connections(app: Sanic, _: object) -> None:
        await app.ctx.rasa.close()
        await app.ctx.store.close()

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return text("ok")

    app.error_handler.add(Exception, error_page)
    app.register_middleware(same_origin, "request")
    app.register_middleware(secure_headers, "response")
    app.static("/static", STATIC, name="static")
    for area in (auth, queue, conversation, admin, review):
        app.blueprint(area.bp)
    install_monitoring(app)
    return app
