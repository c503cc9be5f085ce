#!/usr/bin/env bash
# Renders assets/icons/delegation-tracker.svg to the PNGs committed beside it (48, 128, 256 px:
# the hicolor sizes the .deb installs; 128 is also embedded as the window icon).
# Run after editing the SVG, then commit the PNGs. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../assets/icons"
if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "rsvg-convert is missing: apt-get install librsvg2-bin" >&2
    exit 1
fi
for size in 48 128 256; do
    rsvg-convert --width "$size" --height "$size" delegation-tracker.svg \
        --output "delegation-tracker-$size.png"
done
ls -l delegation-tracker*.png
