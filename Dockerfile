# syntax=docker/dockerfile:1
#
# tornado-operator image: the operator (`tornado operator`, the default command) and the
# iteration Jobs (`tornado job ...`) run from this one image.
#
#   docker build -t ghcr.io/agenttesting/tornado-operator:0.1.0 .
#
# Two stages: the builder makes a wheel of this repository and installs it with its
# dependencies into a virtualenv at /opt/tornado; the runtime stage is the same slim Python
# base with only that virtualenv copied in. It runs as the unprivileged user 10001 and writes
# nothing outside /tmp, so it works with readOnlyRootFilesystem and an emptyDir on /tmp.
# tests/unit/test_dockerfile.py checks this file; tests/integration/test_image_install.py
# replays the builder's install steps without a container engine.

# The exact Python patch release, on Debian bookworm; both stages use the same base so the
# virtualenv's interpreter symlink (/opt/tornado/bin/python -> /usr/local/bin/python3.11)
# resolves in the runtime stage.
ARG BASE_IMAGE=python:3.11.14-slim-bookworm

FROM ${BASE_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/tornado
COPY pyproject.toml README.md ./
COPY operator/ ./operator/
# Build a wheel of the repository, then install it (and its pinned-by-range dependencies)
# into the virtualenv; pip compiles the bytecode at install time, so nothing is written at
# run time.
RUN /opt/tornado/bin/pip wheel --no-deps --wheel-dir /wheels /src
RUN /opt/tornado/bin/pip install /wheels/tornado_operator-*.whl
RUN /opt/tornado/bin/tornado --help > /dev/null

FROM ${BASE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="tornado-operator" \
      org.opencontainers.image.description="Kubernetes operator that runs tornado sessions: an iterative auto-fix loop for conversational-agent pathways" \
      org.opencontainers.image.source="https://github.com/agenttesting/tornado-operator" \
      org.opencontainers.image.url="https://github.com/agenttesting/tornado-operator" \
      org.opencontainers.image.documentation="https://github.com/agenttesting/tornado-operator/blob/main/docs/deploy.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="agenttesting.dev" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11.14-slim-bookworm"
# WordNet's database: the lexicon of the offline engine's label routing (engine/sim/wordnet.py
# reads /usr/share/wordnet).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends wordnet-base \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 tornado \
    && useradd --system --uid 10001 --gid 10001 --home-dir /tmp --no-create-home \
       --shell /usr/sbin/nologin tornado
COPY --from=builder /opt/tornado /opt/tornado
ENV PATH=/opt/tornado/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /tmp
USER 10001:10001
# 8000: /metrics, 8080: /healthz and /readyz, 9443: the admission webhook (TLS).
EXPOSE 8000 8080 9443
ENTRYPOINT ["tornado"]
CMD ["operator"]
