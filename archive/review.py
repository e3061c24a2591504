"""The staff review of the archive: filtered lists, one conversation, the intents that
analysts correct (exported as Rasa NLU training data), the dashboard and the CSV export.

Without Sanic or Rasa. Moments are stored in UTC; days and hours are those of Paris.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.sql import ColumnElement, Select

from archive.schema import USER, conversations, situations, turns
from launcher.settings import ROOT

PARIS = ZoneInfo("Europe/Paris")
DOMAIN = ROOT / "bot" / "domain"
PAGE_SIZE = 50
MAX_SEARCH_LENGTH = 200
# The years a filter's dates may be in, and the longest span drawn day by day.
YEARS = (2000, 2100)
MAX_DAYS = 366
CHANNEL = re.compile(r"^[a-z0-9_.-]{1,32}$")
YES, NO = "yes", "no"
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = [
    "id",
    "canal",
    "début",
    "dernier message",
    "situations",
    "crise",
    "relais",
    "incompris",
    "département",
    "lieux proposés",
    "messages",
]


class FilterError(ValueError):
    """A filter or page that cannot be read; the message is for staff (French)."""


class CorrectionError(ValueError):
    """A correction that cannot be made; the message is for staff (French)."""


@dataclass(frozen=True)
class Filters:
    """Which conversations: started between two days (inclusive, Paris time), with a
    situation, on a channel, with or without a crisis, a handoff, a fallback, and with
    `search` somewhere in their (redacted) text."""

    start: date | None = None
    end: date | None = None
    situation: str | None = None
    channel: str | None = None
    crisis: bool | None = None
    handoff: bool | None = None
    fallback: bool | None = None
    search: str = ""

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Filters:
        """The filters of a query string (`from`, `to`, `situation`, `channel`, `crisis`,
        `handoff`, `fallback`, `q`); empty values mean any."""
        start = _date(args.get("from"), "de début")
        end = _date(args.get("to"), "de fin")
        if start and end and start > end:
            raise FilterError("La date de début doit précéder la date de fin.")
        situation = args.get("situation") or None
        if situation and situation not in known_situations():
            raise FilterError("Situation inconnue : choisissez-en une dans la liste.")
        channel = args.get("channel") or None
        if channel and not CHANNEL.match(channel):
            raise FilterError("Canal inconnu : choisissez-en un dans la liste.")
        search = " ".join((args.get("q") or "").split())
        if len(search) > MAX_SEARCH_LENGTH:
            raise FilterError(f"Recherche trop longue : {MAX_SEARCH_LENGTH} caractères au maximum.")
        return cls(
            start,
            end,
            situation,
            channel,
            _yes_no(args.get("crisis"), "crise"),
            _yes_no(args.get("handoff"), "relais"),
            _yes_no(args.get("fallback"), "incompris"),
            search,
        )

    def query(self) -> dict[str, str]:
        """The filters as query parameters (only those set): `parse` reads them back."""
        values = {
            "from": self.start.isoformat() if self.start else "",
            "to": self.end.isoformat() if self.end else "",
            "situation": self.situation or "",
            "channel": self.channel or "",
            "crisis": _yes_no_text(self.crisis),
            "handoff": _yes_no_text(self.handoff),
            "fallback": _yes_no_text(self.fallback),
            "q": self.search,
        }
        return {name: value for name, value in values.items() if value}

    def where(self) -> list[ColumnElement[bool]]:
        """The conditions on `archive_conversations`."""
        c = conversations.c
        conditions: list[ColumnElement[bool]] = []
        if self.start:
            conditions.append(c.started_at >= _paris_midnight(self.start))
        if self.end:
            conditions.append(c.started_at < _paris_midnight(self.end + timedelta(days=1)))
        if self.situation:
            having = select(situations.c.conversation_id).where(
                situations.c.situation == self.situation
            )
            conditions.append(c.id.in_(having))
        if self.channel:
            conditions.append(c.channel == self.channel)
        for column, wanted in ((c.crisis, self.crisis), (c.handoff, self.handoff)):
            if wanted is not None:
                conditions.append(column.is_(wanted))
        if self.fallback is not None:
            conditions.append(c.fallbacks > 0 if self.fallback else c.fallbacks == 0)
        if self.search:
            saying = select(turns.c.conversation_id).where(
                func.lower(turns.c.text).contains(self.search.lower(), autoescape=True)
            )
            conditions.append(c.id.in_(saying))
        return conditions


def page_number(value: str | None) -> int:
    """The page asked for in a query string (1 when none)."""
    if not value:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise FilterError("Numéro de page invalide.")
    return int(value)


@dataclass(frozen=True)
class Summary:
    """A conversation as listed (and exported)."""

    id: int
    channel: str
    started_at: datetime
    last_at: datetime
    situations: list[str]
    crisis: bool
    handoff: bool
    fallbacks: int
    departement: str | None
    sites: list[str]
    turns: int


@dataclass(frozen=True)
class Listing:
    conversations: list[Summary]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Turn:
    id: int
    at: datetime
    speaker: str
    text: str
    intent: str | None
    confidence: float | None
    corrected_intent: str | None

    @property
    def by_user(self) -> bool:
        return self.speaker == USER


@dataclass(frozen=True)
class Conversation:
    summary: Summary
    turns: list[Turn]


def listing(engine: Engine, filters: Filters, page: int = 1) -> Listing:
    """One page of the conversations that match, the newest first."""
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(conversations).where(*filters.where())
        ).scalar_one()
        rows = connection.execute(
            _newest_first(filters).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        ).all()
        found = _summaries(connection, rows)
    return Listing(found, total, page, max(1, -(-total // PAGE_SIZE)))


def conversation(engine: Engine, conversation_id: int) -> Conversation | None:
    """One conversation with its turns in order, or None if there is none with that id."""
    with engine.connect() as connection:
        row = connection.execute(
            select(conversations).where(conversations.c.id == conversation_id)
        ).first()
        if row is None:
            return None
        said = connection.execute(
            select(turns)
            .where(turns.c.conversation_id == conversation_id)
            .order_by(turns.c.position)
        ).all()
        (summary,) = _summaries(connection, [row])
    return Conversation(
        summary,
        [
            Turn(t.id, t.at, t.speaker, t.text, t.intent, t.confidence, t.corrected_intent)
            for t in said
        ],
    )


def channels(engine: Engine) -> list[str]:
    """The channels that conversations came from (to choose one in a filter)."""
    with engine.connect() as connection:
        found = connection.execute(
            select(conversations.c.channel).distinct().order_by(conversations.c.channel)
        ).scalars()
        return [channel for channel in found if channel]


def correct_intent(engine: Engine, turn_id: int, intent: str | None, account_id: int) -> int:
    """Set the intent a person's message should have been given (None clears it).
    Returns the id of the turn's conversation."""
    if intent and intent not in known_intents():
        raise CorrectionError("Intention inconnue : choisissez-en une dans la liste.")
    with engine.begin() as connection:
        row = connection.execute(
            select(turns.c.conversation_id, turns.c.speaker).where(turns.c.id == turn_id)
        ).first()
        if row is None:
            raise CorrectionError("Ce message n'existe pas, ou plus.")
        if row.speaker != USER:
            raise CorrectionError("Seuls les messages des personnes ont une intention.")
        connection.execute(
            update(turns)
            .where(turns.c.id == turn_id)
            .values(
                corrected_intent=intent or None,
                corrected_by=account_id if intent else None,
                corrected_at=datetime.now(timezone.utc) if intent else None,
            )
        )
    return row.conversation_id


def corrections_as_nlu(engine: Engine) -> str:
    """The corrected messages as Rasa NLU training data (YAML, format 3.1), grouped by
    intent, for review before they join `data/nlu`. Each text once per intent, on one
    line, exactly as redacted."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(turns.c.corrected_intent, turns.c.text)
            .where(turns.c.corrected_intent.is_not(None))
            .order_by(turns.c.corrected_intent, turns.c.id)
        ).all()
    examples: dict[str, dict[str, None]] = {}
    for intent, text in rows:
        line = " ".join(text.split())
        if line:
            examples.setdefault(intent, {})[line] = None
    data = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {line}\n" for line in lines)}
            for intent, lines in examples.items()
        ],
    }
    header = "# Intentions corrigées par les analystes : à relire avant de les ajouter.\n"
    return header + yaml.dump(data, Dumper=_NluDumper, allow_unicode=True, sort_keys=False)


@dataclass(frozen=True)
class Dashboard:
    """The figures of the conversations that match. `hours` counts the conversations by
    the hour (Paris time) they started at."""

    total: int
    crisis: int
    handoff_rate: float
    fallback_rate: float
    per_day: list[tuple[date, int]]
    per_situation: list[tuple[str | None, int]]
    per_departement: list[tuple[str | None, int]]
    hours: list[tuple[int, int]]


def dashboard(engine: Engine, filters: Filters) -> Dashboard:
    # Days and hours in Paris time are not portable SQL: counted here, from one column
    # per conversation.
    c = conversations.c
    with engine.connect() as connection:
        rows = connection.execute(
            select(c.started_at, c.crisis, c.handoff, c.fallbacks, c.departement).where(
                *filters.where()
            )
        ).all()
        matching = select(c.id).where(*filters.where())
        per_situation = connection.execute(
            select(situations.c.situation, func.count())
            .where(situations.c.conversation_id.in_(matching))
            .group_by(situations.c.situation)
        ).all()
        without_situation = connection.execute(
            select(func.count()).where(
                c.id.in_(matching), c.id.not_in(select(situations.c.conversation_id))
            )
        ).scalar_one()
    total = len(rows)
    starts = [row.started_at.astimezone(PARIS) for row in rows]
    by_day = Counter(start.date() for start in starts)
    by_hour = Counter(start.hour for start in starts)
    situation_counts: list[tuple[str | None, int]] = [(s, n) for s, n in per_situation]
    if without_situation:
        situation_counts.append((None, without_situation))
    return Dashboard(
        total=total,
        crisis=sum(row.crisis for row in rows),
        handoff_rate=_share(sum(row.handoff for row in rows), total),
        fallback_rate=_share(sum(row.fallbacks > 0 for row in rows), total),
        per_day=[(day, by_day[day]) for day in _days(filters, by_day)],
        per_situation=_most_first(situation_counts),
        per_departement=_most_first(Counter(row.departement for row in rows).items()),
        hours=[(hour, by_hour[hour]) for hour in range(24)],
    )


def csv_rows(engine: Engine, filters: Filters) -> Iterator[list[str]]:
    """The header, then one row per matching conversation (newest first), every cell
    safe to open in a spreadsheet."""
    yield CSV_HEADER
    with engine.connect() as connection:
        rows = connection.execute(_newest_first(filters)).all()
        found = _summaries(connection, rows)
    for s in found:
        cells = [
            str(s.id),
            s.channel,
            _paris_iso(s.started_at),
            _paris_iso(s.last_at),
            " ".join(s.situations),
            "oui" if s.crisis else "non",
            "oui" if s.handoff else "non",
            str(s.fallbacks),
            s.departement or "",
            " ".join(s.sites),
            str(s.turns),
        ]
        yield [_inert(cell) for cell in cells]


def known_intents() -> tuple[str, ...]:
    """The intents of the bot's domain, the only ones a correction may give."""
    return _domain()[0]


def known_situations() -> tuple[str, ...]:
    """The values of the `situation` slot of the bot's domain."""
    return _domain()[1]


@lru_cache(maxsize=1)
def _domain() -> tuple[tuple[str, ...], tuple[str, ...]]:
    intents: list[str] = []
    situation_values: list[str] = []
    for path in sorted(DOMAIN.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for intent in part.get("intents") or []:
            # An intent is a name, or a mapping of its name to its options.
            intents.extend(intent if isinstance(intent, dict) else [intent])
        slot = (part.get("slots") or {}).get("situation") or {}
        situation_values.extend(slot.get("values") or [])
    return tuple(intents), tuple(situation_values)


class _NluDumper(yaml.SafeDumper):
    """Safe YAML, with the examples as a literal block as Rasa writes them."""


_NluDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def _newest_first(filters: Filters) -> Select:
    return (
        select(conversations)
        .where(*filters.where())
        .order_by(conversations.c.started_at.desc(), conversations.c.id.desc())
    )


def _summaries(connection: Connection, rows: Sequence[Row]) -> list[Summary]:
    ids = [row.id for row in rows]
    named: dict[int, list[str]] = {}
    if ids:
        for conversation_id, situation in connection.execute(
            select(situations.c.conversation_id, situations.c.situation)
            .where(situations.c.conversation_id.in_(ids))
            .order_by(situations.c.situation)
        ):
            named.setdefault(conversation_id, []).append(situation)
    return [
        Summary(
            row.id,
            row.channel,
            row.started_at,
            row.last_at,
            named.get(row.id, []),
            row.crisis,
            row.handoff,
            row.fallbacks,
            row.departement,
            list(row.sites or []),
            row.turns,
        )
        for row in rows
    ]


def _date(value: str | None, which: str) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"Date {which} invalide : écrivez-la comme 2025-03-31.") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise FilterError(f"Date {which} invalide : choisissez-la entre {YEARS[0]} et {YEARS[1]}.")
    return day


def _yes_no(value: str | None, name: str) -> bool | None:
    if not value:
        return None
    if value not in (YES, NO):
        raise FilterError(f"Filtre « {name} » invalide : choisissez oui, non ou indifférent.")
    return value == YES


def _yes_no_text(value: bool | None) -> str:
    return "" if value is None else YES if value else NO


def _paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), PARIS).astimezone(timezone.utc)


def _paris_iso(moment: datetime) -> str:
    return moment.astimezone(PARIS).isoformat(timespec="seconds")


def _days(filters: Filters, counted: Mapping[date, int]) -> list[date]:
    """Every day from the first to the last: those of the filters if set, but only those
    with conversations when the filters span more than `MAX_DAYS`."""
    if not counted:
        return []
    first = filters.start or min(counted)
    last = filters.end or max(counted)
    if (last - first).days > MAX_DAYS:
        first, last = max(first, min(counted)), min(last, max(counted))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _most_first(counts: Iterable[tuple[str | None, int]]) -> list[tuple[str | None, int]]:
    """The largest counts first; None (not known) last among equals."""
    return sorted(counts, key=lambda item: (-item[1], item[0] is None, item[0] or ""))


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
