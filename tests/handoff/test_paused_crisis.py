"""A paused conversation (waiting for or talking to a counsellor): the bot stays silent,
except for a crisis, which is answered at once."""

from __future__ import annotations

import requests
import yaml
from helpers import new_sender, send, texts

from launcher.settings import ROOT
from launcher.stack import Stack
from rasa_extensions.paused_crisis import CRISIS_RESPONSES


def test_the_paused_crisis_responses_are_those_of_the_crisis_rules():
    rules = yaml.safe_load((ROOT / "bot" / "data" / "rules.yml").read_text(encoding="utf-8"))
    for rule in rules["rules"]:
        steps = rule["steps"]
        intent = steps[0].get("intent")
        if intent in CRISIS_RESPONSES:
            actions = [s["action"] for s in steps[1:] if s["action"] != "utter_offer_human"]
            assert tuple(actions) == CRISIS_RESPONSES[intent]


def pause(stack: Stack, sender: str) -> None:
    reply = requests.post(
        f"{stack.rasa_url}/conversations/{sender}/tracker/events",
        params={"token": stack.settings.auth_token},
        json={"event": "pause"},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text


def test_a_paused_conversation_gets_no_bot_answer_but_a_crisis_does(stack: Stack):
    sender = new_sender()
    send(stack, "on m'a volé mon sac", sender)
    pause(stack, sender)
    assert send(stack, "vous êtes là ?", sender) == []
    danger = texts(send(stack, "il revient, il a un couteau, au secours", sender))
    assert all(number in danger for number in ("17", "112", "114"))
    assert "mettre en relation" not in danger
    assert "3114" in texts(send(stack, "je veux en finir avec la vie", sender))
