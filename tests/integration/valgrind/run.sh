#!/usr/bin/env bash
# run.sh - the integration suite with the daemon under valgrind memcheck.
#
#   tests/integration/valgrind/run.sh [regex of test file names]
#
# Builds build-vg (RelWithDebInfo, no sanitizers), runs the integration
# test files (all, or those whose name matches the regex) with every
# daemon started through smsbroker-vg, then reads each process's memcheck
# report: invalid reads/writes, uses of uninitialised values, and leaks
# (definitely or indirectly lost) are listed and make the exit status 1.
# Under valgrind the daemon runs 10-50 times slower, so tests with tight
# timing may fail on time alone: their failures are listed apart from the
# memcheck verdict, which is what this command is for. Processes that a
# test kills with SIGKILL leave no leak summary (their errors still count).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BUILD=${SMSB_VG_BUILD:-$ROOT/build-vg}
LOGS=$(mktemp -d /tmp/smsb-vg.XXXXXX)
chmod 1777 "$LOGS" # the read-only-database case runs the daemon as nobody
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMSBROKER_SANITIZE=OFF \
	-DSMSBROKER_TESTS=ON > "$LOGS/build.log" 2>&1 &&
	cmake --build "$BUILD" -j"$(nproc)" --target smsbroker tem106_sim ioctl_shim >> "$LOGS/build.log" 2>&1 ||
	{ cat "$LOGS/build.log"; exit 2; }
export SMSB_VG_BIN=$BUILD/broker/smsbroker SMSB_VG_LOGS=$LOGS
export SMSBROKER_BIN=$ROOT/tests/integration/valgrind/smsbroker-vg
# The meter simulator and the pty shim, as ctest passes them (meter*, modem).
export SMSB_TEM106_SIM=$BUILD/tests/unit/tem106/tem106_sim SMSB_IOCTL_SHIM=$BUILD/tests/unit/tem106/libioctl_shim.so
# node directly rather than ctest: ctest would set SMSBROKER_BIN to the
# build's own binary.
cd "$ROOT/tests/integration" || exit 2
[ -d node_modules ] || npm ci --silent
files=$(ls ./*.test.js)
[ $# -gt 0 ] && files=$(ls ./*.test.js | grep -E "$1")
failed=()
for f in $files; do
	if timeout 900 node --test "$f" > "$LOGS/$(basename "$f").out" 2>&1; then
		echo "pass  $f"
	else
		echo "FAIL  $f (under valgrind; see $LOGS/$(basename "$f").out)"
		failed+=("$f")
	fi
done
bad=0
reports=0
for l in "$LOGS"/vg.*.log; do
	[ -e "$l" ] || continue
	reports=$((reports + 1))
	if grep -qE 'Invalid (read|write|free)|uninitialised|definitely lost: [1-9]|indirectly lost: [1-9]|Mismatched free' "$l"; then
		bad=$((bad + 1))
		echo "memcheck: $l"
		grep -E -A12 'Invalid (read|write|free)|uninitialised|definitely lost|indirectly lost|Mismatched free' "$l" | head -40
	fi
done
echo "valgrind: $reports daemon processes checked, $bad with memcheck errors or leaks; ${#failed[@]} test files failed (timing under valgrind or real): ${failed[*]:-none}"
echo "reports in $LOGS"
[ "$bad" -eq 0 ]
