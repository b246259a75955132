#!/bin/bash
# Crash test: kill -9 a process appending under load, many times. Every entry it acknowledged
# (printed "ACK" only after the durable commit) must be present after restart, and verify must
# pass. Usage: crash_test.sh KLANG_BINARY [ROUNDS]
set -euo pipefail
klang=$1
rounds=${2:-8}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$klang" init --data "$dir/data" >/dev/null
"$klang" demo --data "$dir/data" --orgs 3 --days 2 >/dev/null
: > "$dir/acks"
for round in $(seq 1 "$rounds"); do
  "$klang" append-load --data "$dir/data" --orgs 6 --count 200000 --threads 16 >> "$dir/acks" 2>/dev/null &
  pid=$!
  # Kill at a different instant each round, between 0.3 and 1.5 seconds into the load.
  sleep "$(python3 -c "import random; print(round(random.uniform(0.3, 1.5), 2))")"
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  echo "round $round: $(grep -c ^ACK "$dir/acks") acknowledged so far"
done
python3 - "$dir/data/klang.db" "$dir/acks" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stored = {row[0]: (row[1], row[2]) for row in db.execute("SELECT entry_id, org_id, seq FROM ledger_entries")}
acked = [line.split() for line in open(sys.argv[2], encoding="utf-8") if line.startswith("ACK ")]
missing = [a for a in acked if len(a) == 4 and a[3] not in stored]
wrong = [a for a in acked if len(a) == 4 and a[3] in stored and stored[a[3]] != (int(a[1]), int(a[2]))]
print(f"acknowledged {len(acked)}, stored {len(stored)}, missing {len(missing)}, misplaced {len(wrong)}")
if not acked:
    sys.exit("no acknowledged entries: the load never ran")
if missing or wrong:
    sys.exit(f"LOST acknowledged entries: {missing[:5]} {wrong[:5]}")
PY
"$klang" verify --data "$dir/data"
echo "crash test passed"
