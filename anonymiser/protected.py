"""Text that is never redacted: the numbers and e-mails of `resources/resources.yml`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

RESOURCES_PATH = Path(__file__).resolve().parent.parent / "resources" / "resources.yml"
SECTIONS = ("emergencies", "helplines", "online_services")
NUMBER_FIELDS = ("number", "abroad")


def _digit_pattern(digits: str) -> str:
    """Those digits, with any spaces, dots or dashes between them, not inside a longer number."""
    return r"(?<![\d+])\+?" + r"[\s.\-]?".join(digits) + r"(?!\d)"


def _national_forms(number: str) -> set[str]:
    """The digits of a number as written, and its national form when it starts with +33."""
    digits = re.sub(r"\D", "", number)
    forms = {digits}
    if number.strip().startswith("+33"):
        forms.update({"0" + digits[2:], "00" + digits})
    return forms


class Protected:
    """Finds the resource numbers and e-mails in a text."""

    def __init__(self, extra_numbers: Iterable[str] = (), path: Path = RESOURCES_PATH) -> None:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        numbers: set[str] = set()
        for number in extra_numbers:
            numbers |= _national_forms(number)
        emails: set[str] = set()
        for section in SECTIONS:
            for item in raw.get(section) or []:
                for field in NUMBER_FIELDS:
                    if field in item:
                        numbers |= _national_forms(str(item[field]))
                if "email" in item:
                    emails.add(str(item["email"]))
        self.numbers = frozenset(numbers)
        self.emails = frozenset(emails)
        alternatives = [_digit_pattern(d) for d in sorted(numbers, key=len, reverse=True)]
        alternatives += [re.escape(email) for email in sorted(emails)]
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each resource number or e-mail in `text`."""
        for match in self._pattern.finditer(text):
            yield match.start(), match.end()
