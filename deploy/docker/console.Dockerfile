# syntax=docker/dockerfile:1
# The counsellors' console (python -m console serve). It listens on all interfaces in
# the container (CONSOLE_HOST=0.0.0.0); only the reverse proxy publishes it.
#   docker build -f deploy/docker/console.Dockerfile \
#     --build-arg BASE_IMAGE=france-victimes-assistant/base:local \
#     -t france-victimes-assistant/console:local .
ARG BASE_IMAGE=france-victimes-assistant/base:local
FROM ${BASE_IMAGE}
ENV CONSOLE_HOST=0.0.0.0
EXPOSE 5006
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/app/deploy/docker/healthcheck.py", "CONSOLE_PORT", "5006", "/ready"]
CMD ["python", "-m", "console", "serve"]
