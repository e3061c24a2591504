"""Telegram against the real running assistant: updates signed with the secret token,
answers read at the local stand-in of the Bot API."""

from __future__ import annotations

import asyncio
from functools import partial

from apps import (
    answered_once,
    left_no_trace,
    new_id,
    post_bot_event,
    post_telegram,
    telegram_update,
)
from platforms import TELEGRAM_SECRET_TOKEN, TELEGRAM_WEBHOOK_URL, Platforms

from console.actions import counsellor_message
from console.rasa_api import RasaApi
from handoff.store import HandoffStore
from launcher.stack import Stack

CRISIS = "aidez moi il est derrière la porte il va me tuer"
SITUATION = "mon copain me frappe quand il a bu et il m'a pris ma carte bancaire"


def test_the_webhook_is_registered_at_start_with_the_secret_token(
    stack: Stack, platforms: Platforms
):
    (call,) = [c for c in platforms.calls if c.platform == "telegram" and c.method == "setWebhook"]
    assert call.body["url"] == TELEGRAM_WEBHOOK_URL
    assert call.body["secret_token"] == TELEGRAM_SECRET_TOKEN
    assert call.body["allowed_updates"] == ["message", "callback_query"]


def test_a_crisis_is_answered_first_with_the_numbers_in_plain_text(
    stack: Stack, platforms: Platforms
):
    chat = new_id()
    assert post_telegram(stack, telegram_update(chat, CRISIS)).status_code == 200
    first, *_ = platforms.sent("telegram", chat, "sendMessage")
    assert all(number in first.text for number in ("17", "112", "114"))
    assert "parse_mode" not in first.body  # plain text: nothing is formatted or hidden


def test_buttons_are_an_inline_keyboard_and_pressing_one_sends_its_payload(
    stack: Stack, platforms: Platforms
):
    chat = new_id()
    post_telegram(stack, telegram_update(chat, SITUATION))
    offer = platforms.sent("telegram", chat, "sendMessage")[-1]
    assert "près de chez vous" in offer.text
    assert ("Oui, près de chez moi", "/find_nearby_help") in offer.buttons
    assert "1." not in offer.text  # titles on the keys, not numbered in the text
    press = telegram_update(chat, button="/find_nearby_help")
    post_telegram(stack, press)
    (answered,) = platforms.sent("telegram", "", "answerCallbackQuery")[-1:]
    assert answered.body["callback_query_id"] == press["callback_query"]["id"]
    assert "quelle ville" in platforms.texts("telegram", chat)[-1]


def test_a_shared_position_gets_the_nearest_sites_as_text(stack: Stack, platforms: Platforms):
    chat = new_id()
    post_telegram(stack, telegram_update(chat, location=(45.7719, 4.8902)))  # Villeurbanne
    (sites,) = [t for t in platforms.texts("telegram", chat) if "les plus proches" in t]
    assert "Villeurbanne" in sites and " km" in sites and "tél." in sites


def test_a_payload_too_long_for_a_button_is_kept_and_found_again(
    stack: Stack, platforms: Platforms
):
    chat = new_id()
    post_telegram(stack, telegram_update(chat, "bonjour"))
    payload = '/inform_location{"place": "Saint-Étienne-du-Rouvray", "departement": "76"}'
    assert len(payload.encode()) > 64
    post_bot_event(stack, f"telegram:{chat}", "Où ?", [{"title": "Ici", "payload": payload}])
    ((title, data),) = platforms.sent("telegram", chat, "sendMessage")[-1].buttons
    assert title == "Ici" and data.startswith("#") and len(data.encode()) <= 64
    post_telegram(stack, telegram_update(chat, button=data))
    assert "Saint-Étienne-du-Rouvray" in platforms.texts("telegram", chat)[-1]


def test_unsigned_or_forged_updates_are_refused_and_reach_nothing(
    stack: Stack, platforms: Platforms
):
    chat = new_id()
    update = telegram_update(chat, "bonjour")
    assert post_telegram(stack, update, secret=None).status_code == 401
    assert post_telegram(stack, update, secret="not-the-secret").status_code == 403
    assert post_telegram(stack, update, secret=TELEGRAM_SECRET_TOKEN + "x").status_code == 403
    left_no_trace(stack, platforms, ("telegram", chat), f"telegram:{chat}")


def test_an_update_sent_again_is_answered_once(stack: Stack, platforms: Platforms):
    chat = new_id()
    post = partial(post_telegram, stack, telegram_update(chat, "bonjour"))
    answered_once(stack, platforms, post, ("telegram", chat), f"telegram:{chat}")


def test_group_chats_and_edits_are_ignored(stack: Stack, platforms: Platforms):
    chat = new_id()
    group = telegram_update(chat, "bonjour")
    group["message"]["chat"]["type"] = "group"
    edit = telegram_update(chat, "bonjour")
    edit["edited_message"] = edit.pop("message")
    assert post_telegram(stack, group).status_code == 200
    assert post_telegram(stack, edit).status_code == 200
    assert platforms.sent("telegram", chat) == []


def test_a_counsellors_long_message_is_split_under_4096_characters(
    stack: Stack, platforms: Platforms
):
    chat = new_id()
    post_telegram(stack, telegram_update(chat, "bonjour"))
    before = len(platforms.texts("telegram", chat))
    long_text = " ".join(["Vous pouvez appeler le 116 006 à tout moment."] * 200)  # ~9,400
    post_bot_event(stack, f"telegram:{chat}", long_text)
    parts = platforms.texts("telegram", chat)[before:]
    assert len(parts) == 3 and all(len(part) <= 4096 for part in parts)
    assert " ".join(parts) == long_text


async def test_a_handoff_round_trip_on_telegram(stack: Stack, platforms: Platforms):
    """The person asks for a human on Telegram; a counsellor takes the conversation and
    writes through Rasa's HTTP API with output_channel=latest, as the console does; the
    bot stays silent meanwhile, then answers again after the end."""
    chat, conversation = new_id(), None
    conversation = f"telegram:{chat}"
    store = HandoffStore.from_url(stack.settings.redis_url)
    rasa = RasaApi(stack.rasa_url, stack.settings.auth_token)
    try:
        await store.heartbeat("test-telegram-counsellor")
        await say(stack, chat, "je veux parler à un conseiller")
        assert "Vous êtes en position" in " ".join(platforms.texts("telegram", chat))
        ticket = await store.claim(conversation, "test-telegram-counsellor")
        assert ticket is not None and ticket.channel == "telegram"
        await rasa.execute(conversation, "utter_handoff_connected")
        assert "est avec vous" in platforms.texts("telegram", chat)[-1]

        await rasa.append(conversation, counsellor_message("Je vous écoute.", "Camille"))
        assert platforms.texts("telegram", chat)[-1] == (
            "Camille, de France Victimes :\nJe vous écoute."
        )
        before = len(platforms.texts("telegram", chat))
        await say(stack, chat, "merci, il m'a encore menacée hier")
        assert len(platforms.texts("telegram", chat)) == before  # the bot is paused

        await rasa.append(conversation, {"event": "resume"})
        await store.end(conversation, "test-telegram-counsellor")
        await rasa.execute(conversation, "utter_handoff_ended")
        assert "est terminée" in platforms.texts("telegram", chat)[-1]
        await say(stack, chat, "on m'a volé mon téléphone")
        assert len(platforms.texts("telegram", chat)) > before + 1  # the bot answers again
    finally:
        await store.sign_off("test-telegram-counsellor")
        await store.close()
        await rasa.close()


async def say(stack: Stack, chat: str, text: str) -> None:
    reply = await asyncio.to_thread(post_telegram, stack, telegram_update(chat, text))
    assert reply.status_code == 200


def test_no_secret_nor_message_text_is_logged(stack: Stack, platforms: Platforms):
    log = (stack.settings.run_dir / "services.log").read_text(encoding="utf-8", errors="replace")
    secrets = [value for value in platforms.settings().values() if "://" not in value]
    for text in [*secrets, CRISIS, SITUATION, "il m'a encore menacée", "Je vous écoute"]:
        assert text not in log
