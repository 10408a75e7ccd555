#!/usr/bin/env bash
# run.sh - the benchmark scenarios of issue 11, one command each.
#
#   tests/bench/run.sh all          everything below except profile, queued and store (~8 min)
#   tests/bench/run.sh throughput   scenario 1: submit_sm/s acknowledged after a durable
#                                   commit, 1 and 8 sessions x window 1, 10, 100 (+ one
#                                   tmpfs run: the CPU ceiling without fsync cost)
#   tests/bench/run.sh max          scenario 1's target cell alone (8 sessions x window 100)
#   tests/bench/run.sh latency      scenario 2: latency at half the measured maximum, and
#                                   at the 50,000/s of the target
#   tests/bench/run.sh idle         scenario 4 (partial): idle RSS of the daemon alone,
#                                   1,000 and 10,000 bound idle sessions with enquire_link
#   tests/bench/run.sh compare      the same load on the npm `smpp` in-memory stub
#                                   (tests/bench/smpp_stub) and on smsbroker: the ratio
#   tests/bench/run.sh profile      perf record of the daemon under scenario 1 (8 x 100)
#   tests/bench/run.sh e2e          scenario 3: submit -> route -> bound receiver -> receipt
#                                   back, through a local connector and through a second
#                                   broker as upstream (smpp connector)
#   tests/bench/run.sh queued       scenario 5: one million queued messages (RSS while they
#                                   pile up), then receivers bind: the dispatch rate
#   tests/bench/run.sh store        the storage layer alone (tests/bench/store/bench_store)
#   tests/bench/run.sh mail         scenario 6: 1,000 emails in one POP3 poll (Dovecot)
#   tests/bench/run.sh meters       scenario 6: one report over 1,000 TEM-106 meters on TCP
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

UPPID="" # scenario 3's upstream broker

cleanup() {
	[ -n "$DPID" ] && kill -9 "$DPID" 2>/dev/null || true
	[ -n "$UPPID" ] && kill -9 "$UPPID" 2>/dev/null || true
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
		cmake --build "$BUILD" -j"$(nproc)" --target smsbroker smsb_loadgen bench_store tem106_sim; } > "$WORK/build.log" 2>&1; then
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
	[ -n "${DACCOUNTS:-}" ] && accounts+=", $DACCOUNTS"
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
${DEXTRA:-}
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

# The target's cell alone: 8 sessions x window 100.
max() {
	local r
	say "scenario 1, the target's cell: 8 sessions x window 100 ($REPEAT runs of ${SECS} s)"
	for ((r = 1; r <= REPEAT; r++)); do
		one_run s1_throughput "s1_8x100" "$WORK" disk "$r" --sessions 8 --window 100 --duration "$SECS"
	done
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

# Scenario 3 settings: every message asks for a receipt; receivers answer deliver_sm at once.
E2E_LOCAL='connectors = ( { name = "apps"; type = "local"; account = "bench"; } );
routes = ( { name = "all"; connectors = ["apps"]; } );'

# e2e_cell NAME JSON: e2e rate = receipts per second from the first to the last deliver_sm.
e2e_cell() {
	local sub dl rc
	sub=$(jget "$2" resp_ok)
	dl=$(jget "$2" deliver_sm)
	rc=$(jget "$2" receipts)
	printf '%s %s %s %s\n' "$(jget "$2" receipts_per_s)" "$(jget "$2" ok_per_s)" "$(jget "$2" p99)" "$rc" >> "$SUMMARY/$1"
	say "  $1: submitted $sub ($(jget "$2" ok_per_s)/s), delivered $((dl - rc)), receipts back $rc," \
		"$(jget "$2" receipts_per_s) receipts/s end to end"
}

e2e() {
	local r json dir up upport
	say "scenario 3: end to end, submit -> local connector -> bound receiver -> receipt back ($REPEAT runs of ${SECS} s)"
	for ((r = 1; r <= REPEAT; r++)); do
		DEXTRA=$E2E_LOCAL start_daemon "$WORK/e2e.$r"
		json=$("$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --mix 100,0,0 \
			--sessions 8 --bind tx --window 100 --receivers 4 --registered-delivery \
			--duration "$SECS" --linger 10 --watch-pid "$DPID" --label s3_local --quiet) || true
		stop_daemon
		rm -rf "$WORK/e2e.$r"
		record s3_e2e smsbroker disk "$r" "$json"
		e2e_cell s3_local "$json"
	done
	say "scenario 3: through a second broker (ours -> smpp connector -> upstream broker -> its receivers)"
	for ((r = 1; r <= REPEAT; r++)); do
		# The upstream: account "front" for our broker, its receivers bind as "sink".
		dir=$WORK/e2e-up.$r
		DACCOUNTS='{ system_id = "front"; password = "front123"; max_binds = 10; }, { system_id = "sink"; password = "sink1234"; max_binds = 100; }' \
			DEXTRA='connectors = ( { name = "phones"; type = "local"; account = "sink"; } );
routes = ( { name = "all"; connectors = ["phones"]; } );' start_daemon "$dir/up"
		up=$DPID
		UPPID=$up
		upport=$DPORT
		DEXTRA="connectors = ( { name = \"up\"; type = \"smpp\"; host = \"127.0.0.1\"; port = $upport;
  system_id = \"front\"; password = \"front123\"; binds = 4; window = 100; } );
routes = ( { name = \"all\"; connectors = [\"up\"]; } );" start_daemon "$dir/front"
		sleep 1 # the links bind
		"$LOADGEN" --port "$upport" --system-id sink --password sink1234 --sessions 0 --receivers 4 \
			--duration $((SECS + 12)) --label s3_upstream_sink --quiet > "$dir/sink.json" 2>/dev/null &
		local sinkpid=$!
		json=$("$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --mix 100,0,0 \
			--sessions 8 --bind tx --window 100 --receivers 4 --registered-delivery \
			--duration "$SECS" --linger 10 --watch-pid "$DPID" --label s3_upstream --quiet) || true
		wait "$sinkpid" || true
		stop_daemon
		DPID=$up
		stop_daemon
		UPPID=""
		record s3_e2e smsbroker disk "$r" "$json"
		record s3_e2e smsbroker-upstream disk "$r" "$(cat "$dir/sink.json")"
		e2e_cell s3_upstream "$json"
		say "    (upstream receivers got $(jget "$(cat "$dir/sink.json")" deliver_sm) deliver_sm)"
		rm -rf "$dir"
	done
}

# rss_kb PID
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

queued() {
	local n=${SMSB_BENCH_QUEUED:-1000000} dir=$WORK/queued json t0 t1 samples=""
	say "scenario 5: $n messages queued with no receiver bound, then 4 receivers bind"
	DEXTRA=$E2E_LOCAL start_daemon "$dir"
	# Fill: as fast as possible, RSS sampled every 2 s while the queue grows.
	"$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --mix 100,0,0 \
		--sessions 8 --bind tx --window 100 --count "$n" --duration 3600 \
		--watch-pid "$DPID" --label s5_fill --quiet > "$dir/fill.json" &
	local lg=$!
	while kill -0 "$lg" 2>/dev/null; do
		samples+="$(rss_kb "$DPID") "
		sleep 2
	done
	wait "$lg" || true
	samples+="$(rss_kb "$DPID")"
	json=$(cat "$dir/fill.json")
	say "  filled: $(jget "$json" resp_ok) acknowledged at $(jget "$json" ok_per_s)/s; RSS kB every 2 s: $samples"
	record s5_queued smsbroker disk 1 "$(printf '%s' "$json" | sed 's/}$//'),\"rss_samples_kb\":[$(printf '%s' "$samples" | tr ' ' ',')]}"
	# Dispatch: receivers bind and count deliver_sm until the queue is empty.
	t0=$(date +%s.%N)
	json=$("$LOADGEN" --port "$DPORT" --system-id bench --password bench123 --sessions 0 --receivers 4 \
		--duration 1 --linger "${SMSB_BENCH_DRAIN_S:-120}" --watch-pid "$DPID" --label s5_dispatch --quiet) || true
	t1=$(date +%s.%N)
	stop_daemon
	record s5_dispatch smsbroker disk 1 "$json"
	say "  dispatch: $(jget "$json" deliver_sm) deliver_sm at $(jget "$json" deliver_per_s)/s" \
		"(first to last), RSS at the end $(jget "$json" rss_kb_end) kB, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s in all"
	rm -rf "$dir"
}

# Scenario 6: node scripts on the integration harness (npm smpp receiver, Dovecot, simulators).
mail() {
	local r json
	command -v /usr/sbin/dovecot >/dev/null || { say "run.sh: no Dovecot (dovecot-pop3d) for the mail scenario"; return 0; }
	say "scenario 6: 1,000 emails in one POP3 poll ($REPEAT runs)"
	for ((r = 1; r <= REPEAT; r++)); do
		json=$(SMSBROKER_BIN=$BROKER node "$ROOT/tests/bench/s6_mail.js" 1000) || { say "  mail run failed"; continue; }
		record s6_mail smsbroker disk "$r" "$json"
		say "  poll of $(jget "$json" emails) emails: $(jget "$json" poll_ms) ms ($(jget "$json" poll_emails_per_s) emails/s)," \
			"all $(jget "$json" deliver_sm) SMS at the receiver $(jget "$json" poll_start_to_last_sms_ms) ms after the poll began"
	done
}

meters() {
	local r json sim
	sim=$(find "$BUILD/tests" -name tem106_sim -type f | head -n 1)
	[ -x "$sim" ] || { say "run.sh: build tem106_sim first"; return 1; }
	say "scenario 6: one report over 1,000 TEM-106 meters on TCP (10 simulators, $REPEAT runs)"
	for ((r = 1; r <= REPEAT; r++)); do
		json=$(SMSBROKER_BIN=$BROKER SMSB_TEM106_SIM=$sim node "$ROOT/tests/bench/s6_meters.js" 1000 10) ||
			{ say "  meters run failed"; continue; }
		record s6_meters smsbroker disk "$r" "$json"
		say "  $(jget "$json" meters) meters read and reported in $(jget "$json" report_ms) ms" \
			"($(jget "$json" meters_per_s) meters/s, $(jget "$json" failed_readings) failed), all SMS at the receiver after $(jget "$json" run_to_nth_sms_ms) ms"
	done
}

store() {
	local r bin=$BUILD/tests/bench/store/bench_store json
	say "storage layer alone: bench_store, 200,000 rows, 800 in flight, $REPEAT runs"
	for ((r = 1; r <= REPEAT; r++)); do
		rm -f "$WORK"/store.db*
		json=$("$bin" --path "$WORK/store.db" --rows 200000) || true
		record store_insert bench_store disk "$r" "$json"
		printf '%s %s 0 0\n' "$(jget "$json" rows_per_s)" "$(jget "$json" worker_cpu_us_per_row)" >> "$SUMMARY/store_rows"
		say "  $(jget "$json" rows_per_s) rows/s, worker $(jget "$json" worker_cpu_us_per_row) us CPU per row, $(jget "$json" rows_per_txn) rows per transaction"
	done
	rm -f "$WORK"/store.db*
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
		all) throughput; latency; idle; compare; e2e; mail; meters ;;
		throughput | max | latency | idle | compare | profile | e2e | queued | store | mail | meters) "$what" ;;
		*) say "usage: $0 [all|throughput|max|latency|idle|compare|profile|e2e|queued|store|mail|meters]..."; exit 2 ;;
		esac
	done
	summary
}

main "$@"
