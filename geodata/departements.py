"""The list of départements and overseas collectivités (``data/departements.csv``)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from geodata.config import DATA_DIR


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    locative: str  # "dans l'Ain", "en Isère": ready for French sentences
    region: str
    kind: str  # "departement" or "collectivite"
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        """Button-ready label, e.g. "Seine-Saint-Denis (93)"."""
        return f"{self.name} ({self.code})"


@lru_cache(maxsize=1)
def departements() -> dict[str, Departement]:
    """All départements and collectivités by code, in file order."""
    out: dict[str, Departement] = {}
    with open(DATA_DIR / "departements.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a for a in row["aliases"].split("|") if a)
            out[row["code"]] = Departement(
                row["code"], row["name"], row["locative"], row["region"], row["kind"], aliases
            )
    return out


def get(code: str) -> Departement | None:
    return departements().get(normalize_code(code) or "")


_CODE = re.compile(r"^(?:0?[1-9]|[1-8]\d|9[0-5]|2[ab]|97[1-8]|98[678])$", re.IGNORECASE)


def normalize_code(code: str) -> str | None:
    """Canonical département code ("1" -> "01", "2a" -> "2A"), or None if not one."""
    code = code.strip()
    if not _CODE.match(code):
        return None
    code = code.upper()
    if len(code) == 1:
        code = "0" + code
    return code if code in departements() else None


def departement_of_postal_code(postal_code: str) -> list[str]:
    """Département code(s) a postal code belongs to, by its prefix (Corsica: 20 -> 2A, 2B)."""
    if not re.fullmatch(r"\d{5}", postal_code):
        return []
    if postal_code.startswith("20"):
        return ["2A", "2B"]
    if postal_code.startswith(("97", "98")):
        code = postal_code[:3]
        # 97133 is Saint-Barthélemy, 97150 Saint-Martin (both under the 971 range).
        special = {"97133": "977", "97150": "978"}
        code = special.get(postal_code, code)
        return [code] if code in departements() else []
    code = postal_code[:2]
    return [code] if code in departements() else []
