#!/usr/bin/env bash
# Installs what the submission sandbox (runner/sandbox.ts) needs: bubblewrap (namespaces), util-linux's
# prlimit and setpriv (kernel limits, the uid switch), and a dedicated unprivileged system user that
# submissions run as when the grader runs as root. Idempotent; needs root (or sudo) and Debian's package
# repositories for what is missing. Ends by checking that a sandbox actually starts.
#
# Usage: sudo bash scripts/install-sandbox.sh        (CI calls it from .ci/run)
set -euo pipefail
SANDBOX_USER="${NN_ORACLE_SANDBOX_USER:-nn-oracle-sandbox}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-sandbox: needs root (or sudo) to install packages and create the user $SANDBOX_USER" >&2; exit 1; fi
fi

missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
{ command -v prlimit >/dev/null 2>&1 && command -v setpriv >/dev/null 2>&1; } || missing+=(util-linux)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-sandbox: this script knows Debian/Ubuntu (apt-get) only; install ${missing[*]} by hand" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! getent passwd "$SANDBOX_USER" >/dev/null; then
  # a system user: no home, no login shell, its own group; submissions run as it when the grader is root
  $SUDO useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SANDBOX_USER"
fi

echo "bubblewrap $(bwrap --version | awk '{print $2}'), $(prlimit --version | head -n1), sandbox user $SANDBOX_USER ($(id -u "$SANDBOX_USER"):$(id -g "$SANDBOX_USER"))"

# The check: a sandbox with its own PID and network namespaces starts and runs as the sandbox user.
probe=(bwrap --unshare-pid --unshare-net --unshare-ipc --unshare-uts --die-with-parent --new-session
  --ro-bind /usr /usr --proc /proc --dev /dev)
for d in /bin /sbin /lib /lib32 /lib64; do
  if [ -L "$d" ]; then probe+=(--symlink "$(readlink "$d")" "$d"); elif [ -d "$d" ]; then probe+=(--ro-bind "$d" "$d"); fi
done
if [ "$(id -u)" -eq 0 ]; then
  probe+=(-- setpriv --reuid="$(id -u "$SANDBOX_USER")" --regid="$(id -g "$SANDBOX_USER")" --clear-groups id -u)
  want="$(id -u "$SANDBOX_USER")"
else
  probe=("${probe[0]}" --unshare-user "${probe[@]:1}" -- id -u)
  want="$(id -u)"
fi
if got=$("${probe[@]}" 2>&1) && [ "$got" = "$want" ]; then
  echo "sandbox check: namespaces and uid switch work"
else
  echo "install-sandbox: bubblewrap is installed but a sandbox does not start here: $got" >&2
  echo "  (in a container, namespaces need CAP_SYS_ADMIN or unprivileged user namespaces;" >&2
  echo "   nn-oracle then falls back to the uid switch alone, see docs/grading.md)" >&2
  exit 1
fi
