"""Writes sessions into the archive, after redacting what people and counsellors wrote.

The only way into the archive's tables: the text of a person's or a counsellor's message
goes through the anonymiser first, and the sender is kept only as a keyed hash. The bot's
own texts are kept as they are (they hold no personal data: the places they name are
communes and public reception sites).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from archive.events import Session, Turn
from archive.schema import BOT, conversations, situations, turns

Redactor = Callable[[Sequence[str]], list[str]]


def sender_hash(key: bytes, sender_id: str) -> str:
    """A stable pseudonym of the sender: the same with the key, useless without it."""
    return hmac.new(key, sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


class Recorder:
    def __init__(self, engine: Engine, redact: Redactor, key: bytes) -> None:
        self.engine = engine
        self.redact = redact
        self.key = key

    def record(self, batch: Sequence[Session]) -> None:
        """Write the sessions (in one transaction: all of them or none)."""
        redacted = self._redacted_turns(batch)
        with self.engine.begin() as connection:
            for session, session_turns in zip(batch, redacted, strict=True):
                self._record(connection, session, session_turns)

    def _redacted_turns(self, batch: Sequence[Session]) -> list[list[Turn]]:
        """Every turn, with the people's and counsellors' texts redacted in one pass."""
        to_redact = [t.text for s in batch for t in s.turns if t.speaker != BOT]
        clean = iter(self.redact(to_redact))
        return [
            [
                t
                if t.speaker == BOT
                else Turn(t.at, t.speaker, next(clean), t.intent, t.confidence)
                for t in s.turns
            ]
            for s in batch
        ]

    def _record(self, connection: Connection, session: Session, new_turns: list[Turn]) -> None:
        pseudonym = sender_hash(self.key, session.sender_id)
        row = None
        if not session.starts:
            row = connection.execute(
                select(conversations)
                .where(conversations.c.sender_hash == pseudonym)
                .order_by(conversations.c.id.desc())
                .limit(1)
            ).first()
        if row is None:
            conversation_id = connection.execute(
                insert(conversations).values(
                    sender_hash=pseudonym,
                    channel=session.channel or "",
                    started_at=session.first_at,
                    last_at=session.last_at,
                    crisis=session.crisis,
                    handoff=session.handoff,
                    fallbacks=session.fallbacks,
                    departement=session.departement,
                    sites=session.sites,
                    turns=len(new_turns),
                )
            ).inserted_primary_key[0]
            known_situations: set[str] = set()
            first_position = 0
        else:
            conversation_id = row.id
            connection.execute(
                update(conversations)
                .where(conversations.c.id == conversation_id)
                .values(
                    channel=row.channel or session.channel or "",
                    last_at=max(row.last_at, session.last_at),
                    crisis=row.crisis or session.crisis,
                    handoff=row.handoff or session.handoff,
                    fallbacks=row.fallbacks + session.fallbacks,
                    departement=session.departement or row.departement,
                    sites=row.sites + [s for s in session.sites if s not in row.sites],
                    turns=row.turns + len(new_turns),
                )
            )
            known_situations = set(
                connection.execute(
                    select(situations.c.situation).where(
                        situations.c.conversation_id == conversation_id
                    )
                ).scalars()
            )
            first_position = row.turns
        new_situations = sorted(session.situations - known_situations)
        if new_situations:
            connection.execute(
                insert(situations),
                [{"conversation_id": conversation_id, "situation": s} for s in new_situations],
            )
        if new_turns:
            connection.execute(
                insert(turns),
                [
                    {
                        "conversation_id": conversation_id,
                        "position": first_position + offset,
                        "at": turn.at,
                        "speaker": turn.speaker,
                        "text": turn.text,
                        "intent": turn.intent,
                        "confidence": turn.confidence,
                    }
                    for offset, turn in enumerate(new_turns)
                ],
            )
