#!/usr/bin/env bash
# Installs what is missing, builds, and starts the broker in the foreground on
# its embedded default: config/smsbroker.conf (SQLite under ./data, SMPP on
# 127.0.0.1:2775, HTTP on 127.0.0.1:8080, the demo account printed at start).
# Extra arguments go to smsbroker (e.g. --config other.conf).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMSBROKER_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)" --target smsbroker >/dev/null
if [ $# -eq 0 ]; then set -- --config config/smsbroker.conf; fi
exec ./build/release/broker/smsbroker "$@"
