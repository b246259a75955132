#!/bin/bash
# Installs what Klang needs on Debian 12 (only what is missing) and builds it.
#   scripts/setup.sh [release|debug|asan]    (default: release)
# Idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}

packages=(
  build-essential cmake pkg-config git
  libboost1.81-dev nlohmann-json3-dev libssl-dev libsodium-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 libsimdjson-dev libgoogle-perftools-dev
  libpango1.0-dev libcairo2-dev fonts-tlwg-laksaman-otf libxlsxwriter-dev
  libzip-dev libpugixml-dev libcsv-dev python3-openpyxl
  libkainjow-mustache-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcurl4-openssl-dev libcjose-dev libjansson-dev python3-aiosmtpd python3-jwcrypto \
  liboath-dev libqrencode-dev
  patroni etcd-server etcd-client pgbackrest haproxy
  prometheus-cpp-dev libspdlog-dev libtomlplusplus-dev
  python3 poppler-utils unzip ledger hledger chromium wrk zbar-tools python3-nacl
  clang
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
# A PostgreSQL package install starts a system cluster; Klang's tests run their own.
if [ -d tests/browser ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"
