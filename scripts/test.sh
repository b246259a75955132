#!/bin/bash
# Command 2 of the README: install, build and run every test (unit, both stores, HTTP, crash,
# damage, cross-check, hardening and hostile client, browser journey) on the release build, the
# fuzz targets for 30 s each, then the tests again on the AddressSanitizer +
# UndefinedBehaviorSanitizer build, but for the browser journeys, the multi-process continuity
# test and the three-node failover test (KLANG_SKIP_ASAN=1 skips that second pass). Tests start and
# stop their own PostgreSQL cluster, servers and Chromium, on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each phase's wall time goes to stderr at its end, so a slow CI run shows where its time went.
phase_start=$SECONDS
phase_done() {
  echo "test.sh: $1 took $((SECONDS - phase_start)) s (total $SECONDS s)" >&2
  phase_start=$SECONDS
}
scripts/setup.sh release
phase_done "set-up and release build"
# The layering rules of DESIGN.md §2, when the shared tools are beside the checkout.
if [ -x ../shared/tools/check-layers ]; then
  python3 ../shared/tools/check-layers . | tail -1
fi
ctest --preset release -j2 --timeout 600
phase_done "release tests"
# libFuzzer targets (fuzz/), 30 s each, two at a time.
scripts/fuzz.sh
phase_done "fuzz targets"
if [ "${KLANG_SKIP_ASAN:-0}" != 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j"$(nproc)"
  phase_done "sanitizer build"
  # The sanitizer pass leaves out the long multi-process tests, which the release pass has run:
  # the browser journeys (Chromium driving a server), continuity_test (edge and centre
  # processes) and witness_test (witness and server processes; 100 s under the sanitizers; the
  # witness code's unit tests, src/witness/witness_test.cc, still run here). Every unit, store,
  # HTTP and other integration test runs under the sanitizers.
  ctest --preset asan -j2 --timeout 900 -E '^(browser_.*|continuity_test|witness_test)$'
  phase_done "sanitizer tests"
fi
