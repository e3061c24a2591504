"""Facebook Messenger against the real running assistant: webhook events signed with
X-Hub-Signature-256, answers read at the local stand-in of the Graph API."""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import partial

import requests
from apps import (
    answered_once,
    left_no_trace,
    messenger_event,
    messenger_signature,
    new_id,
    post_bot_event,
    post_messenger,
)
from platforms import (
    MESSENGER_APP_SECRET,
    MESSENGER_PAGE_ACCESS_TOKEN,
    MESSENGER_VERIFY_TOKEN,
    Platforms,
)

from launcher.stack import Stack


def test_the_subscription_is_verified_with_the_verify_token(stack: Stack):
    url = f"{stack.rasa_url}/webhooks/messenger/webhook"
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    good = requests.get(
        url, params={**query, "hub.verify_token": MESSENGER_VERIFY_TOKEN}, timeout=30
    )
    assert (good.status_code, good.text) == (200, "1158201444")
    bad = requests.get(url, params={**query, "hub.verify_token": "guess"}, timeout=30)
    assert bad.status_code == 403 and "1158201444" not in bad.text


def test_a_crisis_is_answered_first_then_long_titles_are_numbered_choices(
    stack: Stack, platforms: Platforms
):
    psid = new_id()
    event = messenger_event(psid, "aidez moi il est derrière la porte il va me tuer")
    assert post_messenger(stack, event).status_code == 200
    first, *_, offer = platforms.sent("messenger", psid)
    assert all(number in first.text for number in ("17", "112", "114"))
    assert first.buttons == [] and first.query["access_token"] == MESSENGER_PAGE_ACCESS_TOKEN
    # "Oui, parler à une personne" is longer than a quick reply's 20 characters.
    assert "1. Oui, parler à une personne\n2. Non merci" in offer.text
    assert offer.buttons == [("1", "/request_human"), ("2", "/deny")]


def test_short_titles_are_quick_replies_and_a_tap_sends_the_payload(
    stack: Stack, platforms: Platforms
):
    psid = new_id()
    post_messenger(stack, messenger_event(psid, "bonjour"))
    buttons = [
        {"title": "Oui", "payload": "/find_nearby_help"},
        {"title": "Non", "payload": "/deny"},
    ]
    post_bot_event(stack, f"messenger:{psid}", "On cherche près de chez vous ?", buttons)
    offer = platforms.sent("messenger", psid)[-1]
    assert offer.text == "On cherche près de chez vous ?"
    assert offer.buttons == [("Oui", "/find_nearby_help"), ("Non", "/deny")]
    post_messenger(stack, messenger_event(psid, "Oui", quick_reply="/find_nearby_help"))
    assert "quelle ville" in platforms.texts("messenger", psid)[-1]


def test_sites_are_text_with_address_distance_and_phone(stack: Stack, platforms: Platforms):
    psid = new_id()
    text = "je cherche une association d'aide aux victimes à Villeurbanne"
    post_messenger(stack, messenger_event(psid, text))
    (sites,) = [t for t in platforms.texts("messenger", psid) if "les plus proches" in t]
    first_site = sites.splitlines()[1]
    assert first_site.startswith("1. ") and " km" in first_site and "tél." in first_site
    assert all(len(t) <= 2000 for t in platforms.texts("messenger", psid))


def test_unsigned_or_forged_events_are_refused_and_reach_nothing(
    stack: Stack, platforms: Platforms
):
    psid = new_id()
    event = messenger_event(psid, "bonjour")
    body = json.dumps(event).encode()
    sha1 = "sha1=" + hmac.new(MESSENGER_APP_SECRET.encode(), body, hashlib.sha1).hexdigest()
    tampered = json.dumps(messenger_event(psid, "bonjour à tous")).encode()
    assert post_messenger(stack, event, signature=None).status_code == 401
    refused = [
        messenger_signature(body, "another-app-secret"),
        messenger_signature(tampered),  # signed, but for another body
        sha1,  # the old SHA-1 signature, in the SHA-256 header
        "sha256=" + "0" * 64,
    ]
    for signature in refused:
        assert post_messenger(stack, event, signature=signature).status_code == 403
    only_sha1 = requests.post(
        f"{stack.rasa_url}/webhooks/messenger/webhook",
        data=body,
        headers={"X-Hub-Signature": sha1, "Content-Type": "application/json"},
        timeout=30,
    )
    assert only_sha1.status_code == 401
    left_no_trace(stack, platforms, ("messenger", psid), f"messenger:{psid}")


def test_an_event_delivered_again_is_answered_once(stack: Stack, platforms: Platforms):
    psid = new_id()
    event = messenger_event(psid, "bonjour")
    post = partial(post_messenger, stack, event)
    answered_once(stack, platforms, post, ("messenger", psid), f"messenger:{psid}")


def test_the_pages_own_echoes_are_ignored(stack: Stack, platforms: Platforms):
    psid = new_id()
    echo = messenger_event(psid, "un message de la page")
    echo["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    assert post_messenger(stack, echo).status_code == 200
    assert platforms.sent("messenger", psid) == []


def test_a_counsellors_long_message_is_split_under_2000_characters(
    stack: Stack, platforms: Platforms
):
    psid = new_id()
    post_messenger(stack, messenger_event(psid, "bonjour"))
    before = len(platforms.texts("messenger", psid))
    long_text = "\n\n".join(["Le 116 006 vous écoute, gratuitement, tous les jours. " * 9] * 6)
    post_bot_event(stack, f"messenger:{psid}", long_text)
    parts = platforms.texts("messenger", psid)[before:]
    assert len(parts) > 1 and all(len(part) <= 2000 for part in parts)
    assert "".join(parts).replace("\n", "").replace(" ", "") == long_text.replace("\n", "").replace(
        " ", ""
    )


def test_a_counsellors_message_is_signed_and_tagged_as_a_human_agents(
    stack: Stack, platforms: Platforms
):
    psid = new_id()
    post_messenger(stack, messenger_event(psid, "bonjour"))
    answers = platforms.sent("messenger", psid)
    assert {call.body["messaging_type"] for call in answers} == {"RESPONSE"}
    counsellor = {"type": "counsellor", "name": "Camille"}
    post_bot_event(stack, f"messenger:{psid}", "Je suis là, je vous lis.", custom=counsellor)
    (sent,) = platforms.sent("messenger", psid)[len(answers) :]
    assert sent.text == "Camille, de France Victimes :\nJe suis là, je vous lis."
    assert (sent.body["messaging_type"], sent.body["tag"]) == ("MESSAGE_TAG", "HUMAN_AGENT")
