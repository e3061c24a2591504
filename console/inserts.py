"""Ready-made sentences a counsellor can insert in a message: national resources from the
catalogue (never a number written here) and the site the bot proposed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from resources.catalog import Catalog

HELPLINE = "victims_helpline"


@dataclass(frozen=True)
class QuickInsert:
    label: str
    text: str


def quick_inserts(
    catalog: Catalog, site: dict[str, Any] | None, now: datetime
) -> list[QuickInsert]:
    helpline = catalog[HELPLINE]
    is_open = helpline.is_open(now)
    inserts = [
        QuickInsert(
            f"{helpline['number']} ({'ouvert' if is_open else 'fermé'} maintenant)",
            f"Vous pouvez appeler France Victimes au {helpline['number']} (appel gratuit), "
            f"{helpline['hours_text']} ; la ligne est "
            f"{'ouverte' if is_open else 'fermée'} en ce moment.",
        ),
        QuickInsert(
            "E-mail de France Victimes",
            f"Vous pouvez aussi écrire à France Victimes : {helpline['email']}.",
        ),
    ]
    if site:
        inserts.append(QuickInsert(f"Site : {site['name']}", _site_text(site)))
    return inserts


def _site_text(site: dict[str, Any]) -> str:
    where = ", ".join(part for part in (site.get("address"), _town(site)) if part)
    text = f"Le lieu d'accueil le plus proche de chez vous : {site['name']}"
    text += f", {where}" if where else ""
    text += f", téléphone {site['phone']}." if site.get("phone") else "."
    return text


def _town(site: dict[str, Any]) -> str:
    return " ".join(part for part in (site.get("postal_code"), site.get("city")) if part)
