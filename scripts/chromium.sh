#!/usr/bin/env bash
# Browser tests need Debian's Chromium (no Playwright download) and poppler's pdftoppm for PDF snapshots.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Memasang ${missing[*]} (apt)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Perlu paket: ${missing[*]}. Pasang dengan: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
