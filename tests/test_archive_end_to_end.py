"""The whole path: a conversation with the running assistant reaches the archive in
PostgreSQL anonymised, with its facts."""

from __future__ import annotations

import time

from helpers import new_sender, send
from sqlalchemy import select
from sqlalchemy.engine import Engine

from archive.recorder import sender_hash
from archive.schema import connect, conversations, metadata, situations, turns
from launcher.stack import Stack

RAW = ["Sophie Durand", "06 11 22 33 44", "sophie.durand@example.org"]


def archived(engine: Engine, pseudonym: str, user_turns: int, timeout: float = 90) -> int:
    """The archived conversation's id, once it has `user_turns` of the person's messages."""
    deadline = time.monotonic() + timeout
    query = (
        select(conversations.c.id)
        .join(turns, turns.c.conversation_id == conversations.c.id)
        .where(conversations.c.sender_hash == pseudonym, turns.c.speaker == "user")
    )
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            ids = connection.execute(query).scalars().all()
        if len(ids) >= user_turns:
            return ids[0]
        time.sleep(0.5)
    raise TimeoutError("the conversation did not reach the archive")


def test_a_conversation_reaches_the_archive_anonymised(stack: Stack) -> None:
    sender = new_sender()
    send(stack, "Je m'appelle Sophie Durand et mon mari me frappe depuis des mois", sender)
    send(stack, "mon mail c'est sophie.durand@example.org, mon tel 06 11 22 33 44", sender)
    send(stack, "j'habite à Villeurbanne", sender)
    send(stack, "je n'en peux plus, je veux mourir", sender)

    engine = connect(stack.settings.database_url)
    conversation_id = archived(engine, sender_hash(stack.settings.archive_key, sender), 4)
    with engine.connect() as connection:
        row = connection.execute(
            select(conversations).where(conversations.c.id == conversation_id)
        ).one()
        found = connection.execute(
            select(situations.c.situation).where(situations.c.conversation_id == conversation_id)
        ).scalars()
        assert "domestic_violence" in set(found)
        said = (
            connection.execute(
                select(turns.c.text)
                .where(turns.c.conversation_id == conversation_id, turns.c.speaker == "user")
                .order_by(turns.c.position)
            )
            .scalars()
            .all()
        )
        stored = "\n".join(
            repr(tuple(r))
            for table in metadata.sorted_tables
            for r in connection.execute(select(table))
        )
    for raw in [*RAW, sender]:
        assert raw not in stored
    assert said[0] == "Je m'appelle <PERSONNE> et mon mari me frappe depuis des mois"
    assert said[1] == "mon mail c'est <EMAIL>, mon tel <TÉLÉPHONE>"
    assert (row.channel, row.crisis, row.departement) == ("rest", True, "69")
    assert row.sites
    engine.dispose()
    # What the services printed meanwhile (Rasa, actions, console, archiver) holds no
    # message text either.
    logged = (stack.settings.run_dir / "services.log").read_text(encoding="utf-8", errors="replace")
    assert "Rasa server is up and running" in logged
    for raw in [*RAW, "mon mari me frappe", "Villeurbanne"]:
        assert raw not in logged
