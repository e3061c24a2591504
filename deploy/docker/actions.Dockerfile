# syntax=docker/dockerfile:1
# The action server (python -m launcher serve actions): the custom actions, the handoff
# requests (Redis) and the place gazetteer built into the base image.
#   docker build -f deploy/docker/actions.Dockerfile \
#     --build-arg BASE_IMAGE=france-victimes-assistant/base:local \
#     -t france-victimes-assistant/actions:local .
ARG BASE_IMAGE=france-victimes-assistant/base:local
FROM ${BASE_IMAGE}
EXPOSE 5055
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/app/deploy/docker/healthcheck.py", "ACTION_PORT", "5055", "/ready"]
CMD ["python", "-m", "launcher", "serve", "actions"]
