"""The live queue over HTTP: what counsellors see, presence, and the race to accept."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import redis
from helpers import new_sender
from sqlalchemy import select
from staff_client import StaffClient

from archive.recorder import sender_hash
from console.database import accounts, audit_log, connect
from handoff.events import ACTIVE_CONVERSATIONS
from launcher.local_redis import LocalRedis
from launcher.settings import Settings


def test_the_queue_shows_each_waiting_conversation_with_what_the_bot_knew(
    staff: Callable[[str], StaffClient], handoff: Callable
):
    calm, crisis = new_sender(), new_sender()
    handoff(
        lambda store: store.request(
            calm, "request_human", "socketio", situation="cybercrime", place="Villeurbanne"
        )
    )
    handoff(lambda store: store.request(crisis, "crisis", "socketio", crisis=True))
    page = staff("camille").get("/queue").text
    calm_item = _item(page, calm)
    assert "Cybercriminalité" in calm_item
    assert "Villeurbanne" in calm_item
    assert "A demandé à parler à une personne" in calm_item
    assert "moins d&#39;une minute" in calm_item
    assert "Crise" not in calm_item
    crisis_item = _item(page, crisis)
    assert 'class="ticket crisis"' in crisis_item
    assert "Crise" in crisis_item
    assert "Non reconnue" in crisis_item


def test_the_queue_is_sent_again_live_when_a_conversation_arrives(
    staff: Callable[[str], StaffClient], handoff: Callable
):
    events = staff("camille").events("/queue/events")
    first_name, _ = next(events)
    assert first_name == "queue"
    arriving = new_sender()
    handoff(lambda store: store.request(arriving, "fallback", "socketio"))
    for name, data in events:
        if arriving in data:
            assert name == "queue"
            assert "Le bot ne l&#39;a pas comprise deux fois" in data
            break


def test_a_counsellor_with_the_console_open_is_online_until_signing_out(
    staff: Callable[[str], StaffClient], handoff: Callable
):
    lucas = staff("lucas")
    lucas.get("/queue")
    assert "lucas" in handoff(lambda store: store.online())
    lucas.post("/logout")
    assert "lucas" not in handoff(lambda store: store.online())


def test_two_counsellors_accepting_at_once_exactly_one_gets_it(
    staff: Callable[[str], StaffClient], handoff: Callable
):
    clients = {"camille": staff("camille"), "lucas": staff("lucas")}
    for _ in range(5):
        conversation_id = new_sender()
        handoff(lambda store, cid=conversation_id: store.request(cid, "request_human"))
        replies = _at_once(clients, f"/conversations/{conversation_id}/accept")
        assert sorted(replies.values()) == [303, 409], replies
        winner = next(name for name, status in replies.items() if status == 303)
        ticket = handoff(lambda store, cid=conversation_id: store.get(cid))
        assert ticket.counsellor == winner


def test_the_loser_of_the_race_is_told_in_french_and_the_winner_is_in_the_audit_log(
    staff: Callable[[str], StaffClient], handoff: Callable, env: dict[str, str]
):
    conversation_id = new_sender()
    handoff(lambda store: store.request(conversation_id, "request_human"))
    assert staff("camille").post(f"/conversations/{conversation_id}/accept").status_code == 303
    late = staff("lucas").post(f"/conversations/{conversation_id}/accept")
    # Logged under the sender's pseudonym (the archive's), never the id itself.
    key = Settings.from_env(env).archive_key
    assert late.status_code == 409
    assert "vient de prendre cette conversation" in late.text
    with connect(env["DATABASE_URL"]).connect() as db:
        logged = db.execute(
            select(accounts.c.username, audit_log.c.action)
            .join(accounts)
            .where(audit_log.c.conversation_id == sender_hash(key, conversation_id))
        ).all()
    assert logged == [("camille", "accept")]


def test_an_accepted_conversation_leaves_the_queue_for_my_conversations(
    staff: Callable[[str], StaffClient], handoff: Callable
):
    conversation_id = new_sender()
    handoff(lambda store: store.request(conversation_id, "request_human"))
    camille = staff("camille")
    camille.post(f"/conversations/{conversation_id}/accept")
    mine = camille.get("/queue").text
    assert f"/conversations/{conversation_id}/accept" not in mine
    assert f'href="/conversations/{conversation_id}"' in _section(mine, "titre-miennes")
    assert conversation_id not in _section(staff("lucas").get("/queue").text, "titre-miennes")


def test_recent_conversations_with_the_bot_can_be_taken_over(
    staff: Callable[[str], StaffClient], handoff: Callable, console_redis: LocalRedis
):
    chatting, waiting = new_sender(), new_sender()
    client = redis.Redis.from_url(console_redis.url)
    client.zadd(ACTIVE_CONVERSATIONS, {chatting: time.time() - 300, waiting: time.time()})
    handoff(lambda store: store.request(waiting, "request_human"))
    recent = _section(staff("camille").get("/queue").text, "titre-recentes")
    assert f"/conversations/{chatting}/takeover" in recent
    assert "il y a 5 min" in recent
    assert waiting not in recent


def _at_once(clients: dict[str, StaffClient], path: str) -> dict[str, int]:
    """Every client posts to `path` at the same moment; their answers' statuses."""
    start = threading.Barrier(len(clients))
    replies: dict[str, int] = {}

    def post(name: str) -> None:
        start.wait()
        replies[name] = clients[name].post(path).status_code

    threads = [threading.Thread(target=post, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies


def _item(page: str, conversation_id: str) -> str:
    """The queue item of a conversation."""
    end = page.index(f"/conversations/{conversation_id}/accept")
    start = page.rindex("<li", 0, end)
    return page[start : page.index("</li>", end)]


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_the_live_queue_carries_on_after_a_redis_restart(
    staff: Callable[[str], StaffClient], handoff: Callable, console_redis: LocalRedis
):
    camille = staff("camille")
    events = camille.events("/queue/events")
    next(events)
    console_redis.restart()
    arriving = new_sender()
    handoff(lambda store: store.request(arriving, "request_human"))
    assert any(arriving in data for _, data in events)
    # The session was kept too.
    assert camille.get("/queue").status_code == 200
