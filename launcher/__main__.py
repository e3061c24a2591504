"""`python -m launcher run|train|serve SERVICE`: run the whole assistant locally, only
train its model, or run one service in the foreground (as in a container)."""

from __future__ import annotations

import argparse
import os
import sys

from launcher.model import ensure_model
from launcher.services import SERVICES, python_arguments
from launcher.settings import Settings
from launcher.stack import Stack


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the whole assistant locally")
    commands.add_parser("train", help="train the model if the data changed")
    serve = commands.add_parser("serve", help="run one service in the foreground")
    serve.add_argument("service", choices=SERVICES)
    args = parser.parse_args()
    if args.command == "train":
        print(ensure_model(Settings.from_env()))
        return 0
    if args.command == "serve":
        arguments = python_arguments(args.service, Settings.from_env())
        # The service replaces this process: signals reach it directly.
        os.execv(sys.executable, [sys.executable, *arguments])
    stack = Stack(os.environ).start()
    settings = stack.settings
    where = f"http://localhost:{settings.rasa_port}/webhooks/rest/webhook"
    print(f"\nThe assistant is ready: POST {where}", flush=True)
    print(f"Chat widget demo: {stack.demo_url}", flush=True)
    print(
        f"Counsellors' console: {stack.console_url} (accounts: python -m console create-user)",
        flush=True,
    )
    if stack.local_redis is not None:
        print(
            f"Redis (local, data in {stack.local_redis.data_dir}): {stack.local_redis.url}",
            flush=True,
        )
    print("Press Ctrl-C to stop.", flush=True)
    if settings.auth_token_generated:
        print(f"HTTP API token (generated): {settings.run_dir / 'auth_token'}", flush=True)
    return stack.run_forever()


if __name__ == "__main__":
    sys.exit(main())
