#!/usr/bin/env bash
# make backup / make restore: one manage.py command (cadangkan or pulihkan) against the database `make run` uses:
# DATABASE_URL when set, else the embedded PostgreSQL under .local/. An embedded server that is already running
# (make run in another terminal) is left running; one started here is stopped afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started_local=0
if [ -z "${DATABASE_URL:-}" ]; then
  pidfile="${KOTAKU_LOCAL_DIR:-.local}/pgdata/postmaster.pid"
  if ! { [ -f "$pidfile" ] && kill -0 "$(head -n 1 "$pidfile")" 2>/dev/null; }; then started_local=1; fi
fi
eval "$($PY -m kotaku.layanan_lokal env)" || exit 1
export DATABASE_URL REDIS_URL
$PY manage.py "$@"
rc=$?
if [ "$started_local" = 1 ]; then $PY -m kotaku.layanan_lokal stop || true; fi
exit $rc
