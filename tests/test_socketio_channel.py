"""The widget channel's logic, without a server: session ids, payloads, replay, dedup."""

from __future__ import annotations

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_extensions.rest_channel import BadRequest
from rasa_extensions.socketio_channel import (
    SessionSigner,
    missed_messages,
    parse_payload,
    phone_numbers,
    was_received,
    widget_message,
)


def test_only_ids_signed_with_the_secret_are_accepted():
    signer = SessionSigner("secret")
    sender, token = signer.new()
    assert signer.verify(token) == sender
    assert SessionSigner("other secret").verify(token) is None
    for forged in [sender, f"{sender}.", f"{sender}.{'0' * 32}", f"x.{token}", "", None, 42]:
        assert signer.verify(forged) is None
    assert signer.new()[0] != sender


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (None, "object"),
        ("bonjour", "object"),
        ({}, "message"),
        ({"message": ["a"]}, "message"),
        ({"message": "a", "message_id": 12}, "message_id"),
        ({"message": "a", "message_id": "a b"}, "message_id"),
        ({"message": "a", "message_id": ""}, "message_id"),
    ],
)
def test_malformed_payloads_are_refused_with_the_reason(payload, reason):
    with pytest.raises(BadRequest, match=reason):
        parse_payload(payload)


def test_a_good_payload():
    assert parse_payload({"message": "bonjour", "message_id": "Ab_9-x"}) == ("bonjour", "Ab_9-x")
    assert parse_payload({"message": ""}) == ("", None)


def test_a_bot_message_is_sent_whole_with_its_timestamp_as_id():
    message = {
        "text": "Voulez-vous ?",
        "timestamp": 12.5,
        "buttons": [{"title": "Oui", "payload": "/affirm", "type": "postback"}],
        "custom": {"type": "sites", "sites": []},
        "image": None,
        "elements": None,
    }
    assert widget_message(message) == {
        "id": 12.5,
        "text": "Voulez-vous ?",
        "buttons": [{"title": "Oui", "payload": "/affirm"}],
        "custom": {"type": "sites", "sites": []},
    }


def conversation() -> DialogueStateTracker:
    events = [
        ActionExecuted("action_listen"),
        UserUttered("bonjour", message_id="m1", timestamp=1.0),
        BotUttered("un", timestamp=2.0),
        BotUttered("deux", timestamp=3.0),
        UserUttered("merci", message_id="m2", timestamp=4.0),
        BotUttered("trois", timestamp=5.0),
    ]
    return DialogueStateTracker.from_events("someone", events)


@pytest.mark.parametrize(
    ("last_seen", "expected"),
    [
        (None, ["un", "deux", "trois"]),
        (2.0, ["deux", "trois"]),
        (5.0, []),
        (3.5, ["trois"]),  # an id this tracker does not have: by time
        ("junk", []),
    ],
)
def test_the_messages_missed_after_the_last_one_seen(last_seen, expected):
    missed = missed_messages(conversation(), last_seen)
    assert [message["text"] for message in missed] == expected


def test_a_message_already_received_is_recognised_by_its_client_id():
    tracker = conversation()
    assert was_received(tracker, "m2") and not was_received(tracker, "m3")
    assert not was_received(None, "m1") and missed_messages(None, None) == []


def test_the_numbers_come_from_the_resources_with_sms_for_the_114():
    numbers = {entry["id"]: entry for entry in phone_numbers()}
    assert numbers["sms_emergency"]["href"] == "sms:114" and numbers["sms_emergency"]["urgent"]
    assert numbers["victims_helpline"] == {
        "id": "victims_helpline",
        "number": "116 006",
        "href": "tel:116006",
        "sms": False,
        "urgent": False,
    }
