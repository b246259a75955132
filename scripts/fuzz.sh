#!/bin/bash
# The fuzz targets (fuzz/): builds them with Debian's clang under ASan + UBSan + LeakSanitizer and
# runs each for KLANG_FUZZ_SECONDS (default 30) from its seed corpus, two at a time (CI has two
# cores). A crash, a leak, a failed assertion or a timeout fails the run and leaves the input that
# caused it in build/fuzz/findings/<target>/ (replay: build/fuzz/<target> FILE). New inputs the
# fuzzer finds go to a scratch folder, never into the repository's corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${KLANG_FUZZ_SECONDS:-30}"
command -v clang++ >/dev/null || { echo "fuzz: clang++ missing (scripts/setup.sh installs it)" >&2; exit 1; }
cmake -S fuzz -B build/fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/fuzz -j2 >/dev/null
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
run_one() {
  local target="$1"
  mkdir -p "$scratch/$target" "build/fuzz/findings/$target"
  if build/fuzz/"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="build/fuzz/findings/$target/" -print_final_stats=1 \
       "$scratch/$target" "fuzz/corpus/$target" >"$scratch/$target.log" 2>&1; then
    echo "fuzz: $target ok — $(grep -E '^stat::number_of_executed_units' "$scratch/$target.log" | awk '{print $2}') runs in ${seconds} s"
  else
    echo "fuzz: $target FAILED" >&2
    tail -40 "$scratch/$target.log" >&2
    return 1
  fi
}
status=0
targets=(fuzz_json_input fuzz_money_date fuzz_canonical fuzz_csv)
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for target in "${targets[@]:i:2}"; do run_one "$target" & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
done
exit "$status"
