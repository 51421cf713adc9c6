#!/usr/bin/env bash
# Makes sure `python3` on PATH can import numpy: the Python host's tests (runner/python.test.ts) and the
# numpy examples (examples/students/python/, graded by grader/examples-python.test.ts) need it. Installs
# Debian's python3 and python3-numpy when `python3 -c 'import numpy'` fails. Idempotent; needs root (or
# sudo) and Debian's package repositories only when something is missing.
#
# Usage: sudo bash scripts/install-python.sh        (CI calls it from .ci/run)
set -euo pipefail
have_numpy() { command -v python3 >/dev/null 2>&1 && python3 -c 'import numpy' >/dev/null 2>&1; }
describe() { python3 -c 'import sys, numpy; print("numpy", numpy.__version__, "for", sys.executable, "(Python %d.%d.%d)" % sys.version_info[:3])'; }
if have_numpy; then
  echo "numpy already installed: $(describe)"; exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-python: needs root (or sudo) to install packages" >&2; exit 1; fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-python: this script knows Debian/Ubuntu (apt-get) only; install Python >= 3.8 with numpy by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3 python3-numpy >/dev/null
if ! have_numpy; then
  found=$(command -v python3 || echo "no python3")
  echo "install-python: installed python3-numpy for /usr/bin/python3, but python3 on PATH ($found) still cannot import numpy:" >&2
  echo "  put /usr/bin before it on PATH, or install numpy for that interpreter ($found -m pip install numpy)" >&2
  exit 1
fi
echo "numpy installed: $(describe)"
