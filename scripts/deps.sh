#!/bin/sh
# Installs the Debian packages certkit needs when they are missing, so that a fresh
# Debian 12 machine needs nothing but `make run` / `make check`.
#   --build-only   only what compiling the tools needs
set -u
build_pkgs="libtomcrypt-dev libtommath-dev libsodium-dev pkg-config gcc make libc6-dev"
test_pkgs="check openssl jq valgrind"
case "${1:-}" in
    --build-only) pkgs="$build_pkgs" ;;
    *) pkgs="$build_pkgs $test_pkgs" ;;
esac
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "deps: missing packages:$missing (run as root: apt-get install$missing)" >&2; exit 2
    fi
else SUDO=""; fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1
    $SUDO apt-get install -y -q --no-install-recommends $missing >&2 || exit 2
fi
