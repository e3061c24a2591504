# syntax=docker/dockerfile:1
# The archiver (python -m archive serve): exactly one per Redis, as it is the only
# consumer of its group. Health, readiness and metrics on ARCHIVE_PORT, on all
# interfaces in the container (ARCHIVE_HOST=0.0.0.0).
#   docker build -f deploy/docker/archive.Dockerfile \
#     --build-arg BASE_IMAGE=france-victimes-assistant/base:local \
#     -t france-victimes-assistant/archive:local .
ARG BASE_IMAGE=france-victimes-assistant/base:local
FROM ${BASE_IMAGE}
ENV ARCHIVE_HOST=0.0.0.0
EXPOSE 5007
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "/app/deploy/docker/healthcheck.py", "ARCHIVE_PORT", "5007", "/ready"]
CMD ["python", "-m", "archive", "serve"]
