'use strict';
// modem.test.js - the GSM modem connector end to end: the real daemon
// drives a scripted AT modem (lib/modem.js) on a socat pseudo-terminal
// through libserialport's real open path (the pty fixture of lib/meter.js:
// root only), SMPP clients (npm's smpp package) submit and receive. The
// PDUs the broker sends are decoded with lib/pdu.js, written apart from the
// broker's codec. Covered: PDU-mode send (destination, text, UDH, SRR) and
// the status report coming back as a receipt; a concatenated message part
// by part; +CMS ERROR temporary (retried) and permanent (failed, with a
// receipt); TP-MR reused by the modem, reports still matched; incoming SMS
// by +CMTI, by the sweep, and on the SIM at start-up, reaching a bound
// receiver; a re-read after the broker stopped between commit and AT+CMGD
// stored once; garbage, partial lines and unsolicited codes inside answers;
// a modem that stops answering is reopened.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon, makeTempDir, removeTempDir } = require('./lib/daemon');
const client = require('./lib/smppclient');
const { collect } = client;
const meter = require('./lib/meter');
const { ModemSim } = require('./lib/modem');
const pdu = require('./lib/pdu');
const { request } = require('./lib/http');
const { pollUntil } = require('./lib/wait');

const TX = { system_id: 'sender', password: 'secret1' };
const RX = { system_id: 'receiver', password: 'secret2' };

const skip = meter.canUsePtyNamespace() ? false
  : 'needs root for a private mount namespace (unshare -m), as CI runs; see serial-testing.md';

function textOf(p) {
  const sm = p.short_message;
  return typeof sm === 'object' && sm !== null && 'message' in sm ? String(sm.message) : String(sm);
}

/* A daemon with one modem connector on a fresh pty pair, and the simulator on the other end. */
async function setup(t, { modem = {}, before: prepare } = {}) {
  const dir = makeTempDir('smsb-modem-');
  const pair = await meter.startPtyPair(dir);
  const sim = new ModemSim(pair.peer);
  if (prepare) prepare(sim);
  const d = new Daemon({
    config: {
      accounts: [TX, RX],
      http: { listen: ['127.0.0.1:0'] }, // /metrics
      connectors: [{
        name: 'gsm', type: 'modem', devices: [pair.broker], command_timeout: '1s',
        send_timeout: '2s', health_interval: '1s', sweep_interval: '1s',
        reconnect_min: '100ms', reconnect_max: '300ms', mo_account: 'receiver', ...modem,
      }],
      routes: [{ name: 'gsm', match_destination: '^\\+?370', connectors: ['gsm'] }],
      delivery: { retry_min: '200ms', retry_max: '1s', receiver_wait: '1s' },
    },
  });
  const wrap = (argv) => meter.ptyNamespaceCommand(argv, pair.broker);
  t.after(async () => {
    await d.cleanup();
    sim.close();
    await pair.stop();
    removeTempDir(dir);
  });
  await d.start({ wrap });
  await d.waitForLine(/modem\.state device=\S+ connector=gsm old=setup new=ready/, 8000);
  return { d, sim, pair, wrap };
}

async function bind(d, who, kind = 'transceiver') {
  const { session, resp } = await client.connectAndBind(d.ports.smpp, kind, who);
  assert.equal(resp.command_status, 0);
  return session;
}

describe('modem connector over a pseudo-terminal', { timeout: 150000, skip }, () => {
  after(async () => {
    client.closeAll();
    await meter.stopAll();
  });

  it('initialises with the default script and the SMS set-up', async (t) => {
    const { d, sim, pair } = await setup(t, { modem: { apn: 'internet.example' } });
    const want = ['AT', 'ATE0', 'AT+CMEE=1', 'AT+CPIN?', 'AT+CMGF=0', 'AT+CPMS="SM","SM","SM"',
      'AT+CNMI=2,1,0,2,0', 'AT+CNUM', 'AT+CGDCONT=1,"IP","internet.example"'];
    assert.deepEqual(sim.commands.slice(0, want.length), want);
    await d.waitForLine(/modem\.health device=\S+ connector=gsm rssi=21 dbm=-71 ber=99 creg=1 cereg=1 registered=1/);
    // The health check's figures as Prometheus gauges.
    const m = (await request({ port: d.ports.http, path: '/metrics' })).text;
    const labels = `{connector="gsm",device="${pair.broker}"}`;
    assert.ok(m.includes(`smsbroker_modem_signal_dbm${labels} -71\n`), m);
    assert.ok(m.includes(`smsbroker_modem_registration${labels} 1\n`));
    assert.ok(m.includes(`smsbroker_modem_ready${labels} 1\n`));
  });

  it('sends in PDU mode with SRR; the status report becomes the receipt', async (t) => {
    const { d, sim } = await setup(t);
    const tx = await bind(d, TX);
    const receipts = collect(tx);
    const r = await client.call(tx, 'submit_sm', {
      source_addr: 'INFO', destination_addr: '+37060000001', short_message: 'Hello modem',
      registered_delivery: 1,
    });
    assert.equal(r.command_status, 0);
    await sim.waitFor(() => sim.submits.length === 1, 'AT+CMGS');
    const s = sim.submits[0];
    assert.equal(s.at, String(pdu.tpduLength(s.hex)), 'AT+CMGS=<length of the TPDU>');
    assert.equal(s.pdu.da.digits, '37060000001');
    assert.equal(s.pdu.da.ton, 1);
    assert.equal(s.pdu.text, 'Hello modem');
    assert.equal(s.pdu.srr, true);
    assert.equal(s.pdu.udh, null);
    assert.equal(s.pdu.dcs, 0);
    await d.waitForLine(/dispatch\.sent message=\d+ connector=gsm/);
    const index = sim.report(pdu.encodeStatusReport({ mr: s.mr, ra: '+37060000001', st: 0 }));
    await pollUntil(() => receipts.length === 1, { what: 'the receipt' });
    assert.match(textOf(receipts[0]), /stat:DELIVRD/);
    assert.equal(receipts[0].esm_class & 0x04, 0x04);
    await sim.waitFor(() => sim.deleted.includes(index), 'the report deleted after the commit');
  });

  it('a concatenated message goes out part by part, each with its header', async (t) => {
    const { d, sim } = await setup(t);
    const tx = await bind(d, TX);
    // As an ESME splits it: one submit_sm per part, the UDH in front (esm_class 0x40).
    const halves = ['Part of a long message, ', 'and the rest of it.'];
    for (const [i, text] of halves.entries()) {
      const r = await client.call(tx, 'submit_sm', {
        source_addr: 'INFO', destination_addr: '37060000002',
        short_message: { udh: Buffer.from([5, 0x00, 3, 0x2a, 2, i + 1]), message: text },
      });
      assert.equal(r.command_status, 0);
    }
    await sim.waitFor(() => sim.submits.length === 2, 'two AT+CMGS');
    const parts = sim.submits.map((x) => x.pdu).sort((a, b) => a.udh[5] - b.udh[5]);
    for (const [i, p] of parts.entries()) {
      assert.equal(p.udhi, true);
      assert.equal(p.dcs, 0, 'GSM 7-bit on the air');
      assert.deepEqual(p.udh, [5, 0x00, 3, 0x2a, 2, i + 1]);
      assert.equal(p.text, halves[i]);
    }
  });

  it('+CMS ERROR 38 (temporary) is retried; 1 (permanent) fails with a receipt', async (t) => {
    const { d, sim } = await setup(t);
    const tx = await bind(d, TX);
    const receipts = collect(tx);
    let tempOnce = true;
    sim.onSubmit = (p) => {
      if (p.da.digits === '37060000003' && tempOnce) {
        tempOnce = false;
        return { cms: 38 };
      }
      if (p.da.digits === '37060000004') return { cms: 1 };
      return undefined;
    };
    await client.call(tx, 'submit_sm', { destination_addr: '37060000003', short_message: 'again', registered_delivery: 1 });
    await client.call(tx, 'submit_sm', { destination_addr: '37060000004', short_message: 'never', registered_delivery: 1 });
    await sim.waitFor(() => sim.submits.filter((x) => x.pdu.da.digits === '37060000003').length === 2, 'the retry');
    await d.waitForLine(/modem\.send_error device=\S+ cms=38 class=temporary/);
    await d.waitForLine(/modem\.send_error device=\S+ cms=1 class=permanent reason="unassigned number"/);
    await pollUntil(() => receipts.length === 1, { what: 'the failure receipt' });
    assert.match(textOf(receipts[0]), /stat:UNDELIV/);
    assert.match(textOf(receipts[0]), /err:001/);
    assert.equal(sim.submits.filter((x) => x.pdu.da.digits === '37060000004').length, 1, 'never retried');
  });

  it('a TP-MR the modem used twice: each report finds its own message by TP-RA', async (t) => {
    const { d, sim } = await setup(t);
    const tx = await bind(d, TX);
    const receipts = collect(tx);
    sim.onSubmit = () => ({ mr: 42 });
    await client.call(tx, 'submit_sm', { destination_addr: '37060000005', short_message: 'one', registered_delivery: 1 });
    await sim.waitFor(() => sim.submits.length === 1, 'first');
    await client.call(tx, 'submit_sm', { destination_addr: '37060000006', short_message: 'two', registered_delivery: 1 });
    await sim.waitFor(() => sim.submits.length === 2, 'second');
    await pollUntil(() => d.lines.filter((l) => /dispatch\.sent /.test(l)).length >= 2, { what: 'both sent' });
    sim.report(pdu.encodeStatusReport({ mr: 42, ra: '+37060000005', st: 0 }));
    sim.report(pdu.encodeStatusReport({ mr: 42, ra: '+37060000006', st: 0x41 }));
    await pollUntil(() => receipts.length === 2, { what: 'two receipts' });
    const byText = Object.fromEntries(receipts.map((p) => [p.source_addr, textOf(p)]));
    assert.match(byText['37060000005'], /stat:DELIVRD/);
    assert.match(byText['37060000006'], /stat:UNDELIV/);
  });

  it('incoming SMS by +CMTI reach the bound receiver, then leave the SIM', async (t) => {
    const { d, sim } = await setup(t);
    const rx = await bind(d, RX, 'receiver');
    const got = collect(rx);
    const index = sim.deliver(pdu.encodeDeliver({ from: '+37061111111', text: 'Hello broker' }));
    await pollUntil(() => got.length === 1, { what: 'deliver_sm' });
    assert.equal(textOf(got[0]), 'Hello broker');
    assert.equal(got[0].source_addr, '37061111111');
    assert.equal(got[0].destination_addr, '37060000009', 'the SIM number from AT+CNUM');
    await sim.waitFor(() => sim.deleted.includes(index) && !sim.storage.has(index), 'AT+CMGD');
    assert.ok(sim.commands.includes(`AT+CMGR=${index}`));
  });

  it('a message on the SIM at start-up, and one found by the sweep, are delivered', async (t) => {
    const early = pdu.encodeDeliver({ from: '+37062222222', text: 'while you were away' });
    const { d, sim } = await setup(t, { before: (s) => s.store(early) });
    const rx = await bind(d, RX, 'receiver');
    const got = collect(rx);
    await pollUntil(() => got.length === 1, { what: 'the message from start-up' });
    assert.equal(textOf(got[0]), 'while you were away');
    sim.store(pdu.encodeDeliver({ from: '+37062222223', text: 'indication lost' }));
    await pollUntil(() => got.length === 2, { what: 'the swept message' });
    assert.equal(textOf(got[1]), 'indication lost');
    await sim.waitFor(() => sim.storage.size === 0, 'the SIM emptied');
  });

  it('concatenated incoming parts are stored and delivered part by part with their UDH', async (t) => {
    const { d, sim } = await setup(t);
    const rx = await bind(d, RX, 'receiver');
    const got = collect(rx);
    sim.deliver(pdu.encodeDeliver({ from: '+37063333333', text: 'first half ', concat: { ref: 9, total: 2, seq: 1 } }));
    sim.deliver(pdu.encodeDeliver({ from: '+37063333333', text: 'second half', concat: { ref: 9, total: 2, seq: 2 } }));
    await pollUntil(() => got.length === 2, { what: 'both parts' });
    for (const p of got) assert.equal(p.esm_class & 0x40, 0x40);
    await sim.waitFor(() => sim.storage.size === 0, 'both deleted');
  });

  it('a message read again after a stop between commit and AT+CMGD is stored once', async (t) => {
    const { d, sim, wrap } = await setup(t);
    const rx = await bind(d, RX, 'receiver');
    const got = collect(rx);
    // The modem "forgets" deletes: as if the broker died before AT+CMGD.
    const realDelete = sim.storage.delete.bind(sim.storage);
    sim.storage.delete = () => false;
    const hex = pdu.encodeDeliver({ from: '+37064444444', text: 'only once' });
    sim.deliver(hex);
    await pollUntil(() => got.length === 1, { what: 'first delivery' });
    await d.kill9();
    client.closeAll();
    sim.storage.delete = realDelete;
    await d.restart({ wrap });
    await d.waitForLine(/modem\.state device=\S+ connector=gsm old=setup new=ready/, 8000);
    await d.waitForLine(/inbound\.duplicate message=\d+ connector=gsm remote_id=mo:[0-9a-f]{16}/);
    await sim.waitFor(() => sim.storage.size === 0, 'deleted after the duplicate check');
    const rx2 = await bind(d, RX, 'receiver');
    const got2 = collect(rx2);
    const sinceRestart = d.lines.filter((l) => /inbound\.stored /.test(l)).length;
    assert.equal(sinceRestart, 0, 'nothing stored again');
    assert.equal(got2.length, 0);
  });

  it('garbage, partial lines and unsolicited codes inside answers do not disturb it', async (t) => {
    const { d, sim } = await setup(t);
    const tx = await bind(d, TX);
    sim.urcInsideAnswers = true;
    sim.push('\x00\x01\xff\xfe noise\r\n');
    sim.push('+CMT');          // a partial line...
    sim.push('I: "SM",');      // ... completed later: an indication for an empty index
    sim.push('7\r\n');
    sim.push('x'.repeat(3000) + '\r\n'); // overlong
    const r = await client.call(tx, 'submit_sm', { destination_addr: '37060000007', short_message: 'through noise' });
    assert.equal(r.command_status, 0);
    await sim.waitFor(() => sim.submits.length === 1, 'AT+CMGS');
    assert.equal(sim.submits[0].pdu.text, 'through noise');
    await d.waitForLine(/modem\.sent device=\S+ mr=\d+ to=37060000007/);
    await d.waitForLine(/modem\.line_too_long/);
    assert.ok(sim.commands.includes('AT+CMGR=7'), 'the +CMTI split over three writes was read');
  });

  it('a modem that stops answering is reopened and initialised again', async (t) => {
    const { d, sim } = await setup(t);
    const since = d.mark();
    sim.silent = true;
    await d.waitForLine(/modem\.reopen device=\S+ reason="the modem stopped answering"/, 8000, { since });
    sim.silent = false;
    await d.waitForLine(/modem\.state device=\S+ connector=gsm old=setup new=ready/, 8000, { since });
  });

  it('the SIM PIN is entered when the SIM asks', async (t) => {
    const { sim } = await setup(t, { modem: { sim_pin: '4321' }, before: (s) => { s.pin = '4321'; } });
    assert.ok(sim.commands.includes('AT+CPIN="4321"'));
    assert.ok(sim.pinOk);
  });
});
