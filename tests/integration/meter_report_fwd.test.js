'use strict';
// meter_report_fwd.test.js - meter reports to the forwarding targets (issue 9,
// docs/tem106.md "Reports to HTTP and email"): the real daemon reads the
// TEM-106 simulator over TCP on a short interval and the report goes, through
// the forwarding outbox, to node HTTP receivers as a JSON POST with every
// decoded value and to a real SMTP server (python3-aiosmtpd) as the rendered
// text; a silent meter's report carries the on_failure text and the error; a
// receiver failing the first attempts gets it on a retry; a receiver down
// across a broker restart gets it after.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Daemon } = require('./lib/daemon');
const db = require('./lib/db');
const meter = require('./lib/meter');
const { HttpReceiver, SmtpServer, freePort, forwardingConfig } = require('./lib/forward');
const { pollUntil } = require('./lib/wait');

const TEMPLATE = 'Heat {meter}: Q={energy_total:.1} MWh V1={volume[1]:.2} m3 t1={t[1]:.1}C at {meter_time}';
const EXPECTED = 'Heat heat1: Q=2222.2 MWh V1=456.75 m3 t1=70.5C at 2016-03-02 14:15:33';
const FAST = { retry_min: '200ms', retry_max: '400ms' };

function meters(simPort) {
  return [
    'meters = (',
    `  { name = "heat1"; port = "tcp://127.0.0.1:${simPort}"; address = 1; timeout = "300ms"; retries = 0; archive_records = 2; },`,
    `  { name = "cold"; port = "tcp://127.0.0.1:${simPort}"; address = 9; timeout = "300ms"; retries = 0; }`,
    ');',
  ].join('\n');
}

function reports(list) {
  return ['reports = (', list.join(',\n'), ');'].join('\n');
}

function rows(d, name) {
  return db.query(d.dbPath, 'SELECT o.state, o.attempts, o.message_id, r.meter FROM outbox o'
    + ` JOIN meter_reports r ON r.id = o.message_id WHERE o.target_kind = 'report' AND o.target_name = '${name}'`
    + ' ORDER BY o.id;');
}

describe('meter reports to HTTP and email targets', { timeout: 120000 }, () => {
  let sim, d, crm, flaky, smtp;

  before(async () => {
    sim = await meter.startSim(['--tcp']);
    crm = await new HttpReceiver().start();
    flaky = await new HttpReceiver({ statuses: [500, 503] }).start();
    d = new Daemon({ config: {} });
    const out = path.join(d.dir, 'mail');
    fs.mkdirSync(out);
    smtp = await new SmtpServer({ dir: out }).start();
    const rules = [
      { name: 'crm', target: 'http', url: `${crm.base}/meters/{sender}`, headers: ['X-Report: {connector} #{message_id}'], ...FAST },
      { name: 'flaky', target: 'http', url: `${flaky.base}/in`, ...FAST },
      { name: 'mailbox', target: 'email', smtp_host: '127.0.0.1', smtp_port: smtp.port, smtp_security: 'none',
        from: 'meters@broker.test', to: ['ops@example.test'], subject: 'Report {sender}', ...FAST },
    ];
    d.writeConfig({
      extra: [
        meters(sim.port),
        forwardingConfig({ rules }),
        reports([
          `{ name = "heat"; meters = ["heat1"]; interval = "2s"; targets = ["crm", "mailbox", "flaky"];
             template = "${TEMPLATE}"; }`,
          `{ name = "coldcheck"; meters = ["cold"]; interval = "2s"; targets = ["crm"];
             template = "{meter} {energy_total}"; on_failure = "meter {meter} did not answer: {error}"; }`,
        ]),
      ].join('\n'),
    });
    await d.start();
  });

  after(async () => {
    if (d) await d.cleanup();
    await crm.close();
    await flaky.close();
    await smtp.stop();
    await meter.stopAll();
  });

  it('posts JSON with every decoded value to the HTTP rule', async () => {
    await pollUntil(() => crm.requests.some((r) => r.url.pathname === '/meters/heat1'),
      { timeoutMs: 20000, what: 'the heat report at the HTTP receiver' });
    const req = crm.requests.find((r) => r.url.pathname === '/meters/heat1');
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['content-type'], 'application/json');
    const body = JSON.parse(req.body);
    assert.match(req.headers['x-report'], new RegExp(`^report:heat #${body.id}$`));
    assert.equal(body.report, 'heat');
    assert.equal(body.meter, 'heat1');
    assert.equal(body.ok, true);
    assert.equal(body.error, null);
    assert.equal(body.serial, 21827345);
    assert.equal(body.meter_time, '2016-03-02 14:15:33');
    assert.match(body.broker_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(body.text, EXPECTED);
    // Decoded values exactly as stored with the reading (the simulator's known image).
    assert.equal(body.values.energy_total, 2222.225);
    assert.equal(body.values.volume[0], 456.75);
    assert.equal(body.values.t[0], 70.5);
    assert.equal(body.values.serial, 21827345);
    const stored = JSON.parse(db.query(d.dbPath,
      "SELECT vals FROM meter_readings WHERE meter = 'heat1' AND kind = 0 ORDER BY id LIMIT 1;")[0][0]);
    for (const k of ['energy', 'volume', 'mass', 't', 'p', 'flow_v', 'powered_h', 'normal_h']) {
      assert.deepEqual(body.values[k], stored[k], k);
    }
    assert.equal(body.units.energy_total, 'MWh');
    assert.equal(body.units.volume, 'm3');
    assert.equal(body.units.t, 'C');
    // The archive record read with it (meter_archive.test.js has its figures).
    assert.equal(body.archive.hourly.period, '2015-03-20 07:00:00');
    assert.equal(body.archive.hourly.energy_total, 2221.0025);
    assert.equal(body.archive.daily, null);
    // The row it came from.
    const [row] = db.query(d.dbPath, `SELECT report, meter, text FROM meter_reports WHERE id = ${body.id};`);
    assert.deepEqual(row, ['heat', 'heat1', EXPECTED]);
  });

  it("a silent meter's report carries the on_failure text and the error", async () => {
    await pollUntil(() => crm.requests.some((r) => r.url.pathname === '/meters/cold'),
      { timeoutMs: 20000, what: 'the cold report' });
    const body = JSON.parse(crm.requests.find((r) => r.url.pathname === '/meters/cold').body);
    assert.equal(body.ok, false);
    assert.equal(body.error, 'timeout');
    assert.equal(body.text, 'meter cold did not answer: timeout');
    assert.equal(body.values, null);
    assert.equal(body.serial, null);
  });

  it('emails the rendered text to the email rule', async () => {
    await smtp.waitMessages(1, 20000);
    const m = smtp.messages[0];
    assert.deepEqual(m.to, ['ops@example.test']);
    const raw = m.raw.toString('utf8');
    assert.match(raw, /^Subject: Report heat1\r$/m);
    assert.match(raw, /^Message-ID: <report\.\d+\.mailbox\.\d+@/m);
    const bodyText = raw.slice(raw.indexOf('\r\n\r\n') + 4);
    assert.equal(bodyText.replace(/\r\n$/, ''), EXPECTED);
  });

  it('a receiver failing the first attempts gets the report on a retry', async () => {
    await flaky.waitRequests(1, 20000);
    assert.deepEqual(flaky.answered.slice(0, 3), [500, 503, 200]);
    const body = JSON.parse(flaky.requests[0].body);
    assert.equal(body.text, EXPECTED);
    await pollUntil(() => rows(d, 'flaky')[0]?.[0] === '1', { what: 'the first flaky row done' });
    const [first] = rows(d, 'flaky');
    assert.equal(first[1], '3');
    assert.equal(first[2], String(body.id));
    assert.ok(d.findLine(/fwd\.retry kind=report target=flaky .*error="HTTP 500/));
  });
});

describe('meter reports to HTTP across a restart', { timeout: 90000 }, () => {
  it('a receiver down while the broker restarts gets the report after', async () => {
    const sim = await meter.startSim(['--tcp']);
    const port = await freePort();
    const d = new Daemon({ config: {} });
    const rules = [{ name: 'later', target: 'http', url: `http://127.0.0.1:${port}/later`, retry_min: '200ms', retry_max: '1s' }];
    d.writeConfig({
      extra: [
        meters(sim.port),
        forwardingConfig({ rules }),
        reports([`{ name = "heat"; meters = ["heat1"]; interval = "1h"; targets = ["later"];
                    template = "${TEMPLATE}"; }`]),
      ].join('\n'),
    });
    try {
      // A run an hour old: run_once runs the report at start-up, once.
      await d.start();
      assert.equal(await d.stop(), 0);
      db.query(d.dbPath, `INSERT OR REPLACE INTO schedule_runs (report, last_run) VALUES ('heat', ${Date.now() - 7200000});`);
      await d.restart();
      await d.waitForLine(/fwd\.retry kind=report target=later .*attempts=2/, 20000);
      const [pending] = rows(d, 'later');
      assert.equal(pending[0], '0');
      assert.equal(await d.stop(), 0);
      const recv = await new HttpReceiver().start(port);
      try {
        await d.restart();
        await recv.waitRequests(1, 20000);
        const body = JSON.parse(recv.requests[0].body);
        assert.equal(body.id, Number(pending[2]));
        assert.equal(body.text, EXPECTED);
        assert.equal(body.values.energy_total, 2222.225);
        await pollUntil(() => rows(d, 'later')[0]?.[0] === '1', { what: 'row done after restart' });
        assert.equal(recv.requests.filter((r) => JSON.parse(r.body).id === body.id).length, 1);
      } finally {
        await recv.close();
      }
    } finally {
      await d.cleanup();
      await meter.stopAll();
    }
  });
});
