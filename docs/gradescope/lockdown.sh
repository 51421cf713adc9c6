#!/usr/bin/env bash
# Makes an installed nn-oracle tree unreadable to the sandbox user, except what a sandboxed submission
# process needs: the runner's hosts (runner/) and the packages they load (node_modules/: TypeScript for
# .ts submissions). The grader runs as root and reads everything; a submission — even where the image
# allows no namespaces and the uid switch is the only layer — cannot read, import or run the reference
# implementation (dist/reference is a correct solution), the fixtures or anything else of the grader.
# Also removes examples/ (example solutions) and .git. Usage: bash lockdown.sh <nn-oracle folder>
set -euo pipefail
NN="$(cd "${1:?usage: lockdown.sh <nn-oracle folder>}" && pwd -P)"
[ -f "$NN/package.json" ] && [ -d "$NN/runner" ] || { echo "lockdown.sh: $NN is not an nn-oracle tree" >&2; exit 1; }
rm -rf "$NN/examples" "$NN/.git"
# -P: never through a symbolic link (a linked node_modules keeps its own modes)
find -P "$NN" -mindepth 1 -maxdepth 1 ! -name runner ! -name node_modules ! -name package.json -exec chmod -R go-rwx {} +
chmod go-w "$NN"
chmod go+x "$NN"
chmod -R go+rX "$NN/runner"
chmod go+r "$NN/package.json"
[ -L "$NN/node_modules" ] || chmod -R go+rX "$NN/node_modules"
echo "lockdown: $NN readable by root only, but runner/, node_modules/ and package.json"
