#!/usr/bin/env bash
# Chromium for the pages that need JavaScript (Shufti job pages) and the digest's browser test.
# Debian's package where apt is usable; otherwise Playwright's own download.
set -euo pipefail
venv_python=${1:-.venv/bin/python}
if command -v chromium >/dev/null 2>&1; then
  echo "chromium: $(command -v chromium)"
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  if $sudo true 2>/dev/null; then
    echo "installing Debian's chromium (about a minute)…"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
    echo "chromium: $(command -v chromium)"
    exit 0
  fi
fi
echo "no Debian chromium available: using Playwright's own browser"
"$venv_python" -m playwright install chromium
