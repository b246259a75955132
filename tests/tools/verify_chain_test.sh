#!/usr/bin/env bash
# End-to-end check of tools/klang-verify-chain against a real `klang export`.
#
# Usage: tests/tools/verify_chain_test.sh path/to/klang
#
# Makes a demo data folder, exports one อบต.'s log as JSONL, checks that the independent
# verifier accepts it (and agrees with `klang verify`), then damages three copies — one line
# amount changed in the middle entry, that entry's hash changed, that entry's line deleted —
# and checks that each is rejected, naming the middle entry's sequence number. Also checks a
# checkpoint (--expect-head) against the full and a truncated export. Exit 0 when all pass.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 path/to/klang" >&2
  exit 2
fi
KLANG=$(realpath "$1")
[[ -x $KLANG ]] || { echo "not an executable: $KLANG" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VERIFY="$ROOT/tools/klang-verify-chain"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA="$WORK/data"
mkdir "$DATA"

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "klang init --data $DATA"
"$KLANG" init --data "$DATA" </dev/null

step "klang demo --data $DATA --orgs 2 --days 5 --seed 7"
"$KLANG" demo --data "$DATA" --orgs 2 --days 5 --seed 7 </dev/null

step "klang verify --data $DATA (must pass before any damage)"
"$KLANG" verify --data "$DATA" || fail "klang verify failed on fresh demo data"

step "klang orgs --data $DATA: pick the first organisation of type sao (อบต.)"
"$KLANG" orgs --data "$DATA" >"$WORK/orgs.tsv"
ORG=$(awk -F'\t' '$2 == "sao" { print $1; exit }' "$WORK/orgs.tsv")
[[ $ORG =~ ^[0-9]+$ ]] || { cat "$WORK/orgs.tsv" >&2; fail "no sao row in klang orgs output"; }
echo "   org $ORG"

step "klang export --data $DATA --org $ORG --format jsonl"
"$KLANG" export --data "$DATA" --org "$ORG" --format jsonl >"$WORK/chain.jsonl"
COUNT=$(grep -c . "$WORK/chain.jsonl" || true)
[[ $COUNT -ge 3 ]] || fail "export holds $COUNT entries; need at least 3"
# The middle entry, or the first after it with ledger lines (receipts, remittances and the steps
# of a ฎีกา have none).
MID=$(python3 - "$WORK/chain.jsonl" "$(((COUNT + 1) / 2))" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as stream:
    records = [json.loads(line) for line in stream if line.strip()]
print(next(r["entry"]["seq"] for r in records[int(sys.argv[2]) - 1:] if r["entry"]["lines"]))
PY
) || fail "no entry with ledger lines in the second half of the export"
echo "   $COUNT entries; the middle one with lines is seq $MID (line $MID)"

step "verify the intact export"
OUT=$("$VERIFY" "$WORK/chain.jsonl") || fail "verifier rejected the intact export: $OUT"
echo "   $OUT"
[[ $OUT =~ ^OK\ org=$ORG\ entries=$COUNT\ head=$COUNT:([0-9a-f]{64})$ ]] ||
  fail "unexpected OK line: $OUT"
HEAD="$COUNT:${BASH_REMATCH[1]}"

# expect_bad NAME FILE SEQ [verifier options...]: the verifier must exit 1 naming org and seq.
expect_bad() {
  local name=$1 file=$2 seq=$3 out rc=0
  shift 3
  step "$name: must be rejected at seq $seq"
  out=$("$VERIFY" "$@" "$file") || rc=$?
  echo "   $out"
  [[ $rc -eq 1 ]] || fail "$name: exit status $rc, expected 1"
  [[ $out == "BAD org=$ORG seq=$seq: "* ]] || fail "$name: expected 'BAD org=$ORG seq=$seq: ...'"
}

# tamper MODE: rewrites line $MID of chain.jsonl. amount: add 1 satang to the first line's
# non-zero side (the stated hash is left alone); hash: change the stated hash's first digit.
tamper() {
  python3 - "$1" "$MID" "$WORK/chain.jsonl" <<'PY'
import json, sys
mode, target, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "rb") as stream:
    lines = stream.read().split(b"\n")
record = json.loads(lines[target - 1])
assert record["entry"]["seq"] == target, "line %d does not hold seq %d" % (target, target)
if mode == "amount":
    line = record["entry"]["lines"][0]
    line["debit" if line["debit"] > 0 else "credit"] += 1
else:
    record["hash"] = ("0" if record["hash"][0] != "0" else "1") + record["hash"][1:]
lines[target - 1] = json.dumps(record, ensure_ascii=False, separators=(",", ":"),
                               sort_keys=True).encode("utf-8")
sys.stdout.buffer.write(b"\n".join(lines))
PY
}

tamper amount >"$WORK/amount.jsonl"
cmp -s "$WORK/chain.jsonl" "$WORK/amount.jsonl" && fail "amount tamper changed nothing"
expect_bad "one line amount changed in entry $MID" "$WORK/amount.jsonl" "$MID"

tamper hash >"$WORK/hash.jsonl"
cmp -s "$WORK/chain.jsonl" "$WORK/hash.jsonl" && fail "hash tamper changed nothing"
expect_bad "hash of entry $MID changed" "$WORK/hash.jsonl" "$MID"

sed "${MID}d" "$WORK/chain.jsonl" >"$WORK/deleted.jsonl"
expect_bad "line of entry $MID deleted" "$WORK/deleted.jsonl" "$MID"

step "checkpoint $HEAD held against the intact export"
OUT=$("$VERIFY" --expect-head "$HEAD" "$WORK/chain.jsonl") || fail "checkpoint rejected: $OUT"
echo "   $OUT"

head -n $((COUNT - 1)) "$WORK/chain.jsonl" >"$WORK/truncated.jsonl"
expect_bad "last entry missing, checkpoint held" "$WORK/truncated.jsonl" "$COUNT" \
  --expect-head "$HEAD"

step "all passed"
