'use strict';
// s6_meters.js - scenario 6 (meters): one report over 1,000 TEM-106 meters
// on TCP.
//
// S simulators (tests/support/tem106_sim --tcp, default 10) each serve one
// TCP port; meter i is at address 1 on simulator i % S, so the daemon has S
// lines with N/S meters each (a line reads one meter at a time, the lines
// in parallel). Reports of at most 64 meters each (the configuration's
// limit) cover all N, with archive records off (current values only); each
// reading goes as an SMS to a local receiver. Measured: from the first
// meter.report_run to the last report's first meter.report_done (every
// meter read, stored and its SMS queued), and until the receiver holds N
// SMS. Prints one JSON line.
//
//   SMSBROKER_BIN=... SMSB_TEM106_SIM=.../tem106_sim node tests/bench/s6_meters.js [N] [S]

const { Daemon } = require('../integration/lib/daemon');
const meter = require('../integration/lib/meter');
const client = require('../integration/lib/smppclient');
const { pollUntil } = require('../integration/lib/wait');

const N = Number(process.argv[2] || 1000);
const S = Number(process.argv[3] || 10);
const RX = { system_id: 'rx', password: 'secret1' };

function ts(line) {
  return Date.parse(line.slice(0, 24));
}

(async () => {
  let d;
  try {
    const sims = [];
    for (let i = 0; i < S; i++) sims.push(await meter.startSim(['--tcp']));
    const meters = Array.from({ length: N }, (_, i) =>
      `  { name = "m${i}"; port = "tcp://127.0.0.1:${sims[i % S].port}"; address = 1; timeout = "2s"; retries = 1; archive_records = 0; }`);
    const PER = 63;
    const reports = [];
    for (let k = 0; k * PER < N; k++) {
      const names = Array.from({ length: Math.min(PER, N - k * PER) }, (_, j) => `"m${k * PER + j}"`).join(', ');
      reports.push(`  { name = "r${k}"; meters = [${names}]; interval = "10s"; recipients = ["+37060000001"];`
        + ' template = "{meter} {energy_total}"; }');
    }
    d = new Daemon({
      config: {
        accounts: [RX],
        connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
        routes: [{ name: 'all', connectors: ['apps'] }],
        logLevel: 'info',
        extra: [
          'meters = (', meters.join(',\n'), ');',
          'reports = (', reports.join(',\n'), ');',
        ].join('\n'),
      },
    });
    await d.start({ timeoutMs: 30000 });
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    const got = [];
    session.on('deliver_sm', (pdu) => {
      got.push(Date.now());
      session.send(pdu.response());
    });
    const run = await d.waitForLine(/ info meter\.report_run report=r\d+ /, 60000);
    for (let k = 0; k < reports.length; k++) await d.waitForLine(new RegExp(` info meter\\.report_done report=r${k}$`), 300000);
    await pollUntil(() => got.length >= N, { timeoutMs: 120000, intervalMs: 50, what: `${N} deliver_sm (have ${got.length})` });
    const runAt = ts(run.input);
    const doneAt = Math.max(...reports.map((_, k) => ts(d.findLine(new RegExp(` info meter\\.report_done report=r${k}$`)).input)));
    const failed = d.lines.filter((l) => / meter\.report_reading_failed /.test(l)).length;
    const result = {
      label: 's6_meters', meters: N, simulators: S, lines: S, reports: reports.length, report_ms: doneAt - runAt,
      meters_per_s: Math.round(N / ((doneAt - runAt) / 1000)), failed_readings: failed,
      deliver_sm: got.length, run_to_nth_sms_ms: got[N - 1] - runAt,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    client.closeAll();
    await d.stop('SIGTERM', 10000);
  } finally {
    if (d) await d.cleanup().catch(() => {});
    await meter.stopAll();
  }
})().catch((e) => {
  process.stderr.write(`s6_meters: ${e.stack || e}\n`);
  process.exit(1);
});
