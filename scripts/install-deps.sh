#!/usr/bin/env bash
# Installs the Debian 12 packages smsbroker needs to build, run and test.
# Idempotent: packages already present are left alone, and apt is only
# touched when something is missing. Runs as root or through sudo.
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config
            libevent-dev libssl-dev libsqlite3-dev libserialport-dev libconfig-dev
            libcurl4-openssl-dev libgmime-3.0-dev libjansson-dev)
test_pkgs=(libcmocka-dev socat sqlite3 clang libclang-rt-14-dev procps curl openssl
           dovecot-pop3d python3-aiosmtpd)

want=("${build_pkgs[@]}")
[ "${1:-}" = "--with-tests" ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js drives the integration tests (npm's smpp package is the independent
# SMPP peer). Any node >= 18 will do; Debian's is used only where none exists.
if [ "${1:-}" = "--with-tests" ] && ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
