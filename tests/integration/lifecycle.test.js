'use strict';
// lifecycle.test.js - start, serve, stop: SIGTERM exits 0 in bounded time, a
// second signal during a slow stop exits 5, and the daemon refuses to start
// (with the documented exit code and a clear log line) on a foreign or too
// new database, a taken port, or an invalid configuration.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { Daemon, startDaemon } = require('./lib/daemon');
const { RawSmpp, CMD, STATUS } = require('./lib/rawsmpp');
const db = require('./lib/db');
const { withTimeout } = require('./lib/wait');
const { request } = require('./lib/http');

const DEMO = { system_id: 'demo', password: 'demo1234' };
const SAMPLE = path.resolve(__dirname, '../../config/smsbroker.conf');

function tcpConnect(port) {
  return withTimeout(new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  }), 5000, `TCP connect to ${port}`);
}

/* Starts a daemon that is expected to fail (after prepare(d), if given); resolves { code, signal, d }. */
async function startExpectingFailure(t, opts, prepare) {
  const d = new Daemon(opts);
  t.after(() => d.cleanup());
  if (prepare) prepare(d);
  await d.start({ waitReady: false });
  const r = await d.waitExit(10000);
  return { code: r.code, signal: r.signal, d };
}

describe('lifecycle', { timeout: 90000 }, () => {
  it('starts on a default-shaped config, accepts TCP, and exits 0 on SIGTERM within 5 s', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [DEMO] } });
    assert.ok(d.ports.smpp > 0);
    assert.ok(d.findLine(/ info storage\.open path=\S+ .*schema=\d+/), `storage.open logged\n${d.tail()}`);
    assert.ok(d.findLine(/ info demo_account system_id=demo\b/), `demo account announced\n${d.tail()}`);
    const sock = await tcpConnect(d.ports.smpp);
    const t0 = Date.now();
    const code = await d.stop('SIGTERM', 5000);
    assert.equal(code, 0, d.tail());
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(d.findLine(/ info stopping signal=15\b/), d.tail());
    assert.ok(d.findLine(/ info stopped exit=0\b/), d.tail());
    sock.destroy();
  });

  // The documented sample as shipped, with only its ports moved to 0 and its
  // database into the temp folder: what the README's run command starts.
  function sampleConfig(dir) {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const out = text
      .replace(/"127\.0\.0\.1:(2775|3550|8080)"/g, '"127.0.0.1:0"')
      .replace(/path = "data\/smsbroker\.db";/, `path = "${path.join(dir, 'smsbroker.db')}";`);
    assert.notEqual(out, text);
    assert.ok(!/:(2775|3550|8080)"/.test(out.replace(/#.*$/gm, '')), 'every fixed port of the sample rewritten');
    return out;
  }

  it('starts on the documented sample config and serves SMPP with the demo account', async (t) => {
    const d = new Daemon({ configText: '' });
    t.after(() => d.cleanup());
    d.writeConfigText(sampleConfig(d.dir));
    await d.start();
    assert.ok(d.findLine(/ info demo_account system_id=demo password=demo1234\b/), d.tail());
    const c = await RawSmpp.connect(d.ports.smpp);
    t.after(() => c.destroy());
    assert.equal((await c.bind('transceiver', DEMO)).status, STATUS.ESME_ROK);
    assert.equal((await c.unbind()).status, STATUS.ESME_ROK);
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });

  it('the sample\'s enabled HTTP listener is opened on loopback and answers', async (t) => {
    const d = new Daemon({ configText: '' });
    t.after(() => d.cleanup());
    d.writeConfigText(sampleConfig(d.dir));
    await d.start();
    await d.waitForLine(/ info listening proto=http addr=127\.0\.0\.1:0 port=\d+/, 2000);
    await tcpConnect(d.ports.http).then((s) => s.destroy());
    // The sample's API user is the seed's: user1 / user_pass.
    const r = await request({ port: d.ports.http, path: '/cgi-bin/sms_total?username=user1&password=user_pass' });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /^Used: 0\n/);
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });

  it('SIGINT stops it too, and a restart on the same database works', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [DEMO] } });
    assert.equal(await d.stop('SIGINT', 5000), 0, d.tail());
    assert.ok(d.findLine(/ info stopping signal=2\b/), d.tail());
    await d.restart();
    assert.ok(d.findLine(/ info storage\.open /), d.tail());
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });

  it('a bound session is unbound on SIGTERM; a second SIGTERM during that slow stop exits 5 at once', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [DEMO] } });
    const c = await RawSmpp.connect(d.ports.smpp);
    t.after(() => c.destroy());
    const b = await c.bind('transceiver', DEMO);
    assert.equal(b.status, STATUS.ESME_ROK);
    d.signal('SIGTERM');
    // The daemon asks us to unbind; we never answer, so its stop waits.
    const unbind = await c.nextPdu({ match: (p) => p.commandId === CMD.unbind, what: 'unbind from the daemon' });
    assert.equal(unbind.status, 0);
    assert.equal(d.running, true, 'still waiting for our unbind_resp');
    // Stopping means no longer accepting.
    await assert.rejects(tcpConnect(d.ports.smpp), /ECONNREFUSED/);
    const t0 = Date.now();
    const code = await d.stop('SIGTERM', 3000);
    assert.equal(code, 5, d.tail());
    assert.ok(Date.now() - t0 < 3000);
  });

  it('a session that never answers unbind holds one SIGTERM only for a bounded time', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [DEMO] } });
    const c = await RawSmpp.connect(d.ports.smpp);
    t.after(() => c.destroy());
    assert.equal((await c.bind('transceiver', DEMO)).status, STATUS.ESME_ROK);
    const t0 = Date.now();
    d.signal('SIGTERM');
    await c.nextPdu({ match: (p) => p.commandId === CMD.unbind, what: 'unbind from the daemon' });
    const r = await d.waitExit(10000);
    assert.equal(r.code, 0, d.tail());
    assert.ok(Date.now() - t0 < 10000);
    assert.ok(d.findLine(/ warn stop\.timeout sessions=1\b/), `the cut-short wait is logged\n${d.tail()}`);
    assert.ok(d.findLine(/ info stopped exit=0\b/), d.tail());
  });

  it('a session that answers unbind lets SIGTERM exit 0', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [DEMO] } });
    const c = await RawSmpp.connect(d.ports.smpp);
    t.after(() => c.destroy());
    assert.equal((await c.bind('transceiver', DEMO)).status, STATUS.ESME_ROK);
    d.signal('SIGTERM');
    const unbind = await c.nextPdu({ match: (p) => p.commandId === CMD.unbind, what: 'unbind from the daemon' });
    await c.respond(unbind);
    const r = await d.waitExit(5000);
    assert.equal(r.code, 0, d.tail());
    await c.waitClose(2000);
  });

  describe('refuses to start', () => {
    it('on a SQLite file of another program (exit 3), leaving it untouched', async (t) => {
      const d0 = new Daemon({ config: { accounts: [DEMO] } });
      t.after(() => d0.cleanup());
      db.query(d0.dbPath, 'CREATE TABLE contacts(name TEXT); INSERT INTO contacts VALUES (\'alice\');');
      const before = fs.readFileSync(d0.dbPath);
      await d0.start({ waitReady: false });
      const r = await d0.waitExit(10000);
      assert.equal(r.code, 3, d0.tail());
      const m = d0.findLine(/ error storage\.open_failed path=(\S+) error="([^"]*)"/);
      assert.ok(m, d0.tail());
      assert.match(m[2], /another program/);
      assert.ok(fs.readFileSync(d0.dbPath).equals(before), 'the foreign file is byte for byte unchanged');
      assert.ok(!d0.findLine(/ listening proto=/), 'no listener opened');
    });

    it('on a file that is not SQLite at all (exit 3)', async (t) => {
      const { code, d } = await startExpectingFailure(t, { config: { accounts: [DEMO] } },
        (x) => fs.writeFileSync(x.dbPath, Buffer.alloc(8192, 'not a database\n')));
      assert.equal(code, 3, d.tail());
      assert.match(d.findLine(/ error storage\.open_failed .*/)?.[0] || '', /not a SQLite database/, d.tail());
    });

    it('on a database with a newer schema than the binary knows (exit 3)', async (t) => {
      const d0 = new Daemon({ config: { accounts: [DEMO] } });
      t.after(() => d0.cleanup());
      db.query(d0.dbPath, 'PRAGMA application_id=1397576514; PRAGMA user_version=9999; CREATE TABLE future(x);');
      await d0.start({ waitReady: false });
      const r = await d0.waitExit(10000);
      assert.equal(r.code, 3, d0.tail());
      assert.match(d0.findLine(/ error storage\.open_failed .*/)?.[0] || '', /newer/, d0.tail());
    });

    it('on a read-only database (exit 3)', async (t) => {
      const d = await startDaemon(t, { config: { accounts: [DEMO] } });
      assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
      // Root writes through file modes, so as root the daemon runs as nobody.
      const asUser = process.getuid && process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
      for (const suffix of ['-wal', '-shm']) fs.rmSync(d.dbPath + suffix, { force: true });
      fs.chmodSync(d.dbPath, 0o444);
      fs.chmodSync(d.dir, 0o555);
      await d.restart({ waitReady: false, ...asUser });
      const r = await d.waitExit(10000);
      assert.equal(r.code, 3, d.tail());
      assert.match(d.findLine(/ error storage\.open_failed .*/)?.[0] || '', /read-only/, d.tail());
    });

    it('when the SMPP port is taken (exit 4)', async (t) => {
      const blocker = net.createServer();
      await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      t.after(() => new Promise((resolve) => blocker.close(resolve)));
      const port = blocker.address().port;
      const { code, d } = await startExpectingFailure(t, {
        config: { accounts: [DEMO], smpp: { listen: [`127.0.0.1:${port}`] } },
      });
      assert.equal(code, 4, d.tail());
      assert.ok(d.findLine(new RegExp(` error listener\\.failed proto=smpp addr=127\\.0\\.0\\.1:${port}\\b`)), d.tail());
    });

    it('on an invalid configuration (exit 1, config.error file:line)', async (t) => {
      const { code, d } = await startExpectingFailure(t, {
        configText: 'logging: {\n  level = "loud";\n};\n',
      });
      assert.equal(code, 1, d.tail());
      const file = path.join(d.dir, 'smsbroker.conf');
      assert.ok(d.findLine(new RegExp(` error config\\.error ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: logging\\.level: `)), d.tail());
    });
  });
});
