#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the project from pyproject.toml, pinned by
# constraints.txt; build the chat widget with npm. `--test` adds what the tests need
# (Python extras, and Debian's Chromium for the widget's browser tests). Does nothing
# when up to date.
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

# The chat widget: npm dependencies from package-lock.json, then the bundle in widget/dist.
command -v npm >/dev/null 2>&1 || {
    echo "npm is needed to build the chat widget (Node.js 18 or later): apt-get install nodejs npm" >&2
    exit 1
}
npm_stamp="widget/node_modules/.installed-$(cat widget/package.json widget/package-lock.json | sha256sum | cut -c1-16)"
if [ ! -e "$npm_stamp" ]; then
    echo "Installing the widget's npm packages"
    (cd widget && npm ci --no-audit --no-fund --loglevel=error)
    touch "$npm_stamp"
fi
build_stamp="widget/dist/.built-$(cat widget/package.json widget/package-lock.json widget/src/* | sha256sum | cut -c1-16)"
if [ ! -e "$build_stamp" ]; then
    echo "Building the chat widget"
    rm -rf widget/dist
    (cd widget && npm run --silent build)
    touch "$build_stamp"
fi

# The widget's browser tests drive Debian's Chromium (never a downloaded browser).
if [ "$extras" = "[test]" ] && [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Chromium for the widget tests"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq chromium >/dev/null || {
            apt-get update -qq && apt-get install -y -qq chromium >/dev/null
        }
    else
        echo "Chromium is needed for the widget tests: sudo apt-get install chromium" >&2
        echo "(or set CHROMIUM=/path/to/chromium)." >&2
        exit 1
    fi
fi

# --- Deployment validators (tests/deploy/): BEGIN --------------------------------------
# Debian's docker-compose (v1, Python; `config` validates deploy/compose.yaml without a
# Docker daemon; no recommends, so no Docker engine) and haproxy (`haproxy -c` checks the
# Redis Sentinel overlay's configuration, and its tests run it). Root only, like Chromium.
install_deploy_validators() {
    local missing=()
    command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
    command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing the deployment validators: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
            apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        }
    else
        echo "The deployment tests need: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
}
if [ "$extras" = "[test]" ]; then
    install_deploy_validators
fi
# --- Deployment validators: END ---------------------------------------------------------
