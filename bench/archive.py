"""Throughput of the archive: Rasa's events from the Redis stream, anonymised, into SQL.

    .venv/bin/python -m bench.archive [--conversations 200] [--database sqlite|postgresql|both]

Writes realistic conversations (8 events, 3 of the person's messages with personal data)
to a private Redis through the real event broker, then times the archiver draining the
stream into a new database: with the anonymiser, and, as the baseline in the same run,
with no redaction at all (what the database and Redis cost alone).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pgserver
import redis
from sqlalchemy import create_engine, text

from anonymiser import default_anonymiser, redact_texts
from archive.archiver import Archiver
from archive.recorder import Recorder, Redactor
from archive.schema import connect
from handoff.events import EVENTS_STREAM
from launcher.local_redis import LocalRedis
from rasa_extensions.redis_broker import RedisStreamBroker

PEOPLE = ["Léa Martin", "Karim Benali", "Sophie Durand", "Jean-Pierre Lefèvre"]


def conversation(sender: str, at: float, number: int) -> list[dict]:
    name = PEOPLE[number % len(PEOPLE)]
    phone = f"06 {number % 90 + 10} 34 56 78"

    def user(offset: int, said: str, intent: str) -> dict:
        return {
            "sender_id": sender,
            "event": "user",
            "timestamp": at + offset,
            "text": said,
            "input_channel": "socketio",
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}},
        }

    def bot(offset: int, said: str) -> dict:
        return {"sender_id": sender, "event": "bot", "timestamp": at + offset, "text": said}

    return [
        {"sender_id": sender, "event": "session_started", "timestamp": at},
        user(1, f"Bonjour, je m'appelle {name}, mon compagnon me frappe", "domestic_violence"),
        {
            "sender_id": sender,
            "event": "slot",
            "timestamp": at + 1,
            "name": "situation",
            "value": "domestic_violence",
        },
        bot(2, "Je suis désolé que vous viviez cela. Le 3919 est gratuit et anonyme."),
        user(3, f"vous pouvez me rappeler au {phone} ?", "request_human"),
        bot(4, "Le 116 006 est ouvert 7 jours sur 7, de 9 h à 19 h."),
        user(5, "j'habite au 12 rue des Lilas à Villeurbanne", "inform_location"),
        bot(6, "Voici les lieux d'aide aux victimes les plus proches de Villeurbanne."),
    ]


def drain(redis_url: str, database_url: str, redact: Redactor, events: int) -> float:
    """Seconds the archiver takes to record `events` events from the stream."""
    archiver = Archiver(
        redis.Redis.from_url(redis_url),
        Recorder(connect(database_url), redact, b"bench"),
        raw_events_seconds=3600,
        purge=lambda: 0,
    )
    start = time.perf_counter()
    done = 0
    while done < events:
        done += archiver.step()
    return time.perf_counter() - start


@contextmanager
def databases(kinds: Sequence[str]) -> Iterator[Callable[[], str]]:
    """A function giving the URL of a new, empty database of each kind in turn."""
    with tempfile.TemporaryDirectory() as folder:
        server = (
            pgserver.get_server(Path(folder) / "pg", cleanup_mode="stop")
            if ("postgresql" in kinds)
            else None
        )
        counter = iter(range(1_000_000))

        def new(kind: str) -> str:
            number = next(counter)
            if kind == "sqlite":
                return f"sqlite:///{folder}/archive{number}.db"
            admin = create_engine(server.get_uri(), isolation_level="AUTOCOMMIT", future=True)
            with admin.connect() as connection:
                connection.execute(text(f"CREATE DATABASE bench{number}"))
            admin.dispose()
            return server.get_uri().replace("/postgres?", f"/bench{number}?")

        try:
            yield new
        finally:
            if server is not None:
                server.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    redactors: dict[str, Redactor] = {
        "no redaction (baseline)": list,
        "anonymised": redact_texts,
    }
    default_anonymiser().redact("Bonjour, je m'appelle Léa Martin")  # loaded before timing
    now = time.time()
    print(f"{args.conversations} conversations, 8 events each (3 messages of the person)")
    with LocalRedis() as server, databases(kinds) as new_database:
        broker = RedisStreamBroker(server.url)
        for kind in kinds:
            seconds = {}
            for label, redact in redactors.items():
                redis.Redis.from_url(server.url).delete(EVENTS_STREAM)  # and its group
                for number in range(args.conversations):
                    for event in conversation(f"bench-{number}", now + number, number):
                        broker.publish(event)
                events = args.conversations * 8
                seconds[label] = drain(server.url, new_database(kind), redact, events)
                messages = args.conversations * 3 / seconds[label]
                print(
                    f"{kind:10} {label:24} {events / seconds[label]:7.0f} events/s"
                    f" {messages:6.0f} person's messages/s",
                    flush=True,
                )
            ratio = seconds["anonymised"] / seconds["no redaction (baseline)"]
            print(f"{kind:10} the anonymiser makes archiving {ratio:.1f} times slower")


if __name__ == "__main__":
    main()
