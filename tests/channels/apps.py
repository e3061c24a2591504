"""What each platform posts to the assistant's webhooks, signed as the platform signs it
(computed here with hmac and base64, independently of the server's code)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import redis
import requests
from platforms import (
    MESSENGER_APP_SECRET,
    TELEGRAM_SECRET_TOKEN,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_WEBHOOK_URL,
    TWILIO_WHATSAPP_NUMBER,
    Platforms,
)

from console.rasa_api import RasaApi
from launcher.stack import Stack

_update_ids = itertools.count(int(time.time()))


def new_id() -> str:
    return str(uuid.uuid4().int % 10**15)


# --- Messenger ---


def messenger_event(
    psid: str, text: str | None = None, quick_reply: str | None = None, mid: str | None = None
) -> dict[str, Any]:
    """A webhook body with one message of `psid` (text, or a quick reply's payload)."""
    message: dict[str, Any] = {"mid": mid or f"m_{uuid.uuid4().hex}", "text": text or ""}
    if quick_reply:
        message["quick_reply"] = {"payload": quick_reply}
    now = int(time.time() * 1000)
    return {
        "object": "page",
        "entry": [
            {
                "id": "1000001",
                "time": now,
                "messaging": [
                    {
                        "sender": {"id": psid},
                        "recipient": {"id": "1000001"},
                        "timestamp": now,
                        "message": message,
                    }
                ],
            }
        ],
    }


def messenger_signature(body: bytes, secret: str = MESSENGER_APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_messenger(
    stack: Stack, event: dict[str, Any], signature: str | None | bool = True
) -> requests.Response:
    """POST as Meta does; `signature`: True to sign, None for none, or the header."""
    body = json.dumps(event).encode()
    headers = {"Content-Type": "application/json"}
    if signature is True:
        signature = messenger_signature(body)
    if signature:
        headers["X-Hub-Signature-256"] = signature
    return requests.post(
        f"{stack.rasa_url}/webhooks/messenger/webhook", data=body, headers=headers, timeout=60
    )


# --- Telegram ---


def telegram_update(
    chat_id: str,
    text: str | None = None,
    *,
    button: str | None = None,
    location: tuple[float, float] | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """An update: a text, a button pressed (its callback data) or a shared position."""
    chat = {"id": int(chat_id), "first_name": "Alex", "type": "private"}
    message: dict[str, Any] = {
        "message_id": next(_update_ids) % 100000,
        "from": {"id": int(chat_id), "is_bot": False, "first_name": "Alex"},
        "chat": chat,
        "date": int(time.time()),
    }
    update: dict[str, Any] = {"update_id": update_id or next(_update_ids)}
    if button is not None:
        update["callback_query"] = {
            "id": new_id(),
            "from": message["from"],
            "message": {**message, "text": "…"},
            "chat_instance": new_id(),
            "data": button,
        }
    elif location is not None:
        latitude, longitude = location
        update["message"] = {**message, "location": {"latitude": latitude, "longitude": longitude}}
    else:
        update["message"] = {**message, "text": text}
    return update


def post_telegram(
    stack: Stack, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET_TOKEN
) -> requests.Response:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
    return requests.post(
        f"{stack.rasa_url}/webhooks/telegram/webhook", json=update, headers=headers, timeout=60
    )


# --- WhatsApp through Twilio ---


def whatsapp_form(number: str, body: str = "", **extra: str) -> dict[str, str]:
    """The form Twilio posts for a WhatsApp message from `number` (`whatsapp:+33...`)."""
    return {
        "SmsMessageSid": (sid := "SM" + uuid.uuid4().hex),
        "MessageSid": sid,
        "AccountSid": TWILIO_ACCOUNT_SID,
        "From": number,
        "To": "whatsapp:" + TWILIO_WHATSAPP_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "ProfileName": "Alex",
        "WaId": number.removeprefix("whatsapp:+"),
        "ApiVersion": "2010-04-01",
        **extra,
    }


def twilio_signature(
    form: dict[str, str], url: str = TWILIO_WEBHOOK_URL, token: str = TWILIO_AUTH_TOKEN
) -> str:
    """Twilio's: base64 HMAC-SHA1 of the URL followed by each field and value, sorted."""
    signed = url + "".join(key + form[key] for key in sorted(form))
    return base64.b64encode(
        hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()
    ).decode()


def post_whatsapp(
    stack: Stack, form: dict[str, str], signature: str | None | bool = True
) -> requests.Response:
    headers = {}
    if signature is True:
        signature = twilio_signature(form)
    if signature:
        headers["X-Twilio-Signature"] = signature
    return requests.post(
        f"{stack.rasa_url}/webhooks/whatsapp/webhook", data=form, headers=headers, timeout=60
    )


def new_whatsapp_number() -> str:
    return f"whatsapp:+336{uuid.uuid4().int % 10**8:08d}"


def whatsapp_conversation(number: str) -> str:
    """The conversation id of a WhatsApp number: `whatsapp:<digits>`."""
    return number.replace("+", "")


# --- What every platform's tests check ---


def answered_once(
    stack: Stack,
    platforms: Platforms,
    post: Callable[[], requests.Response],
    at: tuple[str, str],
    conversation: str,
) -> None:
    """`post` (a message "bonjour") done twice, as a platform's retry: read once and
    answered once at the stand-in (`at`: platform and recipient)."""
    assert post().status_code == 200
    answers = len(platforms.sent(*at))
    assert answers > 0
    assert post().status_code == 200
    assert len(platforms.sent(*at)) == answers
    assert user_messages(stack, conversation) == ["bonjour"]


def left_no_trace(stack: Stack, platforms: Platforms, at: tuple[str, str], conversation: str):
    """Nothing reached Rasa (no tracker) and nothing was sent to the person."""
    client = redis.Redis.from_url(stack.settings.redis_url)
    assert not client.exists(f"tracker:{conversation}")
    assert platforms.sent(*at) == []


# --- Rasa's HTTP API, as the counsellors' console calls it ---


def post_bot_event(
    stack: Stack,
    conversation: str,
    text: str,
    buttons: list | None = None,
    custom: dict | None = None,
) -> None:
    """A bot message through Rasa's HTTP API to the person's latest channel."""

    async def append() -> None:
        rasa = RasaApi(stack.rasa_url, stack.settings.auth_token)
        try:
            data = {"buttons": buttons} if buttons else {}
            if custom:
                data["custom"] = custom
            await rasa.append(conversation, {"event": "bot", "text": text, "data": data})
        finally:
            await rasa.close()

    asyncio.run(append())


def user_messages(stack: Stack, conversation: str) -> list[str]:
    tracker = asyncio.run(_tracker(stack, conversation))
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


async def _tracker(stack: Stack, conversation: str) -> dict:
    rasa = RasaApi(stack.rasa_url, stack.settings.auth_token)
    try:
        return await rasa.tracker(conversation)
    finally:
        await rasa.close()
