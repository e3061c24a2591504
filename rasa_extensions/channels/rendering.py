"""How a bot message is written on a messaging app: pure logic, without Rasa.

A Rasa message (`text`, `buttons`, `custom`) becomes one or more `Part`s of plain text
under the platform's length limit, the last one carrying the choices. Buttons whose
titles the platform cannot show (too long, too many) are listed in the text as numbered
choices, which the person may also answer by typing the number. The `custom` payloads
are for the website widget: the sites' text already lists each site with its address,
distance and phone (`actions.place_search.site_lines`), the handoff statuses have a text
saying the same; only a counsellor's name is kept, to sign their message.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

# Where a long text is best cut, best first (a cut keeps the separator's end).
BREAKS = ("\n\n", "\n", ". ", "! ", "? ", " : ", "; ", ", ")
# Coordinates shared by a person are rounded to about 100 m, as the widget does.
COORDINATE_DECIMALS = 3


@dataclass(frozen=True)
class Choice:
    title: str
    payload: str


@dataclass(frozen=True)
class Part:
    """One message to send: plain text, and the choices to offer with it."""

    text: str
    choices: tuple[Choice, ...] = ()
    # Written by a counsellor (Messenger lets those through after its 24-hour window).
    by_counsellor: bool = False


@dataclass(frozen=True)
class Style:
    """What a platform accepts: `max_chars` per message (counted in UTF-16 units, as
    Telegram does); choices shown as taps only if there are at most `max_choices` with
    titles of at most `max_title_chars` (0: never, numbered choices in the text)."""

    max_chars: int
    max_title_chars: int | None = None
    max_choices: int | None = None

    def numbered(self, choices: list[Choice]) -> bool:
        if self.max_title_chars is not None and any(
            len(choice.title) > self.max_title_chars for choice in choices
        ):
            return True
        return self.max_choices is not None and len(choices) > self.max_choices


def text_length(text: str) -> int:
    """Length in UTF-16 code units (an emoji counts 2), never less than in characters."""
    return len(text.encode("utf-16-le")) // 2


def choices_of(message: dict[str, Any]) -> list[Choice]:
    return [
        Choice(str(button.get("title", "")), str(button.get("payload", "")))
        for button in message.get("buttons") or []
        if isinstance(button, dict) and button.get("payload")
    ]


def render(
    message: dict[str, Any], style: Style, hint: str, signature: str | None = None
) -> list[Part]:
    """The parts to send for a Rasa message. `hint` follows numbered choices ("Répondez
    avec le numéro..."); `signature` (with `{name}`) opens a counsellor's message."""
    text = str(message.get("text") or "").strip()
    custom = message.get("custom")
    by_counsellor = isinstance(custom, dict) and custom.get("type") == "counsellor"
    if signature and by_counsellor:
        text = f"{signature.format(name=custom.get('name') or '')}\n{text}"
    choices = choices_of(message)
    if choices and style.numbered(choices):
        listed = "\n".join(f"{n}. {choice.title}" for n, choice in enumerate(choices, 1))
        text = f"{text}\n\n{listed}\n{hint}".strip()
        choices = [Choice(str(n), choice.payload) for n, choice in enumerate(choices, 1)]
    if not text:
        return []
    parts = [
        Part(chunk, by_counsellor=by_counsellor) for chunk in split_text(text, style.max_chars)
    ]
    parts[-1] = Part(parts[-1].text, tuple(choices), by_counsellor)
    return parts


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` (UTF-16 units), cut at the best break: a
    paragraph, a line, a sentence, then a space, never inside a number ("116 006")."""
    pieces = []
    text = text.strip()
    while text_length(text) > limit:
        cut = _cut(text, limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text else pieces


def _cut(text: str, limit: int) -> int:
    """Where to cut: after the best break in the first `limit` units, in its second half
    if possible (no tiny pieces)."""
    fits = _fitting_prefix(text, limit)
    window = text[:fits]
    for separator in BREAKS:
        at = window.rfind(separator, fits // 2)
        if at > 0:
            return at + len(separator)
    for at in range(fits - 1, 0, -1):
        if text[at] == " " and not (text[at - 1].isdigit() and text[at + 1 : at + 2].isdigit()):
            return at + 1
    return fits  # one word longer than the limit: cut it


def _fitting_prefix(text: str, limit: int) -> int:
    """The number of characters of `text` that fit in `limit` units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def choice_for(text: str, choices: list[Choice]) -> str | None:
    """The payload the person chose by typing a number or a title, or None."""
    typed = " ".join(text.split()).rstrip(".").casefold()
    for number, choice in enumerate(choices, 1):
        if typed in (str(number), choice.title.casefold()):
            return choice.payload
    return None


def location_message(latitude: Any, longitude: Any) -> str:
    """A shared position as the bot reads it (as the widget sends it); ValueError if
    it is not one."""
    lat, lon = float(latitude), float(longitude)
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        raise ValueError("not a position")
    position = {
        "latitude": round(lat, COORDINATE_DECIMALS),
        "longitude": round(lon, COORDINATE_DECIMALS),
    }
    return "/inform_location" + json.dumps(position)
