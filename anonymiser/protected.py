"""Text that is never redacted: the numbers and e-mails of `resources/resources.yml`, and
phrases that hold a name but name no one ("étoile de David")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from resources.catalog import Catalog, default_catalog

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

    def __init__(
        self,
        extra_numbers: Iterable[str] = (),
        catalog: Catalog | None = None,
        phrases: Iterable[str] = (),
    ) -> None:
        resources = (catalog or default_catalog()).resources.values()
        numbers: set[str] = set()
        for number in extra_numbers:
            numbers |= _national_forms(number)
        emails: set[str] = set()
        for resource in resources:
            for field in NUMBER_FIELDS:
                if field in resource.texts:
                    numbers |= _national_forms(resource.texts[field])
            if "email" in resource.texts:
                emails.add(resource.texts["email"])
        self.numbers = frozenset(numbers)
        self.emails = frozenset(emails)
        alternatives = [_digit_pattern(d) for d in sorted(numbers, key=len, reverse=True)]
        alternatives += [re.escape(email) for email in sorted(emails)]
        alternatives += [rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase in sorted(phrases)]
        self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each resource number, e-mail or protected phrase in `text`."""
        for match in self._pattern.finditer(text):
            yield match.start(), match.end()
