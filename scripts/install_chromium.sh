#!/usr/bin/env bash
# Chromium for the pages that need JavaScript (Shufti job pages) and the digest's browser test,
# plus a Japanese font so screenshots are readable. Debian's packages where apt is usable;
# otherwise Playwright's own browser download.
set -euo pipefail
venv_python=${1:-.venv/bin/python}
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=ja | grep -q .; }; then
  need+=(fonts-noto-cjk)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "chromium: $(command -v chromium)"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
if command -v apt-get >/dev/null 2>&1 && $sudo true 2>/dev/null; then
  echo "installing ${need[*]} from Debian (about a minute)…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  echo "chromium: $(command -v chromium)"
  exit 0
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "no Debian chromium available: using Playwright's own browser"
  "$venv_python" -m playwright install chromium
fi
echo "note: no Japanese font found; digest screenshots will show boxes instead of Japanese" >&2
