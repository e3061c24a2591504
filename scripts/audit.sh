#!/usr/bin/env bash
# Audit the Python packages installed in .venv for known vulnerabilities, with pip-audit
# in a throwaway venv (its own dependencies conflict with Rasa 3.6's pins).
#
# Fails on a vulnerability that scripts/audit-triage.yml does not list (by id or alias).
# When no vulnerability service answers (PyPI's JSON API, api.osv.dev), it says
# "audit not run" and succeeds: the environment lacks the network, not the code.
# AUDIT_REQUIRED=1 makes that a failure too (for a CI that has the network);
# AUDIT_OSV_URL points to another OSV server (a mirror).
set -euo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT="pip-audit==2.10.1"
OSV_URL="${AUDIT_OSV_URL:-https://api.osv.dev/v1/query}"
TRIAGE=scripts/audit-triage.yml

not_run() {
    echo "audit not run: $1"
    [[ "${AUDIT_REQUIRED:-0}" == 1 ]] && exit 1
    exit 0
}

# The first service that knows the vulnerabilities of an old Jinja2, if any answers.
service=$(.venv/bin/python - "$OSV_URL" <<'EOF'
import json
import sys
import urllib.request

query = {"package": {"name": "jinja2", "ecosystem": "PyPI"}, "version": "2.4.1"}
probes = {
    "osv": urllib.request.Request(
        sys.argv[1],
        data=json.dumps(query).encode(),
        headers={"Content-Type": "application/json"},
    ),
    "pypi": urllib.request.Request("https://pypi.org/pypi/jinja2/2.4.1/json"),
}
for name, request in probes.items():
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            answer = json.load(reply)
    except (OSError, ValueError):
        continue
    if answer.get("vulns") or answer.get("vulnerabilities"):
        print(name)
        break
EOF
)
[[ -n "$service" ]] || not_run "no vulnerability service reachable ($OSV_URL, PyPI's JSON API)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Packages as `name==version`: the project itself (editable) and anything installed from
# a path or a URL are left out, and said.
.venv/bin/python -m pip freeze --exclude-editable >"$work/freeze.txt"
grep -E '^[A-Za-z0-9._-]+==' "$work/freeze.txt" >"$work/installed.txt"
grep -vE '^[A-Za-z0-9._-]+==|^#' "$work/freeze.txt" | sed 's/^/not audited (not from PyPI): /' || true

.venv/bin/python -m venv "$work/venv"
if ! "$work/venv/bin/pip" install "$PIP_AUDIT" >"$work/pip.log" 2>&1; then
    cat "$work/pip.log"
    not_run "pip-audit could not be installed"
fi
echo "auditing $(wc -l <"$work/installed.txt") packages with $service"
status=0
"$work/venv/bin/pip-audit" --requirement "$work/installed.txt" --no-deps --disable-pip \
    --vulnerability-service "$service" --osv-url "$OSV_URL" --aliases on --progress-spinner off \
    --format json --output "$work/audit.json" 2>"$work/pip-audit.log" || status=$?
if [[ ! -s "$work/audit.json" ]]; then
    cat "$work/pip-audit.log" >&2
    echo "pip-audit failed (exit status $status)" >&2
    exit 2
fi

# Each vulnerability found: triaged (with its decision) or new, which fails the audit.
.venv/bin/python - "$work/audit.json" "$TRIAGE" <<'EOF'
import json
import sys

import yaml

report_path, triage_path = sys.argv[1:3]
with open(report_path, encoding="utf-8") as report:
    dependencies = json.load(report)["dependencies"]
with open(triage_path, encoding="utf-8") as triage:
    decisions = {
        known: entry["decision"]
        for entry in yaml.safe_load(triage) or []
        for known in [entry["id"], *entry.get("aliases", [])]
    }
new = 0
for dependency in dependencies:
    if dependency.get("skip_reason"):
        print(f"not audited: {dependency['name']}: {dependency['skip_reason']}")
    for vuln in dependency.get("vulns", []):
        found = f"{dependency['name']} {dependency['version']} {vuln['id']}"
        ids = [vuln["id"], *vuln.get("aliases", [])]
        decision = next((decisions[known] for known in ids if known in decisions), None)
        if decision:
            print(f"triaged: {found}: {decision}")
        else:
            new += 1
            fixed_in = ", ".join(vuln["fix_versions"]) or "no fix yet"
            print(f"NEW: {found} ({', '.join(ids[1:])}; fixed in {fixed_in})")
if new:
    sys.exit(f"{new} vulnerabilities not triaged: judge each one in {triage_path}")
print("audit passed: every vulnerability found is triaged")
EOF
