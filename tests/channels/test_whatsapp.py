"""WhatsApp through Twilio against the real running assistant: forms signed with
X-Twilio-Signature for the public URL, answers read at the local stand-in of Twilio's
Messages API."""

from __future__ import annotations

import base64
from functools import partial

import redis
from apps import (
    answered_once,
    left_no_trace,
    new_whatsapp_number,
    post_bot_event,
    post_whatsapp,
    twilio_signature,
    user_messages,
    whatsapp_conversation,
    whatsapp_form,
)
from platforms import TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_NUMBER, Platforms

from launcher.stack import Stack


def test_a_crisis_is_answered_with_plain_numbers_and_choices_are_numbered(
    stack: Stack, platforms: Platforms
):
    number = new_whatsapp_number()
    form = whatsapp_form(number, "aidez moi il est derrière la porte il va me tuer")
    reply = post_whatsapp(stack, form)
    assert reply.status_code == 200 and "<Response>" in reply.text
    first, *_, offer = platforms.sent("twilio", number)
    assert all(n in first.text for n in ("17", "112", "114"))
    assert first.body["From"] == "whatsapp:" + TWILIO_WHATSAPP_NUMBER
    auth = base64.b64encode(f"{TWILIO_ACCOUNT_SID}:{TWILIO_AUTH_TOKEN}".encode()).decode()
    assert first.headers["Authorization"] == f"Basic {auth}"
    assert "1. Oui, parler à une personne\n2. Non merci\nRépondez avec le numéro" in offer.text
    post_whatsapp(stack, whatsapp_form(number, "2"))
    assert user_messages(stack, whatsapp_conversation(number))[-1] == "/deny"


def test_a_shared_position_gets_sites_as_text_with_address_distance_and_phone(
    stack: Stack, platforms: Platforms
):
    number = new_whatsapp_number()
    form = whatsapp_form(number, Latitude="43.2965", Longitude="5.3698")  # Marseille
    post_whatsapp(stack, form)
    (sites,) = [t for t in platforms.texts("twilio", number) if "les plus proches" in t]
    assert "Marseille" in sites and " km" in sites and "tél." in sites


def test_unsigned_or_forged_forms_are_refused_and_reach_nothing(stack: Stack, platforms: Platforms):
    number = new_whatsapp_number()
    form = whatsapp_form(number, "bonjour")
    assert post_whatsapp(stack, form, signature=None).status_code == 401
    forged = [
        twilio_signature(form, token="another-auth-token"),
        twilio_signature(form, url=f"{stack.rasa_url}/webhooks/whatsapp/webhook"),  # not public
        twilio_signature({**form, "Body": "autre chose"}),  # signed, another body
    ]
    for signature in forged:
        assert post_whatsapp(stack, form, signature=signature).status_code == 403
    left_no_trace(stack, platforms, ("twilio", number), whatsapp_conversation(number))


def test_a_message_sent_again_is_answered_once(stack: Stack, platforms: Platforms):
    number = new_whatsapp_number()
    post = partial(post_whatsapp, stack, whatsapp_form(number, "bonjour"))
    answered_once(stack, platforms, post, ("twilio", number), whatsapp_conversation(number))


def test_a_sender_over_the_rate_limit_is_told_once_and_not_read(stack: Stack, platforms: Platforms):
    number = new_whatsapp_number()  # the tests' limit: 6 messages a minute
    for n in range(9):
        assert post_whatsapp(stack, whatsapp_form(number, f"bonjour {n}")).status_code == 200
    assert user_messages(stack, whatsapp_conversation(number)) == [f"bonjour {n}" for n in range(6)]
    told = [t for t in platforms.texts("twilio", number) if "beaucoup de messages" in t]
    assert len(told) == 1 and "112" in told[0]


def test_a_crisis_over_the_rate_limit_still_gets_the_emergency_numbers(
    stack: Stack, platforms: Platforms
):
    number = new_whatsapp_number()
    for n in range(7):
        post_whatsapp(stack, whatsapp_form(number, f"bonjour {n}"))
    before = len(platforms.texts("twilio", number))
    post_whatsapp(stack, whatsapp_form(number, "je veux en finir, j'ai envie de mourir"))
    (answer,) = platforms.texts("twilio", number)[before:]
    assert all(emergency in answer for emergency in ("17", "112", "114", "3114", "119"))
    assert len(user_messages(stack, whatsapp_conversation(number))) == 6  # still not read


def test_a_photo_without_text_gets_a_kind_answer(stack: Stack, platforms: Platforms):
    number = new_whatsapp_number()
    photo = whatsapp_form(number, NumMedia="1", MediaContentType0="image/jpeg")
    photo["MediaUrl0"] = "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME"
    post_whatsapp(stack, photo)
    (answer,) = platforms.texts("twilio", number)
    assert "que les messages écrits" in answer
    assert not redis.Redis.from_url(stack.settings.redis_url).exists(
        f"tracker:{whatsapp_conversation(number)}"
    )


def test_a_counsellors_long_message_is_split_under_1600_characters(
    stack: Stack, platforms: Platforms
):
    number = new_whatsapp_number()
    post_whatsapp(stack, whatsapp_form(number, "bonjour"))
    before = len(platforms.texts("twilio", number))
    long_text = "Appelez le 116 006 ou le 01 41 83 42 00 quand vous le souhaitez. " * 60
    post_bot_event(stack, whatsapp_conversation(number), long_text)
    parts = platforms.texts("twilio", number)[before:]
    assert len(parts) >= 3 and all(len(part) <= 1600 for part in parts)
    assert " ".join(parts) == long_text.strip()
