#!/usr/bin/env bash
# Installs what .ci/validate-template.py imports, from Debian's packages: python3, python3-yaml
# (reads template.yaml) and python3-jsonschema (the SAM schema check). Idempotent: does nothing
# when python3 can already import both modules, whoever installed them.
set -euo pipefail

if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml, jsonschema' >/dev/null 2>&1; then
    echo "install-python: python3 with yaml and jsonschema already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-yaml python3-jsonschema

python3 -c 'import yaml, jsonschema; print("install-python: yaml and jsonschema importable")'
