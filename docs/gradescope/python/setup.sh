#!/usr/bin/env bash
# Gradescope set-up for Python and notebook submissions (hw.py, hw.ipynb): the common set-up
# (nn-oracle/docs/gradescope/setup.sh) with numpy installed for the submissions.
set -euo pipefail
SOURCE="${AUTOGRADER_ROOT:-/autograder}/source"
EXTRA_APT_PACKAGES="python3-numpy ${EXTRA_APT_PACKAGES:-}" exec bash "$SOURCE/nn-oracle/docs/gradescope/setup.sh"
