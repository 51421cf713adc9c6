#!/usr/bin/env bash
# Installs Mesa's software Vulkan driver (lavapipe), new enough for Dawn's WebGPU (Mesa >= 23).
# Debian bookworm ships Mesa 22.3, so on bookworm the driver comes from bookworm-backports; on newer
# Debian releases the distribution's own package is used. Idempotent; needs root (or sudo) and
# Debian's package repositories. The backports source is derived from the machine's own Debian
# source list, so no mirror is named here.
#
# Usage: sudo bash scripts/install-lavapipe.sh        (CI calls it from .ci/run)
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-lavapipe: needs root (or sudo) to install packages" >&2; exit 1; fi
fi
have_new_mesa() {
  [ -n "$(ls /usr/share/vulkan/icd.d/lvp_icd*.json 2>/dev/null)" ] &&
    dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -qvE '^(1[0-9]|2[0-2])\.'
}
if have_new_mesa; then
  echo "lavapipe already installed: mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"; exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-lavapipe: this script knows Debian/Ubuntu (apt-get) only; install Mesa >= 23 with its Vulkan lavapipe driver by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
target=()
if [ "$codename" = "bookworm" ]; then
  src=/etc/apt/sources.list.d/debian.sources
  if [ -f "$src" ]; then uri=$(sed -n 's/^URIs: *//p' "$src" | head -n1)
  else uri=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list); fi
  if [ ! -f /etc/apt/sources.list.d/backports.sources ] && ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb\nURIs: %s\nSuites: %s-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$uri" "$codename" | $SUDO tee /etc/apt/sources.list.d/backports.sources >/dev/null
  fi
  target=(-t "$codename-backports")
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${target[@]}" mesa-vulkan-drivers libvulkan1 >/dev/null
if ! have_new_mesa; then
  echo "install-lavapipe: installed mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) but Dawn needs Mesa >= 23" >&2
  exit 1
fi
echo "lavapipe installed: mesa-vulkan-drivers $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
