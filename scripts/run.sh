#!/usr/bin/env bash
# make run: embedded services (unless DATABASE_URL/REDIS_URL are set), migrate, demo once, web + worker + beat.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started_local=0
if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then started_local=1; fi
eval "$($PY -m kotaku.layanan_lokal env)"
export DATABASE_URL REDIS_URL
# gunicorn serves plain HTTP on 127.0.0.1: turn off the HTTPS-only defaults (SSL redirect, HSTS, secure cookies).
export KOTAKU_HTTP_LOKAL=true
stop_all() {
  trap - EXIT INT TERM
  if [ "$started_local" = 1 ]; then $PY -m kotaku.layanan_lokal stop || true; fi
}
trap stop_all EXIT INT TERM
$PY manage.py migrate --noinput
$PY manage.py seed_demo --jika-kosong
PORT=${PORT:-8000}
export PORT
$PY manage.py demo_logins --url "http://127.0.0.1:${PORT}/"
.venv/bin/honcho start -f Procfile
