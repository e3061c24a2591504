"""Check one row of a site list and turn it into a located ``Site`` (or say why not)."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from geodata import departements
from geodata.config import settings
from geodata.gazetteer import load
from geodata.geo import haversine_km
from geodata.locate import locate_commune
from geodata.sites import KINDS, Site

REJECT, WARNING = "rejet", "avertissement"
LAT_KEYS = ("latitude", "lat")
LON_KEYS = ("longitude", "lon", "lng")
_MAX_LEN = {"name": 200, "association": 200, "address": 300, "city": 100, "hours": 500}
_MAX_LEN |= {"notes": 2000, "source_url": 500, "website": 300, "email": 200, "phone": 40}
_SITE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)
_PHONE = re.compile(
    r"^(?:0[1-9]\d{8}"  # national
    r"|(?:\+|00)33[1-9]\d{8}"  # international, metropolitan and DROM mobile/fixed
    r"|(?:\+|00)(?:262|269|508|590|594|596|681|687|689)\d{6,9}"  # overseas prefixes
    r"|1\d{1,2}|3\d{3}|116\d{3})$"  # short numbers (17, 115, 3919, 116 006)
)


@dataclass(frozen=True)
class Issue:
    """A problem found in the list. ``row`` is the CSV line (header = 1) or JSON item number
    (first = 1); 0 for the file as a whole."""

    row: int
    field: str
    reason: str
    severity: str = REJECT
    site_id: str = ""

    def __str__(self) -> str:
        where = f"ligne {self.row}" if self.row else "fichier"
        ident = f" [{self.site_id}]" if self.site_id else ""
        return f"{where}{ident} · {self.field} : {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "field": self.field,
            "reason": self.reason,
            "severity": self.severity,
            "site_id": self.site_id,
        }


class RowValidator:
    """Validates rows one by one; remembers site_ids to refuse duplicates."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.max_year = dt.date.today().year + 1

    def validate(self, row_no: int, raw: dict[str, Any]) -> tuple[Site | None, list[Issue]]:
        row = {str(k).strip().lower(): _text(v) for k, v in raw.items() if k is not None}
        site_id = row.get("site_id", "")
        issues: list[Issue] = []

        def bad(field: str, reason: str, severity: str = REJECT) -> None:
            issues.append(Issue(row_no, field, reason, severity, site_id))

        self._check_text(row, bad)
        self._check_identity(row, row_no, bad)
        dep = departements.normalize_code(row.get("departement", ""))
        if not row.get("departement"):
            bad("departement", "obligatoire")
        elif dep is None:
            bad("departement", f"« {row['departement']} » n'est pas un code de département")
        self._check_contacts(row, dep, bad)
        coords = _coordinates(row, bad)
        if any(i.severity == REJECT for i in issues) or dep is None:
            return None, issues
        site = self._locate(row, dep, coords, bad)
        if site is not None:
            self.seen[site_id] = row_no
        return site, issues

    def _check_text(self, row: dict[str, str], bad: Any) -> None:
        for field, value in row.items():
            if _CONTROL.search(value):
                bad(field, "caractères de contrôle interdits")
            elif _HTML.search(value):
                bad(field, "balise HTML ou script interdit")
            elif len(value) > _MAX_LEN.get(field, 500):
                bad(field, f"trop long ({len(value)} caractères, {_MAX_LEN.get(field, 500)} max.)")

    def _check_identity(self, row: dict[str, str], row_no: int, bad: Any) -> None:
        site_id = row.get("site_id", "")
        if not site_id:
            bad("site_id", "obligatoire")
        elif not _SITE_ID.match(site_id):
            bad("site_id", "lettres, chiffres, « - », « _ » ou « . » seulement (100 max.)")
        elif site_id in self.seen:
            bad("site_id", f"déjà utilisé ligne {self.seen[site_id]}")
        if not row.get("name"):
            bad("name", "obligatoire")
        kind = row.get("kind", "").lower()
        if kind not in KINDS:
            bad("kind", f"« {row.get('kind', '')} » : attendu {', '.join(KINDS)}")

    def _check_contacts(self, row: dict[str, str], dep: str | None, bad: Any) -> None:
        pc = row.get("postal_code", "")
        if pc and not re.fullmatch(r"\d{5}", pc):
            bad("postal_code", f"« {pc} » : 5 chiffres attendus")
        elif pc and dep and dep not in departements.departement_of_postal_code(pc):
            bad("postal_code", f"{pc} n'est pas un code postal du département {dep}")
        phone = re.sub(r"[\s.\-()]", "", row.get("phone", ""))
        if phone and not _PHONE.match(phone):
            bad("phone", f"« {row['phone']} » n'est pas un numéro de téléphone valide")
        email = row.get("email", "")
        if email and not _EMAIL.match(email):
            bad("email", f"« {email} » n'est pas une adresse électronique valide")
        website = row.get("website", "")
        if website and not _URL.match(website):
            bad("website", f"« {website} » : adresse web en http(s):// attendue")
        year = row.get("source_year", "")
        low = settings()["import"]["min_source_year"]
        if year and not (year.isdigit() and low <= int(year) <= self.max_year):
            bad("source_year", f"« {year} » : année entre {low} et {self.max_year} attendue")

    def _locate(
        self, row: dict[str, str], dep: str, coords: tuple[float, float] | None, bad: Any
    ) -> Site | None:
        city = row.get("city", "")
        max_km = settings()["import"]["max_km_from_commune"]
        place = None
        if city:
            found = locate_commune(city, dep, row.get("postal_code", ""))
            if found.place is None:
                bad("city", found.reason)
                return None
            place = found.place
            if found.reason:
                bad("city", found.reason, WARNING)
        if coords is not None:
            lat, lon = coords
            if place is not None:
                assert place.lat is not None and place.lon is not None
                dist = haversine_km(lat, lon, place.lat, place.lon)
                if dist > max_km:
                    bad(
                        "latitude/longitude", f"à {dist:.0f} km de {place.name} ({max_km:.0f} max.)"
                    )
                    return None
            else:
                g = load()
                ids = g.by_dep.get(dep, [])
                dist = min(
                    (haversine_km(lat, lon, g.lat[i], g.lon[i]) for i in ids), default=math.inf
                )
                if dist > max_km:
                    bad("latitude/longitude", f"hors du département {dep}")
                    return None
                place = g.place(g.nearest(lat, lon)[0])
            precision = "address"
        elif place is not None:
            lat, lon = place.lat, place.lon  # type: ignore[assignment]
            precision = "commune"
        else:
            bad(
                "city",
                "ni commune ni coordonnées : contact proposé seulement pour son département",
                WARNING,
            )
            return _site(row, dep, None, None, None, None)
        return _site(row, dep, lat, lon, precision, place.insee_code if place else None)


def _site(
    row: dict[str, str],
    dep: str,
    lat: float | None,
    lon: float | None,
    precision: str | None,
    insee: str | None,
) -> Site:
    return Site(
        site_id=row["site_id"],
        name=row["name"],
        kind=row["kind"].lower(),
        departement=dep,
        association=row.get("association", ""),
        address=row.get("address", ""),
        postal_code=row.get("postal_code", ""),
        city=row.get("city", ""),
        phone=row.get("phone", ""),
        email=row.get("email", ""),
        website=row.get("website", ""),
        hours=row.get("hours", ""),
        source_url=row.get("source_url", ""),
        source_year=row.get("source_year", ""),
        notes=row.get("notes", ""),
        lat=None if lat is None else round(lat, 6),
        lon=None if lon is None else round(lon, 6),
        location_precision=precision,
        insee_code=insee,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) > 180:
        return str(int(value))
    return str(value).strip()


def _coordinates(row: dict[str, str], bad: Any) -> tuple[float, float] | None:
    lat_s = next((row[k] for k in LAT_KEYS if row.get(k)), "")
    lon_s = next((row[k] for k in LON_KEYS if row.get(k)), "")
    if not lat_s and not lon_s:
        return None
    if not lat_s or not lon_s:
        bad("latitude/longitude", "les deux sont nécessaires (ou aucune)")
        return None
    try:
        lat, lon = float(lat_s.replace(",", ".")), float(lon_s.replace(",", "."))
    except ValueError:
        bad("latitude/longitude", f"« {lat_s} », « {lon_s} » : nombres décimaux attendus")
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        bad("latitude/longitude", f"{lat}, {lon} : hors des bornes (latitude ±90, longitude ±180)")
        return None
    return lat, lon
