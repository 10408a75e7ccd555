'use strict';
// meter_status.test.js - meters through the HTTP API and SIGHUP, against the
// real daemon and the TEM-106 simulator on TCP: GET /api/v1/meters with the
// last reading's values, the last error and counts; POST
// /api/v1/meters/{name}/read answering with the decoded values (stored like
// a report's reading) or 504 for a silent meter; the meter metrics; a
// reload that adds, keeps, changes and removes reports and phone groups
// without a restart, keeps each meter's status, and refuses a report
// template the broker cannot render (the old set goes on).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const meter = require('./lib/meter');
const { request } = require('./lib/http');
const { pollUntil } = require('./lib/wait');

const RX = { system_id: 'rx', password: 'secret1' };
const OPS = ['ops-admin', 'ops_pw1'];
const TO = '+4917612345678';
const TO2 = '+4917600000002';

function extra(simPort, { reports = [], groups = [TO] } = {}) {
  return [
    'http_users = ( { name = "ops-admin"; password = "ops_pw1"; access = ["status"]; } );',
    'meters = (',
    `  { name = "heat1"; port = "tcp://127.0.0.1:${simPort}"; address = 1; timeout = "300ms"; retries = 0; },`,
    `  { name = "cold"; port = "tcp://127.0.0.1:${simPort}"; address = 9; timeout = "300ms"; retries = 0; }`,
    ');',
    `phone_groups = ( { name = "ops"; numbers = ${JSON.stringify(groups)}; } );`,
    reports.length ? `reports = (\n${reports.join(',\n')}\n);` : '',
  ].join('\n');
}

function config(simPort, opts) {
  return {
    accounts: [RX],
    http: { listen: ['127.0.0.1:0'] },
    connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
    routes: [{ name: 'all', connectors: ['apps'] }],
    extra: extra(simPort, opts),
  };
}

const report = (template) =>
  `{ name = "heat"; meters = ["heat1"]; interval = "1s"; groups = ["ops"]; template = "${template}"; }`;

describe('meters through the HTTP API and SIGHUP', { timeout: 120000 }, () => {
  let sim, d, got, session;
  const api = (path, extraOpts = {}) => request({ port: d.ports.http, path, auth: OPS, ...extraOpts });
  const meters = async () => {
    const r = await api('/api/v1/meters');
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.meters.map((m) => [m.name, m]));
  };
  async function reload(opts) {
    d.writeConfig({ ...config(sim.port, opts), storagePath: d.spec.storagePath });
    const mark = d.mark();
    d.signal('SIGHUP');
    await d.waitForLine(/ (info reload\.done|warn reload\.kept_old)\b/, 5000, { since: mark });
    return mark;
  }

  before(async () => {
    sim = await meter.startSim(['--tcp']);
    d = new Daemon({ config: config(sim.port) });
    await d.start();
    session = (await client.connectAndBind(d.ports.smpp, 'receiver', RX)).session;
    got = [];
    session.on('deliver_sm', (pdu) => got.push(client.textOf(pdu)));
  });
  after(async () => {
    client.closeAll();
    if (d) await d.cleanup();
    await meter.stopAll();
  });

  it('lists meters without readings, reads one on demand with its values, a silent one is 504', async () => {
    let m = await meters();
    assert.equal(m.heat1.port, `tcp://127.0.0.1:${sim.port}`);
    assert.equal(m.heat1.last_reading, null);
    assert.equal(m.heat1.last_error, null);
    assert.equal(m.heat1.reads, 0);

    const r = await api('/api/v1/meters/heat1/read', { method: 'POST' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.meter, 'heat1');
    assert.equal(r.json.ident, 'TEMC106');
    assert.equal(r.json.values.serial, 21827345);
    assert.equal(r.json.values.energy_total, 2222.225);
    assert.equal(r.json.values.meter_time, '2016-03-02 14:15:33');
    assert.match(r.json.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const c = await api('/api/v1/meters/cold/read', { method: 'POST' });
    assert.equal(c.status, 504, c.text);
    assert.equal(c.json.error.message, 'the meter did not answer: timeout');

    m = await meters();
    assert.equal(m.heat1.reads, 1);
    assert.equal(m.heat1.last_reading.values.energy_total, 2222.225);
    assert.equal(m.heat1.last_error, null);
    assert.equal(m.cold.failures, 1);
    assert.equal(m.cold.last_error.message, 'timeout');
    assert.equal(m.cold.last_reading, null);

    // The on-demand reading is stored like a report's.
    assert.deepEqual(db.query(d.dbPath, "SELECT meter, kind, meter_time FROM meter_readings;"),
      [['heat1', '0', '2016-03-02 14:15:33']]);

    const metrics = (await request({ port: d.ports.http, path: '/metrics' })).text;
    assert.match(metrics, /^smsbroker_meter_reads_total\{meter="heat1",result="ok"\} 1$/m);
    assert.match(metrics, /^smsbroker_meter_reads_total\{meter="cold",result="error"\} 1$/m);

    assert.equal((await api('/api/v1/meters/nope/read', { method: 'POST' })).status, 404);
    assert.equal((await api('/api/v1/meters/heat1/read')).status, 405);
    assert.equal((await request({ port: d.ports.http, path: '/api/v1/meters/heat1/read', method: 'POST' })).status, 401);
  });

  it('SIGHUP adds a report, keeps an unchanged one, rebuilds a changed one and removes it; status stays', async () => {
    let mark = await reload({ reports: [report('A {meter} {energy_total:.1}')] });
    await d.waitForLine(/ info meters\.reloaded meters=2 lines=1 reports=1 reports_kept=0 reports_started=1/, 2000, { since: mark });
    assert.ok(!d.findLine(/needs_restart option=(meters|reports|phone_groups)/), 'meters reload without a restart');
    await pollUntil(() => got.includes('A heat1 2222.2'), { timeoutMs: 10000, what: 'the new report\'s SMS' });
    assert.ok((await meters()).heat1.reads >= 2, 'the status went on from before the reload');

    mark = await reload({ reports: [report('A {meter} {energy_total:.1}')] });
    await d.waitForLine(/ info meters\.reloaded meters=2 lines=1 reports=1 reports_kept=1 reports_started=0/, 2000, { since: mark });

    mark = await reload({ reports: [report('B {meter}')] });
    await d.waitForLine(/ reports_kept=0 reports_started=1/, 2000, { since: mark });
    await pollUntil(() => got.includes('B heat1'), { timeoutMs: 10000, what: 'the changed template' });

    // A phone group is part of a report: a new number rebuilds it and gets the text.
    const before = got.length;
    mark = await reload({ reports: [report('B {meter}')], groups: [TO, TO2] });
    await d.waitForLine(/ reports_kept=0 reports_started=1/, 2000, { since: mark });
    await pollUntil(() => got.length >= before + 2, { timeoutMs: 10000, what: 'texts to both numbers' });

    // A template the broker cannot render refuses the whole reload; the old report goes on.
    mark = await reload({ reports: [report('C {no_such_value}')] });
    await d.waitForLine(/ error reload\.rejected report=heat line=\d+ error="unknown value \{no_such_value\}"/, 2000, { since: mark });
    await d.waitForLine(/ warn reload\.kept_old\b/, 2000, { since: mark });
    const n = got.length;
    await pollUntil(() => got.length > n && got[got.length - 1] === 'B heat1', { timeoutMs: 10000, what: 'the old report still running' });

    mark = await reload({});
    await d.waitForLine(/ info meters\.reloaded meters=2 lines=1 reports=0 /, 2000, { since: mark });
    assert.ok((await meters()).heat1.reads >= 3);
  });
});
