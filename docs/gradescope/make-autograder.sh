#!/usr/bin/env bash
# Builds the autograder for Gradescope from this repository: a zip (or a folder) holding setup.sh,
# run_autograder, grade.env, rubric.json (when given) and nn-oracle/ — the repository's tracked files
# without the example solutions (examples/), the tests and CI. Upload the zip under
# "Configure autograder → Zip file upload"; docs/grading.md, section Gradescope, says the rest.
#
# usage: bash docs/gradescope/make-autograder.sh [--python] [--entry NAME] [--rubric FILE] [--grade-opts "OPTS"] OUT
#   --python        the Python/notebook variant: python/setup.sh (numpy) and python/grade.env (ENTRY="hw.ipynb")
#   --entry NAME    the file to grade, as students upload it (e.g. "hw.py"); without it, the one candidate file
#   --rubric FILE   points and scope (docs/grading.md, "Rubric and course scope")
#   --grade-opts    extra `nn-oracle grade` options for every submission
#   OUT             a .zip file, or a folder to fill
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd -P)"
REPO="$(cd "$HERE/../.." && pwd -P)"
python=0
entry=""
rubric=""
opts=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python=1 ;;
    --entry) entry="${2:?--entry needs a file name}"; shift ;;
    --rubric) rubric="${2:?--rubric needs a file}"; shift ;;
    --grade-opts) opts="${2?--grade-opts needs a value}"; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "make-autograder: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$out" ] || { echo "make-autograder: one OUT only" >&2; exit 2; }; out="$1" ;;
  esac
  shift
done
[ -n "$out" ] || { echo "make-autograder: name the OUT zip or folder (see --help)" >&2; exit 2; }
[ -z "$rubric" ] || [ -f "$rubric" ] || { echo "make-autograder: no rubric file $rubric" >&2; exit 2; }
case "$entry" in */* | *\\*) echo "make-autograder: --entry is a file name, not a path: $entry" >&2; exit 2 ;; esac
command -v git >/dev/null && git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || { echo "make-autograder: needs git and a git checkout (it ships the tracked files)" >&2; exit 2; }

tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
if [ "$python" = 1 ]; then cp "$HERE/python/setup.sh" "$tree/setup.sh"; else cp "$HERE/setup.sh" "$tree/setup.sh"; fi
cp "$HERE/run_autograder" "$tree/run_autograder"
chmod 755 "$tree/setup.sh" "$tree/run_autograder"
{
  if [ "$python" = 1 ]; then cat "$HERE/python/grade.env"; else echo '# Read by run_autograder (bash): ENTRY, SANDBOX, GRADE_OPTS (see run_autograder)'; fi
  [ -n "$entry" ] && printf 'ENTRY=%q\n' "$entry"
  [ -n "$opts" ] && printf 'GRADE_OPTS=%q\n' "$opts"
  true
} > "$tree/grade.env"
[ -n "$rubric" ] && cp "$rubric" "$tree/rubric.json"

# the tracked files, without what could serve as a solution or is not needed to grade
mkdir "$tree/nn-oracle"
git -C "$REPO" ls-files -z \
  | grep -zv -E '^(examples/|\.ci/|test/|node_modules$|node_modules/)|\.test\.ts$|\.test-helpers\.ts$' \
  | (cd "$REPO" && xargs -0 tar -cf - --no-recursion) \
  | tar -xf - -C "$tree/nn-oracle"

if [[ "$out" == *.zip ]]; then
  rm -f "$out"
  abs="$(cd "$(dirname "$out")" && pwd -P)/$(basename "$out")"
  if command -v zip >/dev/null; then
    (cd "$tree" && zip -qry "$abs" .) # -y: a link is stored as a link, never followed
  else
    # Python's zipfile where zip is not installed (the tree holds no links: they are not followed either)
    python3 - "$tree" "$abs" <<'PY'
import os, sys, zipfile
tree, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(tree):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if not os.path.islink(p):
                z.write(p, os.path.relpath(p, tree))
PY
  fi
  echo "make-autograder: $out ($(du -h "$abs" | cut -f1)); upload it on Gradescope"
else
  mkdir -p "$out"
  cp -a "$tree/." "$out/"
  echo "make-autograder: $out"
fi
