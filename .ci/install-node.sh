#!/usr/bin/env bash
# Installs Node.js and npm for the tests that run Node: WorkOsCliAuthTest (a CLI written for WorkOS
# AuthKit; Node's built-in fetch is all it uses) and CompanySignInTest (a company's OpenID provider,
# node-oidc-provider, which the test installs with npm into target/bench-peer, as the benchmark's
# peer does). Idempotent: installs only what is missing.
set -euo pipefail

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-node: node $(node --version) and npm $(npm --version) already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

node --version
npm --version
