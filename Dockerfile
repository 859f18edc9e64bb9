# One image for web, worker and scheduler; the gate daemon adds pcscd on top (target "gate").
# The visitor front end is built with Node in its own stage; no Node at runtime.
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY frontend/package.json frontend/package-lock.json frontend/
RUN npm ci --no-audit --no-fund --prefix frontend
COPY frontend frontend
RUN npm run build --prefix frontend

FROM python:3.12-slim-bookworm AS app
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 DJANGO_SETTINGS_MODULE=heritage_cms.settings.production
# The runtime list (ffmpeg, espeak-ng, fonts, …) the Makefile and CI share.
COPY deploy/runtime-packages.txt /tmp/
RUN apt-get update \
    && grep -v '^#' /tmp/runtime-packages.txt | xargs apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY heritage_cms heritage_cms
COPY assets_pipeline assets_pipeline
COPY audio_guides audio_guides
COPY cardreader_service cardreader_service
COPY --from=frontend /build/heritage_cms/core/static/dist heritage_cms/core/static/dist
COPY manage.py ./
# The `server` extra: the 3D pipeline, speech, the RQ task backend. The static files and their
# manifest are made here, once: production refuses to start without them (heritage_cms/wsgi.py).
# collectstatic needs no secret: the base settings suffice (production refuses to start without
# them; dev adds the demo app, which .dockerignore leaves out of the image).
RUN pip install ".[server]" \
    && DJANGO_SETTINGS_MODULE=heritage_cms.settings.base python manage.py collectstatic --noinput
RUN useradd --system --uid 10001 heritage \
    && mkdir -p /app/var/media /app/var/private-media /app/var/audio-cache /app/var/asset-work \
    && chown -R heritage /app/var
USER heritage
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["python", "-m", "heritage_cms.core.healthcheck"]
CMD ["gunicorn", "heritage_cms.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

FROM app AS gate
USER root
RUN apt-get update && apt-get install -y --no-install-recommends pcscd libpcsclite-dev gcc swig \
    && pip install ".[cards]" && rm -rf /var/lib/apt/lists/*
CMD ["heritage-gate", "--help"]
