#!/usr/bin/env bash
# run.sh - the benchmark scenarios of issue 11, one command each.
#
#   tests/bench/run.sh all          everything below except profile (~4 min)
#   tests/bench/run.sh throughput   scenario 1: submit_sm/s acknowledged after a durable
#                                   commit, 1 and 8 sessions x window 1, 10, 100 (+ one
#                                   tmpfs run: the CPU ceiling without fsync cost)
#   tests/bench/run.sh latency      scenario 2: latency at half the measured maximum, and
#                                   at the 50,000/s of the target
#   tests/bench/run.sh idle         scenario 4 (partial): idle RSS of the daemon alone,
#                                   1,000 and 10,000 bound idle sessions with enquire_link
#   tests/bench/run.sh compare      the same load on the npm `smpp` in-memory stub
#                                   (tests/bench/smpp_stub) and on smsbroker: the ratio
#   tests/bench/run.sh profile      perf record of the daemon under scenario 1 (8 x 100)
#
# Every run starts the real daemon (Release, not sanitized) on a fresh SQLite
# file in a new temp dir, on port 0, with smsb_loadgen on the same machine.
# Each run appends one JSON line to docs/benchmarks/results.jsonl: the
# loadgen's result, the scenario, the git commit and the machine (nproc, CPU,
# kernel, fsync latency of the temp dir's disk, load average at the start:
# other work on a shared machine shows there). A table of medians and spreads
# is printed at the end; docs/benchmarks.md summarises what it means.
#
# Environment: SMSB_BENCH_BUILD (build dir, default build-bench),
# SMSB_BENCH_REPEAT (runs per cell, 3), SMSB_BENCH_SECS (seconds per run, 3),
# SMSB_BENCH_TMP (where databases go, /tmp; must be a real disk for durable
# figures), SMSB_BENCH_RESULTS (the .jsonl file), SMSB_BENCH_NOBUILD=1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${SMSB_BENCH_BUILD:-$ROOT/build-bench}
RESULTS=${SMSB_BENCH_RESULTS:-$ROOT/docs/benchmarks/results.jsonl}
REPEAT=${SMSB_BENCH_REPEAT:-3}
SECS=${SMSB_BENCH_SECS:-3}
TMPROOT=${SMSB_BENCH_TMP:-/tmp}
MIX=80,15,5 # percent GSM 7-bit, UCS-2, multipart (3 parts)
BROKER=$BUILD/broker/smsbroker
LOADGEN=$BUILD/tests/bench/loadgen/smsb_loadgen
STUB=$ROOT/tests/bench/smpp_stub/stub.js

WORK=$(mktemp -d "$TMPROOT/smsb-bench.XXXXXX")
SUMMARY=$WORK/summary
mkdir -p "$SUMMARY" "$(dirname "$RESULTS")"
DPID=""
DPORT=""

cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

build() {
	[ "${SMSB_BENCH_NOBUILD:-0}" = 1 ] && return 0
	# Warnings stay errors in the normal builds; a benchmark build must not
	# stop on a -O3-only warning in code under work.
	if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DSMSBROKER_SANITIZE=OFF \
		-DSMSBROKER_TESTS=ON -DSMSBROKER_WERROR=OFF &&
		cmake --build "$BUILD" -j"$(nproc)" --target smsbroker smsb_loadgen; } > "$WORK/build.log" 2>&1; then
		cat "$WORK/build.log" >&2
		say "run.sh: build failed"
		exit 1
	fi
}

# ---- the machine and the commit ----------------------------------------------

fsync_ms() { # average latency of a 4 KiB write + fdatasync in $1
	local out secs
	out=$(LC_ALL=C dd if=/dev/zero of="$1/fsync.probe" bs=4096 count=100 oflag=dsync 2>&1 | tail -n 1)
	rm -f "$1/fsync.probe"
	secs=$(printf '%s' "$out" | sed -n 's/.* copied, \([0-9.e-]*\) s.*/\1/p')
	awk -v s="${secs:-0}" 'BEGIN { printf "%.3f", s * 1000 / 100 }'
}

machine_json() {
	local cpu kernel mem load commit dirty
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	kernel=$(uname -r)
	mem=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)
	load=$(cut -d' ' -f1 /proc/loadavg)
	commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
	dirty=false
	[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=true
	printf '"git":"%s","git_dirty":%s,"machine":{"nproc":%s,"cpu":"%s","kernel":"%s","mem_kb":%s,"loadavg_1m":%s,"fsync_ms":%s}' \
		"$commit" "$dirty" "$(nproc)" "$cpu" "$kernel" "$mem" "$load" "$(fsync_ms "$TMPROOT")"
}

# ---- daemon ------------------------------------------------------------------

# start_daemon DIR [ACCOUNTS]: a fresh database in DIR; accounts bench and
# bench0..bench{N-1}, 1,000 binds each. Sets DPID and DPORT.
start_daemon() {
	local dir=$1 n=${2:-0} i accounts
	mkdir -p "$dir"
	accounts='{ system_id = "bench"; password = "bench123"; max_binds = 1000; }'
	for ((i = 0; i < n; i++)); do
		accounts+=", { system_id = \"bench$i\"; password = \"bench123\"; max_binds = 1000; }"
	done
	cat > "$dir/bench.conf" <<EOF
listeners: {
  smpp: { listen = ["127.0.0.1:0"]; };
  http: { enabled = false; };
};
accounts = ( $accounts );
storage: { path = "$dir/bench.db"; };
logging: { level = "info"; };
EOF
	: > "$dir/daemon.log"
	(ulimit -n "$(ulimit -Hn)" && exec "$BROKER" --config "$dir/bench.conf") 2> "$dir/daemon.log" &
	DPID=$!
	DPORT=""
	for _ in $(seq 1 100); do
		DPORT=$(sed -n 's/.*listening proto=smpp .*port=\([0-9][0-9]*\).*/\1/p' "$dir/daemon.log" | head -n 1 || true)
		[ -n "$DPORT" ] && return 0
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$dir/daemon.log" >&2
	say "run.sh: the daemon did not start"
	exit 1
}

stop_daemon() {
	[ -n "$DPID" ] || return 0
	kill -TERM "$DPID" 2>/dev/null || true
	for _ in $(seq 1 100); do
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$DPID" 2>/dev/null || true
	wait "$DPID" 2>/dev/null || true
	DPID=""
}

# ---- results -----------------------------------------------------------------

jget() { # jget JSON NAME: the first number under "NAME"
	printf '%s' "$1" | grep -o "\"$2\":[-0-9.]*" | head -n 1 | cut -d: -f2
}

# record SCENARIO TARGET STORAGE RUN RESULT_JSON
record() {
	printf '{"ts":"%s","scenario":"%s","target":"%s","storage":"%s","run":%s,%s,"result":%s}\n' \
		"$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" "$3" "$4" "$(machine_json)" "$5" >> "$RESULTS"
}

# cell NAME JSON: keeps ok/s and latencies for the summary, prints one line.
cell() {
	local ok p50 p99 p999
	ok=$(jget "$2" ok_per_s)
	p50=$(jget "$2" p50)
	p99=$(jget "$2" p99)
	p999=$(jget "$2" p999)
	printf '%s %s %s %s\n' "$ok" "$p50" "$p99" "$p999" >> "$SUMMARY/$1"
	say "  $1: $ok submit_sm/s ok, p50 ${p50} us, p99 ${p99} us, p99.9 ${p999} us, errors $(printf '%s' "$2" | grep -o '"errors":{[^}]*}'), lost $(jget "$2" lost)"
}

median_ok() { # median ok/s of a summary cell
	sort -n "$SUMMARY/$1" | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'
}

# one_run SCENARIO CELL STORAGE_DIR STORAGE_KIND RUN LOADGEN_ARGS...
one_run() {
	local scenario=$1 name=$2 sdir=$3 kind=$4 run=$5 json
	shift 5
	start_daemon "$sdir/$name.$run"
	json=$("$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --mix "$MIX" \
		--watch-pid "$DPID" --label "$name" --quiet "$@") || true
	stop_daemon
	rm -rf "${sdir:?}/$name.$run"
	record "$scenario" smsbroker "$kind" "$run" "$json"
	cell "$name" "$json"
}

# ---- scenarios ---------------------------------------------------------------

throughput() {
	say "scenario 1: submit_sm/s with durable acknowledgement (${SECS} s per run, $REPEAT runs)"
	local s w r
	for s in 1 8; do
		for w in 1 10 100; do
			for ((r = 1; r <= REPEAT; r++)); do
				one_run s1_throughput "s1_${s}x${w}" "$WORK" disk "$r" \
					--sessions "$s" --window "$w" --duration "$SECS"
			done
		done
	done
	if [ -d /dev/shm ]; then
		local shm
		shm=$(mktemp -d /dev/shm/smsb-bench.XXXXXX)
		for ((r = 1; r <= REPEAT; r++)); do
			one_run s1_throughput_tmpfs "s1_8x100_tmpfs" "$shm" tmpfs "$r" \
				--sessions 8 --window 100 --duration "$SECS"
		done
		rm -rf "$shm"
	fi
}

latency() {
	local max half r
	if [ ! -s "$SUMMARY/s1_8x100" ]; then
		say "scenario 2: measuring the maximum first (8 sessions x window 100)"
		for ((r = 1; r <= REPEAT; r++)); do
			one_run s2_max "s1_8x100" "$WORK" disk "$r" --sessions 8 --window 100 --duration "$SECS"
		done
	fi
	max=$(median_ok s1_8x100)
	half=$(awk -v m="$max" 'BEGIN { printf "%d", m / 2 }')
	say "scenario 2: latency at $half submit_sm/s (half of the median maximum $max)"
	for ((r = 1; r <= REPEAT; r++)); do
		one_run s2_latency "s2_half_max" "$WORK" disk "$r" \
			--sessions 8 --window 100 --rate "$half" --duration 5
	done
	say "scenario 2: latency at the target's 50,000 submit_sm/s"
	for ((r = 1; r <= REPEAT; r++)); do
		one_run s2_latency "s2_50k" "$WORK" disk "$r" \
			--sessions 8 --window 100 --rate 50000 --duration "$SECS"
	done
}

idle() {
	local dir=$WORK/idle rss json n hold
	say "scenario 4: idle RSS and bound idle sessions"
	start_daemon "$dir/alone"
	sleep 1
	rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$DPID/status")
	stop_daemon
	record s4_idle_rss smsbroker disk 1 "{\"label\":\"daemon_alone\",\"rss_kb\":$rss}"
	say "  daemon alone: RSS $rss kB"
	for n in 1000 10000; do
		hold=$((n >= 10000 ? 8 : 5))
		start_daemon "$dir/$n" 10
		json=$("$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --accounts 10 \
			--sessions 0 --idle "$n" --enquire-interval 1 --duration "$hold" \
			--connect-parallel 500 --bind-timeout 60 --watch-pid "$DPID" \
			--label "s4_idle_$n" --quiet) || true
		stop_daemon
		record s4_idle smsbroker disk 1 "$json"
		say "  $n idle sessions: bound $(jget "$json" binds_ok) in $(jget "$json" bind_s) s," \
			"daemon RSS $(jget "$json" rss_kb_end) kB (peak $(jget "$json" hwm_kb) kB)," \
			"enquire_link $(jget "$json" sent) sent, p99 $(printf '%s' "$json" | grep -o '"enquire_link":.*' | grep -o '"p99":[0-9.]*' | cut -d: -f2) us"
	done
}

compare() {
	local r w spid sport json out=$WORK/stub.out
	if [ ! -d "$ROOT/tests/integration/node_modules/smpp" ]; then
		(cd "$ROOT/tests/integration" && npm ci --silent >/dev/null)
	fi
	say "comparison: npm smpp in-memory stub vs smsbroker (durable), same load"
	for w in 10 100; do
		for ((r = 1; r <= REPEAT; r++)); do
			node "$STUB" > "$out" 2> /dev/null &
			spid=$!
			sport=""
			for _ in $(seq 1 100); do
				sport=$(sed -n 's/^listening port=\([0-9]*\)/\1/p' "$out" || true)
				[ -n "$sport" ] && break
				sleep 0.1
			done
			json=$("$LOADGEN" --port "$sport" --sessions 8 --window "$w" --duration "$SECS" \
				--mix "$MIX" --watch-pid "$spid" --label "cmp_stub_8x$w" --quiet) || true
			kill -TERM "$spid" 2>/dev/null || true
			wait "$spid" 2>/dev/null || true
			record compare npm-smpp-stub memory "$r" "$json"
			cell "cmp_stub_8x$w" "$json"
			one_run compare "cmp_broker_8x$w" "$WORK" disk "$r" \
				--sessions 8 --window "$w" --duration "$SECS"
		done
		local b s
		b=$(median_ok "cmp_broker_8x$w")
		s=$(median_ok "cmp_stub_8x$w")
		say "  8 x $w: smsbroker/stub = $(awk -v b="$b" -v s="$s" 'BEGIN { printf "%.2f", s ? b / s : 0 }') ($b / $s)"
		record compare ratio - 0 "{\"label\":\"ratio_8x$w\",\"broker_ok_per_s\":$b,\"stub_ok_per_s\":$s}"
	done
}

profile() {
	local dir=$WORK/profile
	command -v perf >/dev/null || { say "run.sh: no perf"; return 1; }
	say "profile: perf record -g of the daemon under 8 sessions x window 100 (${SECS} s)"
	start_daemon "$dir"
	perf record -q -g -o "$dir/perf.data" -p "$DPID" 2>/dev/null &
	local ppid=$!
	sleep 0.3
	"$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --mix "$MIX" \
		--sessions 8 --window 100 --duration "$SECS" --watch-pid "$DPID" --label profile
	kill -INT "$ppid" 2>/dev/null || true
	wait "$ppid" 2>/dev/null || true
	stop_daemon
	perf report -i "$dir/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
		grep -v '^#' | grep '%' | head -n 40
	perf report -i "$dir/perf.data" --no-children --sort comm,dso --stdio 2>/dev/null |
		grep -v '^#' | grep '%' | head -n 15
}

# stat FILE COLUMN: "median min max" of one column
stat() {
	cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'
}

summary() {
	local f ok p50 p99
	[ -n "$(ls -A "$SUMMARY")" ] || return 0
	say ""
	say "cell                   runs  ok/s median (min..max)       p50 us median  p99 us median (min..max)"
	for f in "$SUMMARY"/*; do
		read -r ok[0] ok[1] ok[2] <<< "$(stat "$f" 1)"
		read -r p50[0] p50[1] p50[2] <<< "$(stat "$f" 2)"
		read -r p99[0] p99[1] p99[2] <<< "$(stat "$f" 3)"
		printf '%-22s %4d  %8.0f (%.0f..%.0f)  %13.0f  %10.0f (%.0f..%.0f)\n' "$(basename "$f")" \
			"$(wc -l < "$f")" "${ok[0]}" "${ok[1]}" "${ok[2]}" "${p50[0]}" "${p99[0]}" \
			"${p99[1]}" "${p99[2]}" >&2
	done
	say ""
	say "results appended to $RESULTS"
}

main() {
	[ $# -gt 0 ] || set -- all
	build
	[ -x "$BROKER" ] && [ -x "$LOADGEN" ] || { say "run.sh: build $BROKER and $LOADGEN first"; exit 1; }
	ulimit -n "$(ulimit -Hn)"
	local what
	for what in "$@"; do
		case $what in
		all) throughput; latency; idle; compare ;;
		throughput | latency | idle | compare | profile) "$what" ;;
		*) say "usage: $0 [all|throughput|latency|idle|compare|profile]..."; exit 2 ;;
		esac
	done
	summary
}

main "$@"
