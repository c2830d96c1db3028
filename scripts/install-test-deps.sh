#!/usr/bin/env bash
# Installs the system packages the tests need, idempotently: Debian's chromium
# (end-to-end tests; never a downloaded browser), socat (virtual serial
# scanners) and postgresql (the head-office contract suite on a real
# PostgreSQL 15). Runs apt-get update once, and only when something is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v socat >/dev/null 2>&1 || need+=(socat)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies present: chromium, socat, postgresql"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: installing ${need[*]} needs root (or sudo)" >&2
    exit 1
  fi
fi
echo "installing: ${need[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need[@]}"
