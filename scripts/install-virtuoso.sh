#!/usr/bin/env bash
# Install Debian's Virtuoso Open Source (virtuoso-t, isql-vt) for the remote-store tests.
#
# Idempotent: does nothing when virtuoso-t and isql-vt are already on PATH.
# Non-interactive: debconf questions are preseeded and DEBIAN_FRONTEND=noninteractive.
# The package's own system service is kept from ever starting (a temporary policy-rc.d
# during the install), then disabled (RUN=no, update-rc.d disable) and stopped, so
# nothing is left listening on 0.0.0.0:1111 / 0.0.0.0:8890. Tests start their own
# throw-away, loopback-only server (tests/remote/virtuoso.py).
set -euo pipefail

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    echo "install-virtuoso: virtuoso-t already at $(command -v virtuoso-t); nothing to do"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# Answer the package's debconf questions up front: an empty DBA password means the
# package does not try to start the server to change it.
$SUDO debconf-set-selections <<'SEL'
virtuoso-opensource-7 virtuoso-opensource-7/dba-password password
virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password
virtuoso-opensource-7 virtuoso-opensource-7/register-odbc-dsn boolean false
virtuoso-opensource-7 virtuoso-opensource-7/check-remove-databases boolean false
SEL

# Keep every service from being started by the install (invoke-rc.d obeys policy-rc.d;
# exit 101 = "action forbidden"). Put back whatever policy-rc.d was there before.
POLICY=/usr/sbin/policy-rc.d
BACKUP=""
if [ -e "$POLICY" ]; then
    BACKUP="$(mktemp)"
    $SUDO cp -p "$POLICY" "$BACKUP"
fi
restore_policy() {
    if [ -n "$BACKUP" ]; then
        $SUDO cp -p "$BACKUP" "$POLICY"
        rm -f "$BACKUP"
    else
        $SUDO rm -f "$POLICY"
    fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
$SUDO chmod 755 "$POLICY"

# Refresh the package lists only when apt does not know the package yet.
if ! apt-cache policy virtuoso-opensource 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    $SUDO apt-get update
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    virtuoso-opensource

# Make sure the system instance stays off: disabled at boot, not running now.
if [ -f /etc/default/virtuoso-opensource-7 ]; then
    if grep -q '^RUN=' /etc/default/virtuoso-opensource-7; then
        $SUDO sed -i 's/^RUN=.*/RUN=no/' /etc/default/virtuoso-opensource-7
    else
        echo 'RUN=no' | $SUDO tee -a /etc/default/virtuoso-opensource-7 >/dev/null
    fi
fi
if [ -x /etc/init.d/virtuoso-opensource-7 ]; then
    $SUDO /etc/init.d/virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    if command -v update-rc.d >/dev/null 2>&1; then
        $SUDO update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1 || true
    fi
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
fi

command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null
echo "install-virtuoso: installed $(dpkg-query -W -f='${Version}' virtuoso-opensource-7-bin 2>/dev/null) ($(command -v virtuoso-t))"
