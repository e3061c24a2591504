#!/usr/bin/env bash
# Lint, train the model if needed, then run the whole test suite. The tests start the
# services they need themselves (Redis, the action server, Rasa) on free local ports.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
scripts/audit.sh
.venv/bin/python -m launcher train
exec .venv/bin/python -m pytest "$@"
