"""`python -m archive serve`, and the commands that delete from the archive."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

import redis

from anonymiser import default_anonymiser, redact_texts
from archive import monitoring
from archive.archiver import Archiver
from archive.recorder import Recorder
from archive.retention import delete_conversation, forget_sender, purge
from archive.schema import connect
from launcher.settings import Settings
from observability import logs


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    if args.command == "serve":
        return _serve(settings)
    engine = connect(settings.database_url)
    if args.command == "purge":
        months = settings.archive_retention_months
        count = purge(engine, months)
        print(f"{count} conversation(s) de plus de {months} mois supprimée(s).")
    elif args.command == "delete":
        if not delete_conversation(engine, args.id):
            print(f"Aucune conversation n° {args.id} dans l'archive.", file=sys.stderr)
            return 1
        print(f"Conversation n° {args.id} supprimée.")
    else:
        count = forget_sender(engine, settings.archive_key, args.sender)
        print(f"{count} conversation(s) de cette personne supprimée(s).")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m archive", description="L'archive anonymisée des conversations."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="archive les conversations au fil de l'eau")
    commands.add_parser("purge", help="supprime ce qui dépasse la durée de conservation")
    commands.add_parser("delete", help="supprime une conversation").add_argument("id", type=int)
    commands.add_parser(
        "forget-sender", help="supprime toutes les conversations d'un identifiant de canal"
    ).add_argument("sender")
    return parser


def _serve(settings: Settings) -> int:
    logs.configure("archive", settings.log_format)
    os.nice(settings.archive_niceness)  # archiving can wait; conversations cannot
    if not settings.redis_url:
        print("L'archive lit les conversations dans Redis : définissez REDIS_URL.", file=sys.stderr)
        return 2
    default_anonymiser()  # loaded now, not on the first message
    engine = connect(settings.database_url)
    monitor = monitoring.serve(settings, engine)
    archiver = Archiver(
        # Waits up to a second for events: a longer timeout; the archiver retries itself.
        redis.Redis.from_url(settings.redis_url, socket_timeout=10, health_check_interval=1),
        Recorder(engine, redact_texts, settings.archive_key),
        raw_events_seconds=settings.tracker_expiry_seconds,
        purge=lambda: purge(engine, settings.archive_retention_months),
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print("Archive prête.", flush=True)
    archiver.run(stop)
    if monitor is not None:
        monitor.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
