#!/usr/bin/env bash
# make bench: speed figures (not timed tests). Prints a table; copy it into the README.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
eval "$($PY -m kotaku.layanan_lokal env)" || exit 1
export DATABASE_URL REDIS_URL
$PY manage.py migrate --noinput >/dev/null
rc=0
for b in benchmarks/bench_*.py; do
  [ -e "$b" ] || continue
  $PY "$b" || rc=1
done
$PY -m kotaku.layanan_lokal stop || true
exit $rc
