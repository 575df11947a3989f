#!/usr/bin/env bash
# Install Debian's Chromium and ChromeDriver for the explorer's browser tests.
# Idempotent: does nothing when both are already installed. No browser is downloaded by
# a test tool; selenium drives /usr/bin/chromium through /usr/bin/chromedriver.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "install-browser: $(chromium --version 2>/dev/null || echo chromium) already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
if ! apt-cache policy chromium-driver 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    $SUDO apt-get update
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
echo "install-browser: installed $(chromium --version 2>/dev/null)"
