"""Accounts: argon2 hashes in the database, and the admins' command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from console_process import console_command
from sqlalchemy import select

from console.accounts import AccountError, Accounts
from console.database import accounts as accounts_table
from console.database import connect

PASSWORD = "correct cheval batterie agrafe"


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return Accounts(connect(f"sqlite:///{tmp_path / 'console.db'}"))


def test_a_password_is_stored_as_an_argon2id_hash_and_checked(accounts: Accounts):
    created = accounts.create("Camille", PASSWORD, "counsellor", "Camille")
    assert created.username == "camille"
    with accounts.engine.connect() as db:
        stored = db.execute(select(accounts_table.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert accounts.authenticate("camille", PASSWORD) == created
    assert accounts.authenticate(" CAMILLE ", PASSWORD) == created
    assert accounts.authenticate("camille", PASSWORD + "x") is None
    assert accounts.authenticate("nobody", PASSWORD) is None


def test_a_disabled_account_cannot_sign_in(accounts: Accounts):
    accounts.create("lucas", PASSWORD, "counsellor")
    accounts.set_active("lucas", False)
    assert accounts.authenticate("lucas", PASSWORD) is None
    accounts.set_active("lucas", True)
    assert accounts.authenticate("lucas", PASSWORD) is not None


@pytest.mark.parametrize(
    ("username", "password", "role", "says"),
    [
        ("camille", "court", "counsellor", "trop court"),
        ("camille", PASSWORD, "boss", "Rôle inconnu"),
        ("ca mille", PASSWORD, "counsellor", "Identifiant invalide"),
        ("c", PASSWORD, "counsellor", "Identifiant invalide"),
    ],
)
def test_bad_accounts_are_refused_with_a_french_reason(
    accounts: Accounts, username: str, password: str, role: str, says: str
):
    with pytest.raises(AccountError, match=says):
        accounts.create(username, password, role)


def test_an_account_name_is_taken_once(accounts: Accounts):
    accounts.create("camille", PASSWORD, "counsellor")
    with pytest.raises(AccountError, match="existe déjà"):
        accounts.create("Camille", PASSWORD, "admin")


def test_the_command_line_creates_lists_and_disables_accounts(tmp_path: Path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db' / 'console.db'}", "PATH": ""}
    created = console_command(
        env,
        "create-user",
        "nadia",
        "--role",
        "counsellor",
        "--display-name",
        "Nadia",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    assert "Compte « nadia » créé" in created.stdout
    again = console_command(
        env, "create-user", "nadia", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert again.returncode == 1
    assert "existe déjà" in again.stderr
    assert console_command(env, "disable-user", "nadia").returncode == 0
    listed = console_command(env, "list-users").stdout
    assert listed.split("\t")[:3] == ["nadia", "counsellor", "désactivé"]
    unknown = console_command(env, "disable-user", "personne")
    assert unknown.returncode == 1
    assert "Aucun compte" in unknown.stderr


def test_the_prompt_asks_for_the_password_twice(tmp_path: Path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}", "PATH": ""}
    mismatch = console_command(
        env, "create-user", "nadia", "--role", "analyst", stdin=f"{PASSWORD}\n{PASSWORD}!\n"
    )
    assert mismatch.returncode == 1
    assert "différents" in mismatch.stderr
    same = console_command(
        env, "create-user", "nadia", "--role", "analyst", stdin=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert same.returncode == 0, same.stderr
