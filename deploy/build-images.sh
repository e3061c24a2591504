#!/usr/bin/env bash
# Build the assistant's images from the repository's root: the common base first, then
# rasa (with its model), actions, console and archive on top of it.
#
#   deploy/build-images.sh [TAG]            # TAG defaults to the current commit
#   IMAGE_PREFIX=registry.example.org/france-victimes deploy/build-images.sh 1.4.0
#   PUSH=1 ...                               # push the five images afterwards
#   MODEL_DIR=models ...                     # ship a model trained beforehand
#                                            # (python -m launcher train) instead of
#                                            # training one during the build
#
# Needs Docker with BuildKit (Docker 23 or later, or DOCKER_BUILDKIT=1).
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${IMAGE_PREFIX:-france-victimes-assistant}"
tag="${1:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo local)}"
base="$prefix/base:$tag"

docker build -f deploy/docker/base.Dockerfile -t "$base" .

model_context=()
if [ -n "${MODEL_DIR:-}" ]; then
    # A named context replaces the Dockerfile's `model` stage: no training.
    model_context=(--build-context "model=$MODEL_DIR")
fi
docker buildx build --load "${model_context[@]}" -f deploy/docker/rasa.Dockerfile \
    --build-arg "BASE_IMAGE=$base" -t "$prefix/rasa:$tag" .

for service in actions console archive; do
    docker build -f "deploy/docker/$service.Dockerfile" \
        --build-arg "BASE_IMAGE=$base" -t "$prefix/$service:$tag" .
done

if [ "${PUSH:-0}" = 1 ]; then
    for image in base rasa actions console archive; do
        docker push "$prefix/$image:$tag"
    done
fi
echo "Built $prefix/{base,rasa,actions,console,archive}:$tag"
