"""Conversations put into the console's archive by the archive's real write path: Rasa's
events as the event broker publishes them (`rasa_events`), grouped into sessions,
redacted by the real anonymiser and written by the recorder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import rasa_events
from helpers import new_sender
from sqlalchemy import select

from anonymiser import redact_texts
from archive.events import sessions
from archive.recorder import Recorder, sender_hash
from archive.schema import conversations, turns
from console.database import connect

PARIS = ZoneInfo("Europe/Paris")
KEY = b"the console tests' key"
WELCOME = (
    "Bonjour, je suis l'assistant de France Victimes : un programme, pas une personne. "
    "Dites-moi ce qui vous arrive."
)


def paris(*moment: int) -> datetime:
    """A moment in Paris time: `paris(2025, 3, 3, 10, 15)`."""
    return datetime(*moment, tzinfo=PARIS)


class Chat:
    """One conversation's events, five seconds apart, from `start`."""

    def __init__(self, start: datetime, channel: str = "socketio") -> None:
        self.sender = new_sender()
        self.channel = channel
        self.at = start.timestamp()
        self.events = [rasa_events.session_started(self.sender, self.at)]

    def user(self, text: str, intent: str, confidence: float = 0.93) -> Chat:
        return self._add(rasa_events.user, text, intent, confidence, self.channel)

    def bot(self, text: str) -> Chat:
        return self._add(rasa_events.bot, text)

    def situation(self, code: str) -> Chat:
        return self._add(rasa_events.situation, code)

    def sites(self, departement: str, *site_ids: str) -> Chat:
        return self._add(rasa_events.sites, departement, *site_ids)

    def handoff(self) -> Chat:
        """The bot pauses: a counsellor takes over."""
        return self._add(rasa_events.pause)

    def counsellor(self, text: str, name: str) -> Chat:
        return self._add(rasa_events.counsellor, text, name)

    def _add(self, event: Callable[..., rasa_events.Event], *args: Any) -> Chat:
        self.at += 5
        self.events.append(event(self.sender, self.at, *args))
        return self


class Archive:
    """The archive in the console's database, written as the archiver writes it."""

    def __init__(self, database_url: str) -> None:
        self.engine = connect(database_url)
        self.recorder = Recorder(self.engine, redact_texts, KEY)

    def add(self, *chats: Chat) -> list[int]:
        """Record the chats; their ids in the archive."""
        self.recorder.record(sessions(event for chat in chats for event in chat.events))
        with self.engine.connect() as db:
            return [
                db.execute(
                    select(conversations.c.id).where(
                        conversations.c.sender_hash == sender_hash(KEY, chat.sender)
                    )
                ).scalar_one()
                for chat in chats
            ]

    def user_turns(self, conversation_id: int) -> list[int]:
        """The ids of the person's messages in a conversation, in order."""
        with self.engine.connect() as db:
            return list(
                db.execute(
                    select(turns.c.id)
                    .where(turns.c.conversation_id == conversation_id, turns.c.speaker == "user")
                    .order_by(turns.c.position)
                ).scalars()
            )


# Four conversations of March 2025 (Paris time), which the tests only read.
RAW_NAME, RAW_PHONE = "Léa Martin", "06 12 34 56 78"


def march_2025() -> dict[str, Chat]:
    return {
        # A person in danger at home, who gives her name, phone number and town.
        "domestic": Chat(paris(2025, 3, 3, 10, 15))
        .user("bonjour", "greet", 0.98)
        .bot(WELCOME)
        .user(
            f"Je m'appelle {RAW_NAME}, mon conjoint me frappe depuis des mois, "
            f"rappelez-moi au {RAW_PHONE}",
            "domestic_violence",
            0.91,
        )
        .situation("domestic_violence")
        .bot("Ce que vous vivez est grave, et vous n'y êtes pour rien.")
        .user("j'habite à Villeurbanne", "inform_location", 0.88)
        .sites("69", "fv69-villeurbanne"),
        # A crisis at 00:30 in Paris, still the 5th in UTC; a counsellor takes over.
        "crisis": Chat(datetime.fromisoformat("2025-03-05T23:30:00+00:00"))
        .user("je veux mourir, je n'en peux plus", "suicidal_thoughts", 0.97)
        .bot("Vous n'êtes pas seul·e. Appelez le 3114, jour et nuit, gratuitement.")
        .handoff()
        .counsellor("Bonjour, je suis là et je vous lis.", "Camille"),
        # Over the REST channel: a message not understood, then a theft in Paris.
        "theft": Chat(paris(2025, 3, 6, 14, 0), channel="rest")
        .user("jsp quoi faire", "nlu_fallback", 0.31)
        .bot("Je n'ai pas bien compris. Pouvez-vous me dire ce qui s'est passé ?")
        .user("on m'a volé mon portefeuille dans le métro", "theft_burglary", 0.55)
        .situation("theft_burglary")
        .sites("75", "fv75-paris"),
        # Two situations, and a person who asks for a human.
        "harassment": Chat(paris(2025, 3, 10, 14, 30))
        .user("Mon ex Julien Dupont me harcèle sur Instagram", "cybercrime", 0.62)
        .situation("cybercrime")
        .user("et il m'attend devant chez moi tous les soirs", "harassment", 0.47)
        .situation("harassment")
        .user("je veux parler à quelqu'un", "request_human", 0.95)
        .handoff()
        .counsellor("Bonjour, je m'appelle Lucas. Racontez-moi.", "Lucas"),
    }
