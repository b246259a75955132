#!/bin/bash
# Command 2 of the README: install, build and run every test (unit, both stores, HTTP, crash,
# damage, cross-check, browser journey). Tests start and stop their own PostgreSQL cluster,
# servers and Chromium, on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
python3 ../shared/tools/check-layers . >/dev/null 2>&1 || python3 ../shared/tools/check-layers . || true
ctest --preset release --output-on-failure -j2 --timeout 600
