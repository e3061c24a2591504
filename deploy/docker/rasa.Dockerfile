# syntax=docker/dockerfile:1
# The Rasa server (python -m launcher serve rasa), with its trained model inside.
#   docker build -f deploy/docker/rasa.Dockerfile \
#     --build-arg BASE_IMAGE=france-victimes-assistant/base:local \
#     -t france-victimes-assistant/rasa:local .
# By default the model is trained during the build (about 15 minutes on 2 cores, about
# 2 GB of memory). To ship a model trained once elsewhere (`python -m launcher train`,
# the file models/assistant-<hash>.tar.gz), give its folder as the `model` context:
#   docker buildx build --build-context model=models/ ...
# The build fails if the model for the current training data is not there.
ARG BASE_IMAGE=france-victimes-assistant/base:local

FROM ${BASE_IMAGE} AS base

# Trains the model of the current domain and data into /tmp/models (a build stage
# only; Rasa's training cache goes to /tmp too, as the code is read-only).
FROM base AS trainer
ENV MODELS_DIR=/tmp/models \
    BUILD_DIR=/tmp/train-build \
    RASA_CACHE_DIRECTORY=/tmp/rasa-cache
RUN python -m launcher train

# The model files alone (replaced by `--build-context model=...`).
FROM scratch AS model
COPY --from=trainer /tmp/models/ /

FROM base
COPY --from=model / /app/models/
# The model named by the hash of what it is trained from must be there: a stale model
# is refused here rather than at start.
RUN python -c "from launcher.model import MODEL_PREFIX, build_inputs, training_fingerprint; \
from launcher.settings import Settings; \
settings = Settings.from_env(); \
name = MODEL_PREFIX + training_fingerprint(*build_inputs(settings)) + '.tar.gz'; \
assert (settings.models_dir / name).is_file(), 'no model ' + name + ' in ' + str(settings.models_dir); \
print('model', name)" \
    && rm -rf /tmp/assistant
ENV SANIC_WORKERS=1 \
    TF_INTRA_OP_PARALLELISM_THREADS=1 \
    TF_INTER_OP_PARALLELISM_THREADS=1
EXPOSE 5005
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["python", "/app/deploy/docker/healthcheck.py", "RASA_PORT", "5005", "/ready"]
CMD ["python", "-m", "launcher", "serve", "rasa"]
