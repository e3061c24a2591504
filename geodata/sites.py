"""Reception sites: the record, and the directory file (``build/sites.json``)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from geodata.config import sites_path

KINDS = ("siege", "permanence", "bav")
SOURCE_FIELDS = (
    "site_id",
    "association",
    "departement",
    "kind",
    "name",
    "address",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "hours",
    "source_url",
    "source_year",
    "notes",
)


@dataclass(frozen=True)
class Site:
    """One reception site. Empty strings mean the source did not give the value."""

    site_id: str
    name: str
    kind: str
    departement: str
    association: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    hours: str = ""
    source_url: str = ""
    source_year: str = ""
    notes: str = ""
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None  # "address", "commune", or None (not located)
    insee_code: str | None = None  # commune (or arrondissement) it is located at
    other_sources: tuple[dict[str, str], ...] = field(default=())

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["other_sources"] = list(self.other_sources)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Site:
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["other_sources"] = tuple(kwargs.get("other_sources") or ())
        return cls(**kwargs)


@dataclass
class Directory:
    """The sites served to the assistant, with where they came from."""

    sites: list[Site]
    meta: dict[str, Any]
    _index: Any = field(default=None, repr=False)
    _contacts: dict[str, tuple[Site, ...]] | None = field(default=None, repr=False)

    @property
    def located(self) -> list[Site]:
        return [s for s in self.sites if s.located]

    def by_id(self, site_id: str) -> Site | None:
        return next((s for s in self.sites if s.site_id == site_id), None)

    def contacts(self, departement: str) -> tuple[Site, ...]:
        """The département's sites without a location (contacts known by phone only)."""
        if self._contacts is None:
            groups: dict[str, list[Site]] = {}
            for s in self.sites:
                if not s.located:
                    groups.setdefault(s.departement, []).append(s)
            self._contacts = {k: tuple(v) for k, v in groups.items()}
        return self._contacts.get(departement, ())

    def index(self) -> Any:
        """The spatial index over located sites (built on first use)."""
        if self._index is None:
            from geodata.spatial import SiteIndex

            self._index = SiteIndex(self.located)
        return self._index


def write_directory(path: Path, sites: list[Site], meta: dict[str, Any]) -> None:
    """Write atomically: a temp file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"meta": {**meta, "count": len(sites)}, "sites": [s.to_dict() for s in sites]}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_directory(path: Path) -> Directory:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    return Directory([Site.from_dict(s) for s in doc["sites"]], doc.get("meta", {}))


class DirectoryMissing(RuntimeError):
    """No site directory has been built or imported."""


_LOCK = threading.Lock()
_CACHE: dict[str, tuple[float, Directory]] = {}


def directory(path: Path | None = None) -> Directory:
    """The current directory; re-read when the file changes (after an import)."""
    path = path or sites_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError as exc:
        raise DirectoryMissing(f"{path} est absent : lancez « python -m geodata.build ».") from exc
    with _LOCK:
        cached = _CACHE.get(str(path))
        if cached is None or cached[0] != mtime:
            cached = (mtime, read_directory(path))
            _CACHE[str(path)] = cached
        return cached[1]


def forget() -> None:
    with _LOCK:
        _CACHE.clear()
