#!/bin/bash
# Damage test: alter one stored entry (its body, its hash, a line amount, a balance row) and flip
# bytes in the SQLite file. `klang verify` must fail and name the right organisation and
# sequence number (or report the file unreadable) — never pass silently.
# Usage: damage_test.sh KLANG_BINARY
set -euo pipefail
klang=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$klang" init --data "$dir/clean" >/dev/null
"$klang" demo --data "$dir/clean" --orgs 2 --days 5 >/dev/null
"$klang" verify --data "$dir/clean"
org=$("$klang" orgs --data "$dir/clean" | awk -F'\t' '$2=="sao"{print $1; exit}')
# The entry damaged: the organisation's first entry with a description (the demo's first receipt
# voucher or ฎีกา; its general vouchers are the unit's).
seq=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT MIN(seq) FROM ledger_entries WHERE org_id=? AND canonical LIKE '%\\\"description\\\":\\\"%'\", (int(sys.argv[2]),)).fetchone()[0])" "$dir/clean/klang.db" "$org")
[[ $seq =~ ^[0-9]+$ ]] || { echo "FAIL: no entry with a description in org $org"; exit 1; }

expect_damage() {  # name, sql, expected org, expected seq
  local name=$1 sql=$2 want_org=$3 want_seq=$4
  rm -rf "$dir/copy"; cp -r "$dir/clean" "$dir/copy"
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); n=c.execute(sys.argv[2]).rowcount; c.commit(); assert n==1, n" \
    "$dir/copy/klang.db" "$sql"
  if out=$("$klang" verify --data "$dir/copy"); then
    echo "FAIL $name: verify passed on damaged data"; exit 1
  fi
  echo "$out"
  grep -q "org=$want_org first_bad_seq=$want_seq" <<<"$out" || { echo "FAIL $name: wrong location"; exit 1; }
  echo "ok: $name -> org $want_org seq $want_seq"
}
expect_damage body "UPDATE ledger_entries SET canonical = replace(canonical, '\"description\":\"', '\"description\":\"X') WHERE org_id=$org AND seq=$seq" "$org" "$seq"
expect_damage hash "UPDATE ledger_entries SET hash = (CASE WHEN substr(hash,1,1)='0' THEN '1' ELSE '0' END) || substr(hash, 2) WHERE org_id=$org AND seq=$seq" "$org" "$seq"
expect_damage line_amount "UPDATE ledger_entries SET canonical = replace(canonical, '\"credit\":0,\"debit\":', '\"credit\":0,\"debit\":1') WHERE org_id=$org AND seq=$seq" "$org" "$seq"
# The first entry that moves cash is the opening balance (the demo opens a bank account and a
# receipt book before it).
opening=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT MIN(seq) FROM ledger_entries WHERE org_id=? AND kind='gl.opening'\", (int(sys.argv[2]),)).fetchone()[0])" "$dir/clean/klang.db" "$org")
expect_damage balance_row "UPDATE ledger_balances SET debit = debit + 1 WHERE org_id=$org AND account='1101010' AND day = (SELECT MIN(day) FROM ledger_balances WHERE org_id=$org AND account='1101010')" "$org" "$opening"
expect_damage deleted_entry "DELETE FROM ledger_entries WHERE org_id=$org AND seq=$seq" "$org" "$seq"

# Flip bytes in the database file itself (after a checkpoint, so the file holds the live pages):
# (a) inside the stored bytes of entry $seq — verify must name it or call the file corrupt;
# (b) over page headers — SQLite's integrity check must refuse the file.
flip() {  # mode: entry|page
  rm -rf "$dir/copy"; cp -r "$dir/clean" "$dir/copy"
  python3 - "$dir/copy/klang.db" "$1" "$org" "$seq" <<'PY'
import sqlite3, sys
path, mode, org, seq = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
db = sqlite3.connect(path)
entry_id = db.execute("SELECT entry_id FROM ledger_entries WHERE org_id=? AND seq=?", (org, seq)).fetchone()[0]
page_size = db.execute("PRAGMA page_size").fetchone()[0]
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
data = bytearray(open(path, "rb").read())
if mode == "entry":
    # The canonical bytes hold '"description":"' after the entry id; flip a run inside them.
    at = data.find(b'"entry_id":"' + entry_id.encode())
    assert at > 0, "entry bytes not found in the file"
    for i in range(at + 20, at + 28):
        data[i] ^= 0x01
else:
    for page in range(2, len(data) // page_size):
        data[page * page_size] ^= 0xFF
        data[page * page_size + 3] ^= 0xFF
open(path, "wb").write(bytes(data))
PY
  if out=$("$klang" verify --data "$dir/copy" 2>&1); then
    echo "FAIL flip $1: verify passed"; echo "$out"; exit 1
  fi
  echo "ok: flipped bytes ($1) -> $(head -1 <<<"$out")"
  if [ "$1" = entry ] && ! grep -q -e "org=$org first_bad_seq=$seq" -e "corrupt" <<<"$out"; then
    echo "FAIL flip entry: neither the entry nor file corruption named"; exit 1
  fi
}
flip entry
flip page
echo "damage test passed"
