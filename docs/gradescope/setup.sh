#!/usr/bin/env bash
# Gradescope autograder set-up for nn-oracle (runs once, as root, when the autograder image is built).
# The autograder zip (docs/gradescope/make-autograder.sh builds it) holds: setup.sh, run_autograder,
# nn-oracle/ (this repository without its example solutions), and optionally rubric.json and grade.env
# (ENTRY, SANDBOX, GRADE_OPTS: see run_autograder). EXTRA_APT_PACKAGES adds Debian packages
# (python/setup.sh sets python3-numpy).
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
NN="$SOURCE/nn-oracle"
export DEBIAN_FRONTEND=noninteractive

# Node 20 (Gradescope's Ubuntu images ship an older one or none) and Python 3 for Python submissions.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  apt-get update
  apt-get install -y ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends python3 ${EXTRA_APT_PACKAGES:-}

cd "$NN"
npm ci --no-audit --no-fund
npm run build

# The sandbox: bubblewrap, util-linux's setpriv and prlimit, and the unprivileged user submissions run as.
# Its closing check fails where the image allows no namespaces; the uid switch alone still isolates
# (run_autograder passes --sandbox required, which refuses to grade only without either).
if ! bash scripts/install-sandbox.sh; then
  echo "setup.sh: no namespaces in this image; submissions run under the uid switch alone (docs/grading.md, isolation)"
fi
for tool in bwrap setpriv prlimit; do command -v "$tool" >/dev/null || { echo "setup.sh: $tool is missing" >&2; exit 1; }; done
getent passwd "${NN_ORACLE_SANDBOX_USER:-nn-oracle-sandbox}" >/dev/null || { echo "setup.sh: the sandbox user was not created" >&2; exit 1; }

# Nothing a submission could run as a solution stays readable by the sandbox user.
bash "$NN/docs/gradescope/lockdown.sh" "$NN"
