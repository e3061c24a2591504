"""Local stand-ins of the messaging platforms' send APIs (Messenger's Graph API, the
Telegram Bot API, Twilio's Messages API): one real HTTP server that records what the
assistant sends and answers as each platform does. The assistant is pointed at it by the
environment of `settings()`, with test credentials."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from launcher.local_redis import free_port

MESSENGER_VERIFY_TOKEN = "test-verify-token"
MESSENGER_APP_SECRET = "test-app-secret-1f6b2c"
MESSENGER_PAGE_ACCESS_TOKEN = "test-page-access-token"
TELEGRAM_TOKEN = "123456789:test-telegram-token"
TELEGRAM_SECRET_TOKEN = "test-telegram-secret-9c1e"
TELEGRAM_WEBHOOK_URL = "https://assistant.example.org/webhooks/telegram/webhook"
TWILIO_ACCOUNT_SID = "AC" + "0" * 32
TWILIO_AUTH_TOKEN = "test-twilio-auth-token"
TWILIO_WHATSAPP_NUMBER = "+14155238886"
# Twilio signs the public URL it calls, not the local one the tests post to.
TWILIO_WEBHOOK_URL = "https://assistant.example.org/webhooks/whatsapp/webhook"


@dataclass(frozen=True)
class Sent:
    """One call of a platform's API: `method` is the Telegram method, or `messages`."""

    platform: str
    method: str
    recipient: str
    text: str
    body: dict[str, Any]
    query: dict[str, str]
    headers: dict[str, str]

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(title, payload) of quick replies or an inline keyboard."""
        if self.platform == "messenger":
            replies = self.body["message"].get("quick_replies") or []
            return [(reply["title"], reply["payload"]) for reply in replies]
        markup = self.body.get("reply_markup") or {}
        rows = markup.get("inline_keyboard") or []
        return [(button["text"], button["callback_data"]) for row in rows for button in row]


class Platforms:
    """The stand-ins, in a thread of their own; a context manager."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.calls: list[Sent] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None

    def settings(self) -> dict[str, str]:
        """The environment that enables the three apps, pointed at the stand-ins."""
        return {
            "MESSENGER_VERIFY_TOKEN": MESSENGER_VERIFY_TOKEN,
            "MESSENGER_APP_SECRET": MESSENGER_APP_SECRET,
            "MESSENGER_PAGE_ACCESS_TOKEN": MESSENGER_PAGE_ACCESS_TOKEN,
            "MESSENGER_GRAPH_URL": f"{self.url}/graph/v19.0",
            "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET_TOKEN,
            "TELEGRAM_WEBHOOK_URL": TELEGRAM_WEBHOOK_URL,
            "TELEGRAM_API_URL": f"{self.url}/telegram",
            "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
            "TWILIO_WHATSAPP_NUMBER": TWILIO_WHATSAPP_NUMBER,
            "TWILIO_WEBHOOK_URL": TWILIO_WEBHOOK_URL,
            "TWILIO_API_URL": f"{self.url}/twilio",
        }

    def sent(self, platform: str, recipient: str, method: str | None = None) -> list[Sent]:
        """The calls to `platform` about `recipient` (a PSID, chat id or WhatsApp number)."""
        with self._lock:
            return [
                call
                for call in self.calls
                if call.platform == platform
                and call.recipient == recipient
                and method in (None, call.method)
            ]

    def texts(self, platform: str, recipient: str) -> list[str]:
        return [call.text for call in self.sent(platform, recipient) if call.text]

    def wait_for(self, platform: str, recipient: str, count: int, timeout: float = 10) -> None:
        """Until `count` messages went to `recipient` (for what is not sent in reply)."""
        deadline = time.monotonic() + timeout
        while len(self.texts(platform, recipient)) < count:
            assert time.monotonic() < deadline, self.texts(platform, recipient)
            time.sleep(0.05)

    # --- the servers ---

    def __enter__(self) -> Platforms:
        ready = threading.Event()
        threading.Thread(target=self._serve, args=(ready,), daemon=True).start()
        assert ready.wait(10), "the platforms' stand-ins did not start"
        return self

    def __exit__(self, *_: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/graph/v19.0/me/messages", self._messenger)
        app.router.add_post("/telegram/bot{token}/{method}", self._telegram)
        app.router.add_post("/twilio/2010-04-01/Accounts/{sid}/Messages.json", self._twilio)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        self._loop.run_until_complete(site.start())
        ready.set()
        self._loop.run_forever()

    def _record(self, request: web.Request, platform: str, method: str, **fields: Any) -> None:
        call = Sent(
            platform=platform,
            method=method,
            query=dict(request.query),
            headers=dict(request.headers),
            **fields,
        )
        with self._lock:
            self.calls.append(call)

    async def _messenger(self, request: web.Request) -> web.Response:
        body = await request.json()
        recipient = body["recipient"]["id"]
        text = body.get("message", {}).get("text", "")
        self._record(request, "messenger", "messages", recipient=recipient, text=text, body=body)
        return web.json_response({"recipient_id": recipient, "message_id": f"m_{next(self._ids)}"})

    async def _telegram(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TELEGRAM_TOKEN:
            return web.json_response({"ok": False, "error_code": 401}, status=401)
        method = request.match_info["method"]
        body: dict[str, Any] = dict(await request.post())
        for field in ("reply_markup", "allowed_updates"):
            if isinstance(body.get(field), str):
                body[field] = json.loads(body[field])
        recipient, text = str(body.get("chat_id", "")), str(body.get("text", ""))
        self._record(request, "telegram", method, recipient=recipient, text=text, body=body)
        result: Any = True
        if method == "sendMessage":
            result = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(recipient), "type": "private"},
                "text": text,
            }
        return web.json_response({"ok": True, "result": result})

    async def _twilio(self, request: web.Request) -> web.Response:
        body = dict(await request.post())
        self._record(
            request,
            "twilio",
            "messages",
            recipient=body.get("To", ""),
            text=body["Body"],
            body=body,
        )
        sid = f"SM{next(self._ids):032d}"
        return web.json_response({"sid": sid, "status": "queued", **body}, status=201)
