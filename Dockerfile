# fancoins API image: `fancoins serve` as a non-root user on a slim Python 3.11 base.
#   podman build -t fancoins .        (or docker build; compose.yaml builds it too)
# The base is pinned to an exact release; PYTHON_IMAGE may point at a mirror of the same image.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /build
RUN python -m venv /opt/fancoins
# The lock pins every version; as constraints it keeps the image to the runtime dependencies
# (no test or lint tools) at exactly the versions CI tested.
COPY requirements.lock pyproject.toml README.md ./
COPY src ./src
RUN /opt/fancoins/bin/pip install --constraint requirements.lock .

FROM ${PYTHON_IMAGE}
ENV PATH=/opt/fancoins/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    FANCOINS_HOST=0.0.0.0 \
    FANCOINS_PORT=8000
RUN groupadd --system --gid 10001 fancoins \
 && useradd --system --uid 10001 --gid fancoins --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin fancoins \
 && mkdir -p /app/var \
 && chown fancoins:fancoins /app/var
COPY --from=build /opt/fancoins /opt/fancoins
WORKDIR /app
# The guides, served at /guides/<name> (the app looks for docs/ in its working folder).
COPY docs ./docs
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
CMD ["fancoins", "serve"]
