"""Staff accounts: roles, argon2 password hashes, and the audit log."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine, Row
from sqlalchemy.exc import IntegrityError

from console.database import accounts, audit_log

COUNSELLOR, ANALYST, ADMIN = "counsellor", "analyst", "admin"
ROLES = (COUNSELLOR, ANALYST, ADMIN)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified when the account does not exist, so that a wrong name takes as long as a
# wrong password and the answer's timing does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message is for staff (French)."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    active: bool

    @property
    def counsels(self) -> bool:
        """Whether the account may see the queue and the conversations."""
        return self.role in (COUNSELLOR, ADMIN)

    @property
    def reviews(self) -> bool:
        """Whether the account may review the archive (never the live conversations)."""
        return self.role in (ANALYST, ADMIN)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    username: str
    display_name: str
    action: str
    conversation_id: str | None


class Accounts:
    """The accounts table. Sync methods for the command line; `a`-prefixed coroutines run
    them in a thread for the web app (hashing takes tens of milliseconds)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, username: str, password: str, role: str, display_name: str = "") -> Account:
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise AccountError(
                "Identifiant invalide : de 2 à 64 caractères, lettres minuscules sans accent, "
                "chiffres, points, tirets ou soulignés."
            )
        if role not in ROLES:
            raise AccountError(f"Rôle inconnu « {role} » : choisissez parmi {', '.join(ROLES)}.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(
                f"Mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au minimum."
            )
        row = {
            "username": username,
            "display_name": display_name.strip() or username,
            "role": role,
            "password_hash": _hasher.hash(password),
            "active": True,
        }
        try:
            with self.engine.begin() as db:
                new_id = db.execute(insert(accounts).values(**row)).inserted_primary_key[0]
        except IntegrityError:
            raise AccountError(f"Le compte « {username} » existe déjà.") from None
        return Account(new_id, username, row["display_name"], role, True)

    def authenticate(self, username: str, password: str) -> Account | None:
        """The active account with this name and password, or None (whichever is wrong)."""
        with self.engine.connect() as db:
            row = db.execute(
                select(accounts).where(accounts.c.username == username.strip().lower())
            ).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row.active:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            self._set_hash(row.id, _hasher.hash(password))
        return _account(row)

    def get(self, account_id: int) -> Account | None:
        with self.engine.connect() as db:
            row = db.execute(select(accounts).where(accounts.c.id == account_id)).first()
        return _account(row) if row else None

    def all(self) -> list[Account]:
        with self.engine.connect() as db:
            rows = db.execute(select(accounts).order_by(accounts.c.username)).all()
        return [_account(row) for row in rows]

    def set_active(self, username: str, active: bool) -> None:
        with self.engine.begin() as db:
            changed = db.execute(
                update(accounts)
                .where(accounts.c.username == username.strip().lower())
                .values(active=active)
            ).rowcount
        if not changed:
            raise AccountError(f"Aucun compte « {username} ».")

    def record(self, account_id: int, action: str, conversation_id: str | None = None) -> None:
        """Add a line to the audit log."""
        with self.engine.begin() as db:
            db.execute(
                insert(audit_log).values(
                    account_id=account_id, action=action, conversation_id=conversation_id
                )
            )

    def audit(
        self, account_id: int | None, action: str | None, offset: int, limit: int
    ) -> tuple[list[AuditEntry], int]:
        """Lines of the audit log, the latest first (of one account, of one action, if
        given), and how many there are in all."""
        conditions = []
        if account_id is not None:
            conditions.append(audit_log.c.account_id == account_id)
        if action:
            conditions.append(audit_log.c.action == action)
        with self.engine.connect() as db:
            total = db.execute(
                select(func.count()).select_from(audit_log).where(*conditions)
            ).scalar_one()
            rows = db.execute(
                select(
                    audit_log.c.at,
                    accounts.c.username,
                    accounts.c.display_name,
                    audit_log.c.action,
                    audit_log.c.conversation_id,
                )
                .join(accounts)
                .where(*conditions)
                .order_by(audit_log.c.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
        return [AuditEntry(*row) for row in rows], total

    async def aauthenticate(self, username: str, password: str) -> Account | None:
        return await asyncio.to_thread(self.authenticate, username, password)

    async def aget(self, account_id: int) -> Account | None:
        return await asyncio.to_thread(self.get, account_id)

    async def aall(self) -> list[Account]:
        return await asyncio.to_thread(self.all)

    async def arecord(
        self, account_id: int, action: str, conversation_id: str | None = None
    ) -> None:
        await asyncio.to_thread(self.record, account_id, action, conversation_id)

    def _set_hash(self, account_id: int, password_hash: str) -> None:
        with self.engine.begin() as db:
            db.execute(
                update(accounts)
                .where(accounts.c.id == account_id)
                .values(password_hash=password_hash)
            )


def _account(row: Row) -> Account:
    return Account(row.id, row.username, row.display_name, row.role, row.active)
