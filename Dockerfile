# Production image: gunicorn web, Celery worker and beat share it (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; DejaVu fonts for PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 kotaku

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kotaku ./kotaku
COPY ksm ./ksm
COPY pinjaman ./pinjaman
COPY laporan ./laporan
COPY templates ./templates
COPY static ./static
COPY manage.py ./
RUN pip install --upgrade pip && pip install . \
 && DATABASE_URL=postgresql://x@localhost/x REDIS_URL=redis://localhost:6379/0 SECRET_KEY=build STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput \
 && chown -R kotaku:kotaku /app
USER kotaku
EXPOSE 8000
CMD ["gunicorn", "kotaku.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
