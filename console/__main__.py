"""`python -m console serve`, and the admins' commands for accounts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from console.accounts import ROLES, AccountError, Accounts
from console.app import create_app
from console.database import connect
from launcher.settings import Settings
from observability import logs


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    if args.command == "serve":
        return _serve(settings)
    accounts = Accounts(connect(settings.database_url))
    try:
        if args.command == "create-user":
            password = _password(args.password_stdin)
            account = accounts.create(args.name, password, args.role, args.display_name or "")
            print(f"Compte « {account.username} » créé ({account.role}).")
        elif args.command in ("disable-user", "enable-user"):
            accounts.set_active(args.name, args.command == "enable-user")
            state = "réactivé" if args.command == "enable-user" else "désactivé"
            print(f"Compte « {args.name} » {state}.")
        else:
            for account in accounts.all():
                state = "actif" if account.active else "désactivé"
                print(f"{account.username}\t{account.role}\t{state}\t{account.display_name}")
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m console", description="La console des conseillers et conseillères."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="démarre la console (CONSOLE_HOST, CONSOLE_PORT)")
    create = commands.add_parser("create-user", help="crée un compte")
    create.add_argument("name", help="identifiant de connexion")
    create.add_argument("--role", choices=ROLES, required=True)
    create.add_argument("--display-name", help="prénom montré aux personnes aidées")
    create.add_argument(
        "--password-stdin", action="store_true", help="lit le mot de passe sur l'entrée standard"
    )
    for command in ("disable-user", "enable-user"):
        commands.add_parser(command).add_argument("name")
    commands.add_parser("list-users", help="liste les comptes")
    return parser


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Confirmez le mot de passe : ") != password:
        raise AccountError("Les deux mots de passe sont différents.")
    return password


def _serve(settings: Settings) -> int:
    logs.configure("console", settings.log_format)
    host = os.environ.get("CONSOLE_HOST", "127.0.0.1")
    create_app(settings).run(host=host, port=settings.console_port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
