'use strict';
// meter_read.test.js - `smsbroker meter read` against the TEM-106 simulator
// (tests/support/tem106_sim.c, answering from the example memory image):
// over TCP, and over a socat pseudo-terminal through libserialport's real
// open path (root only: see lib/meter.js). The decoded figures are the ones
// worked out by hand in tests/unit/tem106/test_tem106_decode.c. Faults:
// silence, a bad checksum, an answer from another address, a pause over
// 0.5 s inside a frame, a short answer; retries recover from one bad
// answer; a half-duplex echo of the request is skipped.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { runCli, makeTempDir, binPath } = require('./lib/daemon');
const meter = require('./lib/meter');

const dirs = [];
function writeConfig(meterOpts) {
  const dir = makeTempDir('smsb-meter-');
  dirs.push(dir);
  const fields = Object.entries({ name: 'heat1', ...meterOpts })
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? JSON.stringify(v) : v};`).join(' ');
  const file = path.join(dir, 'smsbroker.conf');
  fs.writeFileSync(file, `logging: { level = "debug"; };\nmeters = ( { ${fields} } );\n`);
  return { dir, file };
}

/* "name = value" lines of the output as an object. */
function values(stdout) {
  const v = {};
  for (const line of stdout.split('\n')) {
    const m = /^(\S+) = (.*)$/.exec(line);
    if (m) v[m[1]] = m[2];
  }
  return v;
}

function assertExampleMeter(stdout) {
  const v = values(stdout);
  assert.equal(v.ident, 'TEMC106');
  assert.equal(v.meter, 'heat1');
  assert.equal(v.serial, '21827345');
  assert.equal(v.net_num, '7');
  assert.equal(v.systems, '2');
  assert.equal(v.meter_time, '2016-03-02 14:15:33');
  assert.equal(v.energy_total, '2222.225000');
  assert.equal(v['energy[2]'], '9876.543225');
  assert.equal(v['volume[1]'], '456.750000');
  assert.equal(v['mass[2]'], '1200.000500');
  assert.equal(v['t[1]'], '70.500000');
  assert.equal(v['t[6]'], '-1.500000');
  assert.equal(v['p[3]'], '0.375000');
  assert.equal(v['flow_v[2]'], '1.250000');
  assert.equal(v.powered_h, '1000.000000');
}

describe('meter read over TCP', { timeout: 60000 }, () => {
  after(async () => {
    await meter.stopAll();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function readWith(simArgs, meterOpts = {}) {
    const sim = await meter.startSim(['--tcp', ...simArgs]);
    try {
      const { file } = writeConfig({ port: `tcp://127.0.0.1:${sim.port}`, timeout: '300ms', ...meterOpts });
      const r = await runCli(['meter', 'read', 'heat1', '--config', file]);
      return { ...r, requests: sim.requests() };
    } finally {
      await sim.stop();
    }
  }

  it('reads and decodes every value: identify + 18 timer reads', async () => {
    const r = await readWith([]);
    assert.equal(r.code, 0, r.stderr);
    assertExampleMeter(r.stdout);
    assert.equal(r.requests, 19);
    assert.match(r.stderr, /info meter\.read meter=heat1 addr=1 serial=21827345/);
  });

  it('a meter at another address on the same bus stays silent: timeout, exit 7', async () => {
    const r = await readWith([], { address: 2, retries: 1 });
    assert.equal(r.code, 7);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /meter heat1 did not answer: timeout/);
    assert.equal(r.requests, 2, 'the first send and one retry');
  });

  const faults = [
    ['silence', /did not answer: timeout/],
    ['checksum', /did not answer: bad checksum/],
    ['wrong_addr', /did not answer: .*address/],
    ['pause', /did not answer: .*short/],
    ['short', /did not answer: .*short/],
  ];
  for (const [fault, re] of faults) {
    it(`fault ${fault}: refused with its reason, never a reading`, async () => {
      const r = await readWith(['--fault', fault], { retries: 0 });
      assert.equal(r.code, 7, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, re);
      assert.match(r.stderr, /error meter\.read_failed meter=heat1 addr=1 step=0/);
    });
    it(`fault ${fault} once: the retry reads the meter`, async () => {
      const r = await readWith(['--fault', fault, '--faults', '1'], { retries: 1 });
      assert.equal(r.code, 0, r.stderr);
      assertExampleMeter(r.stdout);
      assert.equal(r.requests, 20, 'one request sent twice');
      assert.match(r.stderr, /meter\.retry port=tcp:\/\/127\.0\.0\.1:\d+ addr=1 attempt=1/);
    });
  }

  it('a half-duplex echo of every request is skipped', async () => {
    const r = await readWith(['--echo']);
    assert.equal(r.code, 0, r.stderr);
    assertExampleMeter(r.stdout);
  });

  it('nothing listening: cannot connect, exit 7', async () => {
    const sim = await meter.startSim(['--tcp']);
    const port = sim.port;
    await sim.stop();
    const { file } = writeConfig({ port: `tcp://127.0.0.1:${port}`, retries: 0 });
    const r = await runCli(['meter', 'read', 'heat1', '--config', file]);
    assert.equal(r.code, 7);
    assert.match(r.stderr, /did not answer: cannot open the port/);
  });

  it('an unknown meter name: exit 2', async () => {
    const { file } = writeConfig({ port: 'tcp://127.0.0.1:1' });
    const r = await runCli(['meter', 'read', 'nope', '--config', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no meter named 'nope'/);
  });
});

describe('meter read over a pseudo-terminal (libserialport)', { timeout: 60000 }, () => {
  after(async () => {
    await meter.stopAll();
  });

  const skip = meter.canUsePtyNamespace() ? false
    : 'needs root for a private mount namespace (unshare -m), as CI runs; see serial-testing.md';

  async function readOverPty(simArgs, meterOpts = {}) {
    const dir = makeTempDir('smsb-meter-pty-');
    dirs.push(dir);
    const pair = await meter.startPtyPair(dir);
    const sim = await meter.startSim(['--tty', pair.peer, ...simArgs]);
    try {
      const { file } = writeConfig({ port: pair.broker, baud: 19200, timeout: '300ms', ...meterOpts });
      const r = await meter.runInPtyNamespace([binPath(), 'meter', 'read', 'heat1', '--config', file], pair.broker);
      return { ...r, requests: sim.requests() };
    } finally {
      await sim.stop();
      await pair.stop();
    }
  }

  it('reads and decodes every value through sp_open on a pty', { skip }, async () => {
    const r = await readOverPty([]);
    assert.equal(r.code, 0, r.stderr);
    assertExampleMeter(r.stdout);
    assert.match(r.stderr, /info meter\.port_open port=\/dev\/pts\/\d+ baud=19200/);
  });

  it('with an echoing adapter and one bad checksum', { skip }, async () => {
    const r = await readOverPty(['--echo', '--fault', 'checksum', '--faults', '1'], { retries: 1 });
    assert.equal(r.code, 0, r.stderr);
    assertExampleMeter(r.stdout);
    assert.equal(r.requests, 20);
  });

  it('a pause over 0.5 s inside a frame is a short answer', { skip }, async () => {
    const r = await readOverPty(['--fault', 'pause'], { retries: 0 });
    assert.equal(r.code, 7);
    assert.match(r.stderr, /did not answer: .*short/);
  });
});
