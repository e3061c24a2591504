"""``python -m geodata.import_sites FILE.csv|FILE.json``: import the federation's site list.

Every row is validated; rejected rows are reported with their line, field and reason.
The directory is replaced atomically (temp file, then rename) and only if the file is
usable; with ``--strict`` nothing is written as soon as one row is rejected.
The format is described in geodata/IMPORT_FORMAT.md.

Exit status: 0 all rows imported; 2 imported without the rejected rows; 1 nothing written.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geodata.config import sites_path
from geodata.sites import SOURCE_FIELDS, Site, read_directory, write_directory
from geodata.validate import LAT_KEYS, LON_KEYS, REJECT, WARNING, Issue, RowValidator

REQUIRED_COLUMNS = ("site_id", "name", "kind", "departement")
KNOWN_COLUMNS = set(SOURCE_FIELDS) | set(LAT_KEYS) | set(LON_KEYS)


class Unusable(Exception):
    """The file as a whole cannot be imported (French message)."""


@dataclass
class ImportReport:
    source: str
    output: str
    rows: int = 0
    accepted: list[Site] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    written: bool = False
    fatal: str = ""

    @property
    def rejected_rows(self) -> list[int]:
        return sorted({i.row for i in self.issues if i.severity == REJECT and i.row})

    def format(self) -> str:
        """The report in French, for staff."""
        lines = [f"Import de {self.source}"]
        if self.fatal:
            lines.append(f"Fichier inutilisable : {self.fatal}")
        else:
            lines.append(
                f"{self.rows} ligne(s) lue(s), {len(self.accepted)} acceptée(s), "
                f"{len(self.rejected_rows)} rejetée(s)."
            )
        rejects = [i for i in self.issues if i.severity == REJECT]
        warnings = [i for i in self.issues if i.severity == WARNING]
        if rejects:
            lines.append("Rejets :")
            lines += [f"  - {i}" for i in rejects]
        if warnings:
            lines.append("Avertissements (lignes importées) :")
            lines += [f"  - {i}" for i in warnings]
        if self.written:
            lines.append(f"Répertoire écrit : {self.output} ({len(self.accepted)} lieux).")
        else:
            lines.append("Rien n'a été écrit ; le répertoire en service est inchangé.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "output": self.output,
            "rows": self.rows,
            "accepted": len(self.accepted),
            "rejected_rows": self.rejected_rows,
            "issues": [i.to_dict() for i in self.issues],
            "written": self.written,
            "fatal": self.fatal,
        }


def read_rows(path: Path, issues: list[Issue]) -> list[tuple[int, dict[str, Any]]]:
    """(row number, raw row) pairs of a CSV or JSON file; raises Unusable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unusable(f"lecture impossible ({exc.strerror or exc})") from exc
    if not data.strip():
        raise Unusable("le fichier est vide")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(data, issues)
    if suffix in (".csv", ".txt"):
        return _csv_rows(data, issues)
    raise Unusable(f"extension « {suffix or '(aucune)'} » : .csv ou .json attendu")


def _json_rows(data: bytes, issues: list[Issue]) -> list[tuple[int, dict[str, Any]]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Unusable(f"JSON illisible ({exc})") from exc
    items = doc.get("sites") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise Unusable('une liste de lieux (ou un objet {"sites": [...]}) est attendue')
    out = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            out.append((number, item))
        else:
            issues.append(Issue(number, "élément", "un objet JSON est attendu", REJECT))
    _check_columns({k.strip().lower() for it in items if isinstance(it, dict) for k in it})
    return out


def _csv_rows(data: bytes, issues: list[Issue]) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        issues.append(Issue(0, "encodage", "fichier lu en Windows-1252 (UTF-8 attendu)", WARNING))
    header = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    _check_columns(columns)
    unknown = sorted(c for c in columns - KNOWN_COLUMNS if c)
    if unknown:
        issues.append(Issue(0, "colonnes", f"ignorées : {', '.join(unknown)}", WARNING))
    out = []
    line = 1
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if None in row:
                issues.append(Issue(start, "colonnes", "valeurs en trop sur la ligne", REJECT))
                continue
            if any((v or "").strip() for v in row.values()):
                out.append((start, {k: v for k, v in row.items() if k}))
    except csv.Error as exc:
        raise Unusable(f"CSV illisible ligne {line + 1} ({exc})") from exc
    return out


def _check_columns(columns: set[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise Unusable(f"colonnes obligatoires absentes : {', '.join(missing)}")
    if "city" not in columns and not columns & set(LAT_KEYS):
        raise Unusable("il faut une colonne city ou des colonnes latitude/longitude")


def import_file(
    path: Path,
    output: Path | None = None,
    *,
    strict: bool = False,
    dry_run: bool = False,
    merge: bool = False,
) -> ImportReport:
    """Validate ``path`` and, unless refused, replace (or ``merge`` into) the directory."""
    output = output or sites_path()
    report = ImportReport(str(path), str(output))
    try:
        rows = read_rows(path, report.issues)
    except Unusable as exc:
        report.fatal = str(exc)
        return report
    report.rows = len(rows)
    validator = RowValidator()
    for number, raw in rows:
        site, issues = validator.validate(number, raw)
        report.issues += issues
        if site is not None:
            report.accepted.append(site)
    if not report.accepted:
        report.fatal = "aucune ligne valide"
    elif strict and report.rejected_rows:
        report.fatal = "mode strict : au moins une ligne est rejetée"
    if report.fatal or dry_run:
        return report
    sites = report.accepted
    if merge and output.exists():
        incoming = {s.site_id for s in sites}
        try:
            current = read_directory(output).sites
        except (OSError, ValueError, KeyError, TypeError) as exc:
            report.fatal = f"répertoire actuel illisible, fusion impossible ({exc})"
            return report
        sites = [s for s in current if s.site_id not in incoming] + sites
    meta = {
        "origin": "import",
        "sources": [path.name],
        "merged": merge,
        "imported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rejected_rows": report.rejected_rows,
    }
    write_directory(output, sites, meta)
    report.written = True
    return report


_DESCRIPTION = (
    "Importe la liste des lieux d'accueil de la fédération (CSV ou JSON) : chaque ligne est "
    "contrôlée, les rejets sont signalés (ligne, champ, raison) et rien n'est écrit à "
    "moitié. Format : geodata/IMPORT_FORMAT.md."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geodata.import_sites", description=_DESCRIPTION
    )
    parser.add_argument("file", type=Path, help="liste des lieux (.csv ou .json)")
    parser.add_argument("--output", type=Path, help=f"répertoire à écrire ({sites_path()})")
    parser.add_argument(
        "--strict", action="store_true", help="rien n'est écrit si une ligne est rejetée"
    )
    parser.add_argument("--dry-run", action="store_true", help="valider seulement")
    parser.add_argument("--merge", action="store_true", help="fusionner avec le répertoire actuel")
    parser.add_argument("--report-json", type=Path, help="écrire aussi le rapport en JSON")
    args = parser.parse_args(argv)
    report = import_file(
        args.file, args.output, strict=args.strict, dry_run=args.dry_run, merge=args.merge
    )
    print(report.format())
    if args.report_json:
        args.report_json.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    if not report.written:
        return 0 if args.dry_run and not report.fatal and not report.rejected_rows else 1
    return 2 if report.rejected_rows else 0


if __name__ == "__main__":
    sys.exit(main())
