#!/usr/bin/env bash
# Installs Debian's chromium for the HTML grading report's browser test (grader/report-html.browser.test.ts,
# driven by playwright-core with executablePath /usr/bin/chromium). Idempotent; needs root (or sudo) and
# Debian's package repositories. No browser is downloaded by npm: playwright-core ships no browsers.
#
# Usage: sudo bash scripts/install-chromium.sh        (CI calls it from .ci/run)
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(chromium --version 2>/dev/null || echo '(version unknown)')"; exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: needs root (or sudo) to install packages" >&2; exit 1; fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: this script knows Debian/Ubuntu (apt-get) only; install chromium by hand and make sure /usr/bin/chromium (or NN_ORACLE_CHROMIUM) points at it" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium installed: $(chromium --version 2>/dev/null || echo '(version unknown)')"
