#!/bin/sh
# smoke.sh - ctest smoke test of smsb_loadgen against the real daemon:
# 2,000 submit_sm over 2 sessions must all get ESME_ROK, and the daemon's
# SQLite file must then hold exactly 2,000 message rows. Counts only, never
# timing: benchmarks are tests/bench/run.sh.
#
# usage: smoke.sh SMSBROKER LOADGEN WORKDIR [SQLITE3]
set -eu
broker=$1 loadgen=$2 dir=$3 sqlite=${4:-}
count=2000

rm -rf "$dir"
mkdir -p "$dir"
cat > "$dir/smoke.conf" <<CONF
listeners: {
  smpp: { listen = ["127.0.0.1:0"]; };
  http: { enabled = false; };
};
accounts = ( { system_id = "smoke"; password = "smoke123"; max_binds = 10; } );
storage: { path = "$dir/smoke.db"; };
logging: { level = "info"; };
CONF

"$broker" --config "$dir/smoke.conf" 2> "$dir/daemon.log" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

port=
for _ in $(seq 1 100); do
	port=$(sed -n 's/.*listening proto=smpp .*port=\([0-9][0-9]*\).*/\1/p' "$dir/daemon.log" | head -n 1)
	[ -n "$port" ] && break
	kill -0 "$pid" 2>/dev/null || { cat "$dir/daemon.log"; echo "smoke: daemon exited"; exit 1; }
	sleep 0.1
done
[ -n "$port" ] || { cat "$dir/daemon.log"; echo "smoke: no listening line"; exit 1; }

"$loadgen" --port "$port" --system-id smoke --password smoke123 --sessions 2 --window 10 \
	--count "$count" --mix 60,30,10 --label smoke > "$dir/result.json"
cat "$dir/result.json"
ok=$(sed -n 's/.*"resp_ok":\([0-9]*\).*/\1/p' "$dir/result.json")
[ "$ok" = "$count" ] || { echo "smoke: $ok of $count answered ESME_ROK"; exit 1; }

kill "$pid"
wait "$pid" || true
trap - EXIT
if [ -n "$sqlite" ]; then
	rows=$("$sqlite" -batch -noheader "$dir/smoke.db" "SELECT count(*) FROM messages;")
	[ "$rows" = "$count" ] || { echo "smoke: $rows rows in the store, want $count"; exit 1; }
	echo "smoke: $count acknowledged, $rows rows stored"
else
	echo "smoke: $count acknowledged (no sqlite3 CLI: rows not counted)"
fi
