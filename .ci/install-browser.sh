#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for BrowserFlowTest (a real-browser end-to-end
# test driven through Selenium, which is given these paths and never downloads a browser or driver).
# Idempotent: does nothing when both are already there.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "install-browser: chromium and chromedriver already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver

/usr/bin/chromedriver --version
