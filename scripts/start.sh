#!/bin/bash
# Command 1 of the README: install, build, create a data folder with a demo อบต. and its
# subordinate unit, living from 1 October of the last fiscal year with its months and that year
# closed (first run only), and serve on http://127.0.0.1:8080.
#   scripts/start.sh [DATA_DIR]   (default: ./klang-data)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-klang-data}
scripts/setup.sh release
klang=build/release/src/cli/klang
if [ ! -f "$data/klang.db" ]; then
  mkdir -p "$data"
  "$klang" init --data "$data" | tee "$data/first-run.txt"
  # A year and a bit: from 1 October of the last fiscal year to today, the months and the last
  # year closed, so the newcomer sees a closed year and the new one carried forward.
  "$klang" demo --data "$data" --orgs 1 --last-year --close | tee -a "$data/first-run.txt"
  # The province's supervision: more LAOs behind or needing help, the office's trained staff,
  # areas, problems and a DLA officer (docs/oversight.md).
  "$klang" demo --data "$data" --oversight | tee -a "$data/first-run.txt"
  chmod 600 "$data/first-run.txt"
fi
# Signed checkpoints (docs/operations.md "Signed checkpoints and witnesses"): this node's signing
# key, made once and kept beside the data folder, not in it (a copy of the data must not carry the
# key), and a witness on 127.0.0.1:8090 with its own store, as a provincial office would run one on
# its own machine. Receipts then carry a QR code whose check page answers "valid".
keys="${data%/}-keys"
if [ ! -f "$keys/node.key" ]; then
  mkdir -p "$keys"
  chmod 700 "$keys"
  "$klang" keys new --out "$keys/node.key"
fi
"$klang" witness serve --data "${data%/}-witness" --listen 127.0.0.1:8090 --trust "$keys/node.key.pub" &
witness_pid=$!
trap 'kill "$witness_pid" 2>/dev/null || true' EXIT
echo
echo "Klang: open http://127.0.0.1:8080/ in a browser."
echo "Log in with a user and one-time password from $data/first-run.txt:"
grep -E "Administrator|One-time password|user (clerk|kru|dla)" "$data/first-run.txt" | sed 's/^/  /'
echo "(one-time passwords must be changed at first login; already-changed ones no longer work)"
echo
"$klang" serve --data "$data" --listen 127.0.0.1:8080 --key "$keys/node.key" --witness http://127.0.0.1:8090
