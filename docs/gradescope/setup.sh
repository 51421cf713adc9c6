#!/usr/bin/env bash
# Gradescope autograder set-up for nn-oracle (runs once, as root, when the autograder image is built).
# The autograder zip holds: setup.sh, run_autograder, nn-oracle/ (this repository), and optionally
# rubric.json and grade.env (extra `nn-oracle grade` options, e.g. GRADE_OPTS="--precision float32").
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"

# Node 20 (Gradescope's Ubuntu images ship an older one or none) and Python 3 for Python submissions.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  apt-get update
  apt-get install -y ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
command -v python3 >/dev/null || { apt-get update && apt-get install -y python3; }

cd "$SOURCE/nn-oracle"
npm ci --no-audit --no-fund
npm run build
