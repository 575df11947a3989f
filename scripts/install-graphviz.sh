#!/usr/bin/env bash
# Install Debian's Graphviz for `make docs`, which draws the ontology diagram with `dot`.
# Idempotent: does nothing when `dot` is already installed.
set -euo pipefail

if command -v dot >/dev/null 2>&1; then
    echo "install-graphviz: $(dot -V 2>&1) already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
if ! apt-cache policy graphviz 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    $SUDO apt-get update
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends graphviz
echo "install-graphviz: installed $(dot -V 2>&1)"
