'use strict';
// meter_report.test.js - the journey "a scheduled meter report arrives as an
// SMS", end to end: the real daemon reads the TEM-106 simulator over TCP on
// a short interval, stores the reading, renders the template and queues the
// text through the router to a local connector, and an application bound as
// a receiver (npm's smpp package) gets it as deliver_sm. A meter that does
// not answer sends the on_failure text. A run missed while the daemon was
// stopped runs once at start-up (run_once) and not at all (skip).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const { collect } = client;
const db = require('./lib/db');
const meter = require('./lib/meter');
const { pollUntil } = require('./lib/wait');

const RX = { system_id: 'rx', password: 'secret1' };
const TO = '+4917612345678';
const TEMPLATE = 'Heat {meter}: Q={energy_total:.1} MWh V1={volume[1]:.2} m3 t1={t[1]:.1}C at {meter_time}';
const EXPECTED = 'Heat heat1: Q=2222.2 MWh V1=456.75 m3 t1=70.5C at 2016-03-02 14:15:33';

function textOf(pdu) {
  const sm = pdu.short_message;
  return typeof sm === 'object' && sm !== null && 'message' in sm ? String(sm.message) : String(sm);
}

function extra(simPort, reports) {
  return [
    'meters = (',
    `  { name = "heat1"; port = "tcp://127.0.0.1:${simPort}"; address = 1; timeout = "300ms"; retries = 0; },`,
    `  { name = "cold"; port = "tcp://127.0.0.1:${simPort}"; address = 9; timeout = "300ms"; retries = 0; }`,
    ');',
    `phone_groups = ( { name = "ops"; numbers = ["${TO}"]; } );`,
    'reports = (',
    reports.join(',\n'),
    ');',
  ].join('\n');
}

function config(simPort, reports) {
  return {
    accounts: [RX],
    connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
    routes: [{ name: 'all', connectors: ['apps'] }],
    extra: extra(simPort, reports),
  };
}

describe('scheduled meter reports', { timeout: 90000 }, () => {
  let sim;
  let d;
  before(async () => {
    sim = await meter.startSim(['--tcp']);
  });
  after(async () => {
    client.closeAll();
    if (d) await d.cleanup();
    await meter.stopAll();
  });

  it('a report on an interval arrives as deliver_sm with the rendered text; the reading is stored', async () => {
    d = new Daemon({
      config: config(sim.port, [
        `{ name = "heat"; meters = ["heat1"]; interval = "1s"; groups = ["ops"]; source = "HEAT";
           template = "${TEMPLATE}"; }`,
        `{ name = "coldcheck"; meters = ["cold"]; interval = "1s"; recipients = ["${TO}"];
           template = "{meter} {energy_total}"; on_failure = "meter {meter} did not answer: {error}"; }`,
      ]),
    });
    await d.start();
    await d.waitForLine(/ info meters\.started meters=2 lines=1 reports=2/);
    const { session, resp } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    assert.equal(resp.command_status, 0);
    const got = collect(session);
    await pollUntil(() => got.some((p) => textOf(p) === EXPECTED) &&
      got.some((p) => textOf(p).startsWith('meter cold')), { timeoutMs: 20000, what: 'both reports as deliver_sm' });

    const report = got.find((p) => textOf(p) === EXPECTED);
    assert.equal(report.destination_addr, TO.replace(/^\+/, ''));
    assert.equal(report.source_addr, 'HEAT');
    const failure = got.find((p) => textOf(p).startsWith('meter cold'));
    assert.equal(textOf(failure), 'meter cold did not answer: timeout');
    assert.ok(d.findLine(/ error meter\.report_reading_failed report=coldcheck meter=cold error="timeout"/));

    // The reading, with its decoded values and raw memory, is in the store.
    await pollUntil(() => db.query(d.dbPath, 'SELECT count(*) FROM meter_readings;')[0][0] !== '0',
      { timeoutMs: 5000, what: 'a meter_readings row' });
    const rows = db.query(d.dbPath, "SELECT meter, serial, kind, meter_time, json_extract(vals, '$.energy_total'),"
      + " length(raw) FROM meter_readings ORDER BY id LIMIT 1;");
    assert.deepEqual(rows, [['heat1', '21827345', '0', '2016-03-02 14:15:33', '2222.225', '1280']]);
    const runs = db.query(d.dbPath, 'SELECT report FROM schedule_runs ORDER BY report;');
    assert.deepEqual(runs, [['coldcheck'], ['heat']]);
    await client.call(session, 'unbind');
    assert.equal(await d.stop(), 0);
  });

  async function restartWithMissedRun(policy) {
    // A daily report whose last run was two days ago: one run is due (several were missed).
    d.writeConfig(config(sim.port, [
      `{ name = "heat"; meters = ["heat1"]; interval = "1d"; recipients = ["${TO}"];
         template = "${TEMPLATE}"; missed = "${policy}"; }`,
    ]));
    const twoDaysAgo = Date.now() - 2 * 86400000;
    db.query(d.dbPath, `UPDATE schedule_runs SET last_run = ${twoDaysAgo} WHERE report = 'heat';`);
    const before = Number(db.query(d.dbPath, 'SELECT count(*) FROM meter_readings;')[0][0]);
    await d.start();
    return before;
  }

  it('missed while stopped, run_once: exactly one run at start-up', async () => {
    const before = await restartWithMissedRun('run_once');
    await d.waitForLine(/ info meter\.report_missed report=heat last_run=\d+ policy=run_once/);
    await d.waitForLine(/ info meter\.report_done report=heat/, 10000);
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    const got = collect(session);
    await pollUntil(() => got.length >= 1, { timeoutMs: 10000, what: 'the missed report' });
    // Every run is logged; one run, not two days of them.
    assert.equal(d.lines.filter((l) => / meter\.report_run report=heat /.test(l)).length, 1);
    assert.equal(Number(db.query(d.dbPath, 'SELECT count(*) FROM meter_readings;')[0][0]), before + 1);
    assert.ok(d.findLine(/ meter\.report_run report=heat reason=missed/));
    await client.call(session, 'unbind');
    assert.equal(await d.stop(), 0);
  });

  it('missed while stopped, skip: no run, the next one scheduled a day on', async () => {
    const before = await restartWithMissedRun('skip');
    const m = await d.waitForLine(/ info meter\.report_scheduled report=heat next_in_ms=(\d+)/);
    assert.ok(d.findLine(/ info meter\.report_missed report=heat last_run=\d+ policy=skip/));
    assert.ok(Number(m[1]) > 86400000 - 60000, `next run about a day away (${m[1]} ms)`);
    assert.equal(d.findLine(/ meter\.report_run report=heat/), null);
    assert.equal(Number(db.query(d.dbPath, 'SELECT count(*) FROM meter_readings;')[0][0]), before);
    assert.equal(await d.stop(), 0);
  });
});
