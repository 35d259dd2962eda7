#!/usr/bin/env bash
# Build the PyInstaller bundle into packaging/dist/pixel-studio/ (run from anywhere).
# Needs the packaging extra: pip install ".[package]"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python}"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$here/dist" --workpath "$here/build" "$here/pixel-studio.spec"
echo "bundle: $here/dist/pixel-studio/pixel-studio"
