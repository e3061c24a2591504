#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the project from pyproject.toml, pinned by
# constraints.txt. `--test` adds what the tests need. Does nothing when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

find_python310() {
    local candidates=("${PYTHON:-}" python3.10)
    if command -v pyenv >/dev/null 2>&1; then
        candidates+=("$(pyenv root)"/versions/3.10*/bin/python3.10)
    fi
    candidates+=("$HOME"/.pyenv/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] || continue
        if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
            command -v "$candidate" || echo "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ]; then
    python310=$(find_python310) || {
        echo "Python 3.10 is needed (Rasa 3.6 does not install on 3.11+)." >&2
        echo "Install it (e.g. 'pyenv install 3.10') or set PYTHON=/path/to/python3.10." >&2
        exit 1
    }
    echo "Creating .venv with $python310"
    "$python310" -m venv .venv
fi

stamp=".venv/.installed$(echo "$extras" | tr -d '[]')-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
    echo "Installing the project$extras (the first time takes a few minutes)"
    .venv/bin/python -m pip install --quiet --upgrade "pip==26.3"
    .venv/bin/python -m pip install --quiet --constraint constraints.txt --editable ".$extras"
    .venv/bin/python -m pip check
    touch "$stamp"
fi
