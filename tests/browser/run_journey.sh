#!/usr/bin/env bash
# A browser journey against a real `klang serve`: journey.mjs (a finance clerk's vouchers and
# trial balance) by default, or the script named (revenue_journey.mjs: a collector's and a
# finance officer's day).
#
# Usage: tests/browser/run_journey.sh path/to/klang [script.mjs]
#
# Makes a throw-away data folder with `klang init` and `klang demo --orgs 1 --days 10`, serves it
# on a free port of 127.0.0.1, and drives the system Chromium through login, password change,
# the journey's steps. The script gets BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER for
# the demo's clerk, and in KLANG_DEMO_OUTPUT the file holding the output of `klang demo` (every
# demo user's one-time password). Screenshots and PDFs go
# to $KLANG_BROWSER_OUT (ctest sets <build>/browser-out), or to a new temporary folder that is
# kept and named at the end. Installs tests/browser/node_modules with `npm ci` when missing.
# Exit 0 when the journey passes; the server is always stopped and the data folder removed.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 path/to/klang [script.mjs]" >&2
  exit 2
fi
KLANG=$(realpath "$1")
[[ -x $KLANG ]] || { echo "not an executable: $KLANG" >&2; exit 2; }
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPT=$HERE/${2:-journey.mjs}
[[ -f $SCRIPT ]] || { echo "no such journey script: $SCRIPT" >&2; exit 2; }

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || fail "node is not installed (apt-get install nodejs npm)"
[[ -x /usr/bin/chromium ]] || fail "/usr/bin/chromium is not installed (apt-get install chromium)"

WORK=$(mktemp -d)
SERVER_PID=""
HELPER_PIDS=()
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  for pid in "${HELPER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

OUT=${KLANG_BROWSER_OUT:-}
if [[ -z $OUT ]]; then
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/klang-browser-out.XXXXXX")
fi
mkdir -p "$OUT"
# Leave no pictures from an earlier run that could be mistaken for this one's.
rm -f "$OUT"/[0-9][0-9]-*.png "$OUT"/*.pdf "$OUT"/failure.png "$OUT"/failure.html "$OUT"/server.log

if [[ ! -d $HERE/node_modules/playwright-core ]]; then
  step "npm ci in $HERE"
  (cd "$HERE" && npm ci --no-audit --no-fund) || fail "npm ci failed in $HERE"
fi

DATA="$WORK/data"
step "klang init --data $DATA"
"$KLANG" init --data "$DATA" </dev/null >"$WORK/init.txt" || fail "klang init failed"

step "klang demo --data $DATA --orgs 1 --days 10"
"$KLANG" demo --data "$DATA" --orgs 1 --days 10 </dev/null >"$WORK/demo.txt" || fail "klang demo failed"
if [[ ${KLANG_JOURNEY_OVERSIGHT:-} == 1 ]]; then
  step "klang demo --data $DATA --oversight"
  "$KLANG" demo --data "$DATA" --oversight </dev/null >>"$WORK/demo.txt" || fail "klang demo --oversight failed"
fi
cat "$WORK/demo.txt"
# "<orgid>\t<name>\tuser clerk<orgid> one-time password <pw>"
read -r ORG CLERK PASSWORD < <(awk -F'\t' '
  $1 ~ /^[0-9]+$/ && $3 ~ /^user [^ ]+ one-time password [^ ]+$/ {
    split($3, word, " "); print $1, word[2], word[5]; exit
  }' "$WORK/demo.txt") || fail "no organisation line in the output of klang demo"
[[ $ORG =~ ^[0-9]+$ && -n $CLERK && -n $PASSWORD ]] || fail "cannot read org, user and password from the demo output"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
SERVE_ARGS=()
HELPER_PIDS=()
if [[ ${KLANG_JOURNEY_SIGN_IN:-} == 1 ]]; then
  # Enrolment journeys: a test OpenID Connect provider (standing in for ThaID) and an SMTP server
  # that keeps the mail, both on 127.0.0.1, both gone when this script ends.
  SUPPORT=$(cd "$HERE/../support" && pwd)
  step "test OpenID Connect provider and SMTP capture"
  /usr/bin/python3 "$SUPPORT/oidc_provider.py" --client-id klang-test --client-secret "test-secret-$$" \
    --redirect-uri "$BASE/enrol/callback" --port-file "$WORK/oidc.port" --lifetime 900 \
    >"$WORK/oidc.log" 2>&1 &
  HELPER_PIDS+=($!)
  export KLANG_MAIL_DIR="$WORK/mail"
  /usr/bin/python3 "$SUPPORT/smtp_capture.py" --dir "$KLANG_MAIL_DIR" --port-file "$WORK/smtp.port" \
    --lifetime 900 >"$WORK/smtp.log" 2>&1 &
  HELPER_PIDS+=($!)
  for _ in $(seq 100); do [[ -f $WORK/oidc.port && -f $WORK/smtp.port ]] && break; sleep 0.1; done
  [[ -f $WORK/oidc.port && -f $WORK/smtp.port ]] || { cat "$WORK/oidc.log" "$WORK/smtp.log" >&2; fail "test provider or SMTP server did not start"; }
  export KLANG_OIDC_ISSUER="http://127.0.0.1:$(cat "$WORK/oidc.port")"
  printf 'test-secret-%s\n' "$$" >"$WORK/oidc-secret"
  cat >"$WORK/auth.json" <<JSON
{ "oidc": { "issuer": "$KLANG_OIDC_ISSUER", "client_id": "klang-test", "client_secret_file": "oidc-secret",
            "redirect_uri": "$BASE/enrol/callback", "scope": "openid pid name", "id_claim": "pid",
            "label_th": "ThaID" },
  "smtp": { "url": "smtp://127.0.0.1:$(cat "$WORK/smtp.port")", "tls": "none",
            "from": "klang@test.example.go.th", "from_name": "ระบบคลัง (ทดสอบ)" } }
JSON
  SERVE_ARGS=(--auth-config "$WORK/auth.json")
fi
step "klang serve --listen 127.0.0.1:$PORT ${SERVE_ARGS[*]}"
"$KLANG" serve --data "$DATA" --listen "127.0.0.1:$PORT" "${SERVE_ARGS[@]}" </dev/null >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 150); do
  if curl -fsS --max-time 2 "$BASE/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; fail "klang serve exited at start"; }
  sleep 0.2
done
curl -fsS --max-time 2 "$BASE/healthz" >/dev/null || {
  cat "$WORK/server.log" >&2
  fail "klang serve did not answer /healthz within 30 s"
}

step "node $(basename "$SCRIPT") $BASE $CLERK (org $ORG) -> $OUT"
STATUS=0
KLANG_DEMO_OUTPUT="$WORK/demo.txt" node "$SCRIPT" "$BASE" "$CLERK" "$PASSWORD" "$ORG" "$OUT" || STATUS=$?
cp "$WORK/server.log" "$OUT/server.log" 2>/dev/null || true
[[ -f $WORK/oidc.log ]] && cp "$WORK/oidc.log" "$OUT/oidc.log"
if [[ $STATUS -ne 0 ]]; then
  echo "--- last lines of the server log ---" >&2
  tail -n 40 "$WORK/server.log" >&2 || true
  fail "browser journey failed (exit $STATUS); screenshots in $OUT"
fi
echo "screenshots and PDFs in $OUT"
