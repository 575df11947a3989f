#!/usr/bin/env bash
# Vendor the SPARQL editor of `kg serve` (YASGUI) into the package, from the npm registry.
# The pinned release's browser bundle and its licences are copied unchanged into
# kg/web/static/vendor/yasgui/, so the editor loads nothing from another origin; the
# SHA-256 of each file is printed for kg/web/static/vendor/README.md. npm checks the
# tarball against the registry's integrity hash. Run from anywhere; needs npm.
set -euo pipefail

PACKAGE="@triply/yasgui"
VERSION="4.2.28"
FILES=(build/yasgui.min.js build/yasgui.min.css build/yasgui.min.js.LICENSE.txt LICENSE.txt)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/kg/web/static/vendor/yasgui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$WORK"/triply-yasgui-"$VERSION".tgz -C "$WORK"
mkdir -p "$TARGET"
for file in "${FILES[@]}"; do
    cp "$WORK/package/$file" "$TARGET/$(basename "$file")"
done
echo "vendor-web-assets: $PACKAGE@$VERSION into ${TARGET#"$ROOT"/}"
(cd "$TARGET" && sha256sum "${FILES[@]##*/}")
