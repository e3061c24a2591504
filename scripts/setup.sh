#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the project from pyproject.toml, pinned by
# constraints.txt; build the chat widget with npm. `--test` adds what the tests need
# (Python extras, and Debian packages: see install_test_packages), `--bench` the load
# tool of the benchmarks. Does nothing when up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
case "${1:-}" in
    --test) extras="[test]" ;;
    --bench) extras="[bench]" ;;
esac

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

# What the tests need from Debian, installed when missing (as root; otherwise it says
# how): Chromium for the browser tests (never a downloaded browser), nginx in front of
# the Rasa replicas, docker-compose (v1, `config` checks deploy/compose.yaml without a
# Docker daemon; no recommends, so no Docker engine) and haproxy (the Redis Sentinel
# overlay's configuration and failover tests).
apt_install() {
    echo "Installing Debian packages for the tests: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$@" >/dev/null || {
        apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
    }
}
install_test_packages() {
    local browser=() bare=()
    [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || browser+=(chromium)
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || bare+=(nginx-light)
    command -v docker-compose >/dev/null 2>&1 || bare+=(docker-compose)
    command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || bare+=(haproxy)
    [ ${#browser[@]} -eq 0 ] && [ ${#bare[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "The tests need: sudo apt-get install ${browser[*]} ${bare[*]}" >&2
        echo "(or set CHROMIUM=/path/to/chromium)." >&2
        exit 1
    fi
    [ ${#browser[@]} -eq 0 ] || apt_install "${browser[@]}"
    [ ${#bare[@]} -eq 0 ] || apt_install --no-install-recommends "${bare[@]}"
}
if [ "$extras" = "[test]" ]; then
    install_test_packages
fi
