"""Rasa events as the event broker publishes them (event dicts with their `sender_id`),
to feed the archive in tests."""

from __future__ import annotations

from typing import Any

Event = dict[str, Any]


def session_started(sender: str, at: float) -> Event:
    return {"sender_id": sender, "event": "session_started", "timestamp": at}


def user(
    sender: str, at: float, text: str, intent: str, confidence: float = 0.93, channel: str = "rest"
) -> Event:
    return {
        "sender_id": sender,
        "event": "user",
        "timestamp": at,
        "text": text,
        "input_channel": channel,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": []},
    }


def bot(sender: str, at: float, text: str, custom: dict[str, Any] | None = None) -> Event:
    data = {"custom": custom} if custom else {}
    return {"sender_id": sender, "event": "bot", "timestamp": at, "text": text, "data": data}


def counsellor(sender: str, at: float, text: str, name: str = "Camille") -> Event:
    return bot(sender, at, text, {"type": "counsellor", "name": name})


def sites(sender: str, at: float, departement: str, *site_ids: str) -> Event:
    payload = {
        "type": "sites",
        "query": {"insee_code": "69266", "commune": "Villeurbanne", "departement": departement},
        "sites": [{"site_id": site_id} for site_id in site_ids],
    }
    return bot(sender, at, "Voici les lieux d'aide aux victimes les plus proches.", payload)


def situation(sender: str, at: float, value: str) -> Event:
    return {
        "sender_id": sender,
        "event": "slot",
        "timestamp": at,
        "name": "situation",
        "value": value,
    }


def pause(sender: str, at: float) -> Event:
    return {"sender_id": sender, "event": "pause", "timestamp": at}
