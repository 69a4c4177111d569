#!/usr/bin/env bash
# Installs Node.js for WorkOsCliAuthTest (a CLI written for WorkOS AuthKit, run by Node against
# local mode). Idempotent: does nothing when node is already on PATH. Debian's nodejs (18 or later)
# has fetch built in, which is all the script uses: no npm package is installed.
set -euo pipefail

if command -v node >/dev/null 2>&1; then
    echo "install-node: $(node --version) already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs

node --version
