'use strict';
// smpp_upstream.test.js - the smpp connector against an SMSC the test
// controls (lib/fakesmsc.js, npm's smpp server): bind and submit with the
// window, receipts back to the submitter with our message id (hex and
// decimal forms, text and TLV, before the submit_sm_resp), throttling that
// slows down instead of failing, error statuses, a dropped connection
// mid-window, a slow SMSC, MO messages, and failover to a second upstream.

const { describe, it, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const { FakeSmsc } = require('./lib/fakesmsc');
const db = require('./lib/db');
const { pollUntil } = require('./lib/wait');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const APP = { system_id: 'app', password: 'secret1' };
const MO = { system_id: 'moacct', password: 'secret2' };

const { textOf, collect } = client;

function upstream(name, port, extra = {}) {
  return {
    name, type: 'smpp', host: '127.0.0.1', port, system_id: 'broker', password: 'pw',
    window: 10, response_timeout: '2s', reconnect_min: '100ms', reconnect_max: '500ms',
    throttle_pause: '300ms', enquire_link_interval: '1s', mo_account: 'moacct', ...extra,
  };
}

describe('smpp connector against a fake SMSC', { timeout: 180000 }, () => {
  let fake;
  let d;
  let tx;
  let receipts;

  before(async () => {
    fake = await new FakeSmsc().start();
    d = new Daemon({
      config: {
        accounts: [APP, MO],
        connectors: [upstream('up', fake.port)],
        routes: [{ name: 'uk', match_destination: '^44', connectors: ['up'] }],
        delivery: { retry_min: '200ms', retry_max: '1s', receiver_wait: '30s', max_attempts: 5 },
      },
    });
    await d.start();
    await fake.waitBound(1);
    tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    receipts = collect(tx);
  });
  after(async () => {
    client.closeAll();
    await d.cleanup();
    await fake.close();
  });
  beforeEach(() => {
    fake.opts.onSubmit = undefined;
    fake.opts.idFormat = 'hex';
    receipts.length = 0;
  });

  async function submit(text, fields = {}) {
    const r = await client.call(tx, 'submit_sm', {
      source_addr: 'ACME', destination_addr: '447700900001', short_message: text,
      registered_delivery: 1, ...fields,
    });
    assert.equal(r.command_status, 0);
    return r.message_id;
  }

  function receiptFor(id) {
    return receipts.find((p) => p.receipted_message_id === id);
  }

  async function waitReceipt(id, timeoutMs = 8000) {
    return pollUntil(() => receiptFor(id), { timeoutMs, what: `receipt for message ${id}` });
  }

  async function state(id) {
    const q = await client.call(tx, 'query_sm', { message_id: id, source_addr: 'ACME' });
    assert.equal(q.command_status, 0);
    return q.message_state;
  }

  it('binds as a transceiver with our system_id and password', () => {
    assert.equal(fake.binds[0].command, 'bind_transceiver');
    assert.equal(fake.binds[0].system_id, 'broker');
    assert.equal(fake.binds[0].password, 'pw');
  });

  it('submits as stored; a DELIVRD receipt (hex id as given) reaches the submitter with our id', async () => {
    const id = await submit('Hello upstream');
    await fake.waitSubmits(1);
    const sub = fake.submits.at(-1);
    assert.equal(sub.text, 'Hello upstream');
    assert.equal(sub.pdu.source_addr, 'ACME');
    assert.equal(sub.pdu.destination_addr, '447700900001');
    assert.equal(sub.pdu.registered_delivery, 1);
    await pollUntil(() => sub.messageId, { what: 'the fake SMSC answered' });
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} connector=up`));
    const resp = await fake.receipt(sub);
    assert.equal(resp.command_status, 0);
    const dr = await waitReceipt(id);
    assert.match(textOf(dr), /stat:DELIVRD/);
    assert.equal(await state(id), 2); // DELIVERED
  });

  it('registered_delivery bit 4: an intermediate notification when the upstream takes it, then the receipt', async () => {
    const before = fake.submits.length;
    const id = await submit('tell me twice', { registered_delivery: 0x11 });
    await fake.waitSubmits(before + 1);
    const sub = fake.submits[before];
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} connector=up`));
    const first = await waitReceipt(id);
    assert.equal(first.esm_class & 0x3c, 0x20, 'intermediate delivery notification');
    assert.match(textOf(first), /stat:ENROUTE/);
    assert.equal(first.message_state, 1); // ENROUTE
    await fake.receipt(sub);
    const final = await pollUntil(() => receipts.find((p) => p.receipted_message_id === id && (p.esm_class & 0x3c) === 0x04),
      { timeoutMs: 8000, what: 'the final receipt' });
    assert.match(textOf(final), /stat:DELIVRD/);
    assert.equal(await state(id), 2);
  });

  it('matches a receipt that carries the decimal form of a hex id, and the reverse', async () => {
    const a = await submit('hex in resp');
    await fake.waitSubmits(fake.submits.length);
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${a} `));
    const subA = fake.submits.at(-1);
    assert.match(subA.messageId, /[A-F]/);
    await fake.receipt(subA, { idForm: 'dec', tlv: true });
    await waitReceipt(a);
    assert.equal(await state(a), 2);

    fake.opts.idFormat = 'dec';
    const b = await submit('dec in resp');
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${b} `));
    const subB = fake.submits.at(-1);
    await fake.receipt(subB, { idForm: 'hex', stat: 'UNDELIV', err: '034' });
    const dr = await waitReceipt(b);
    assert.match(textOf(dr), /stat:UNDELIV/);
    assert.equal(await state(b), 5); // UNDELIVERABLE
  });

  it('keeps a receipt that arrives before its submit_sm_resp', async () => {
    let held;
    fake.opts.onSubmit = (sub) => { held = sub; return 'hold'; };
    const id = await submit('receipt first');
    await pollUntil(() => held, { what: 'submit_sm at the fake SMSC' });
    held.messageId = fake.newId();
    const mark = d.mark();
    const receipt = fake.receipt(held, { tlv: true });
    // The receipt is held, unanswered, while its message is unknown ...
    await d.waitForLine(new RegExp(`smpp_link\\.receipt_held connector=up remote_id=${held.messageId} `), 5000, { since: mark });
    // ... and matched once the submit_sm_resp comes.
    fake.answer(held, { messageId: held.messageId });
    assert.equal((await receipt).command_status, 0);
    await waitReceipt(id);
    assert.equal(await state(id), 2);
  });

  it('slows down on ESME_RTHROTTLED instead of failing messages', async () => {
    let throttled = 0;
    fake.opts.onSubmit = () => (throttled++ < 6 ? { status: 0x58 } : {});
    const mark = d.mark();
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(await submit(`throttle ${i}`));
    await d.waitForLine(/smpp_link\.throttled connector=up status=ESME_RTHROTTLED/, 5000, { since: mark });
    for (const id of ids) await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} `), 10000, { since: mark });
    assert.ok(throttled >= 6);
    for (const id of ids) assert.equal(await state(id), 1); // ENROUTE: sent, no receipt yet
    assert.equal(d.findLine(/dispatch\.undeliverable/, mark), null, 'no message failed');
  });

  it('fails at once on ESME_RINVDSTADR, retries ESME_RSYSERR', async () => {
    fake.opts.onSubmit = (sub) => (sub.text === 'bad dest' ? { status: 0x0B } : {});
    const bad = await submit('bad dest');
    const dr = await waitReceipt(bad);
    assert.match(textOf(dr), /stat:UNDELIV/);
    assert.equal(await state(bad), 5);

    let n = 0;
    fake.opts.onSubmit = () => (n++ < 2 ? { status: 0x08 } : {});
    const mark = d.mark();
    const retried = await submit('sys err');
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${retried} `), 10000, { since: mark });
    assert.equal(n, 3, 'two refusals, then sent');
  });

  it('a slow SMSC: never more than window submit_sm outstanding', async () => {
    fake.opts.onSubmit = () => ({ delayMs: 150 });
    fake.maxOutstanding = 0;
    const mark = d.mark();
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push(submit(`slow ${i}`));
    const got = await Promise.all(ids);
    for (const id of got) await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} `), 15000, { since: mark });
    assert.ok(fake.maxOutstanding <= 10, `max outstanding ${fake.maxOutstanding}`);
    assert.ok(fake.maxOutstanding >= 2, 'the window is used');
  });

  it('a connection dropped mid-window: every message still reaches SENT, duplicates counted', async () => {
    const held = [];
    fake.opts.onSubmit = (sub) => { held.push(sub); return 'hold'; };
    const mark = d.mark();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await submit(`drop ${i}`));
    await pollUntil(() => held.length >= 5, { what: '5 held submit_sm' });
    // Answer two, then cut the connection with three unanswered.
    fake.answer(held[0]);
    fake.answer(held[1]);
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${ids[1]} `), 5000, { since: mark });
    fake.opts.onSubmit = undefined;
    fake.dropAll();
    await d.waitForLine(/smpp_link\.drop connector=up .* window=3/, 5000, { since: mark });
    for (const id of ids) await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} `), 15000, { since: mark });
    const texts = fake.submits.filter((s) => s.text.startsWith('drop ')).map((s) => s.text);
    const dups = texts.length - new Set(texts).size;
    // The three unanswered ones are sent again: at most the window's worth of duplicates.
    assert.equal(dups, 3, `duplicates upstream: ${dups}`);
  });

  it('passes MO messages to the MO account after the commit', async () => {
    const rx = (await client.connectAndBind(d.ports.smpp, 'receiver', MO)).session;
    const got = collect(rx);
    const resp = await fake.deliver({ source_addr: '447700900999', destination_addr: '12345', short_message: 'Hi from a phone' });
    assert.equal(resp.command_status, 0);
    await pollUntil(() => got.length >= 1, { what: 'MO at the receiver' });
    assert.equal(textOf(got[0]), 'Hi from a phone');
    assert.equal(got[0].source_addr, '447700900999');
    assert.equal(got[0].esm_class & 0x3c, 0);
  });

  it('a malformed PDU from the SMSC is answered with its status; an unreadable stream is dropped and bound again', async () => {
    // A deliver_sm whose sm_length (200) runs past its end: built byte by byte here.
    const body = Buffer.concat([Buffer.from('\0'), Buffer.from([1, 1]), Buffer.from('123\0'),
      Buffer.from([1, 1]), Buffer.from('456\0'), Buffer.from([0, 0, 0]), Buffer.from('\0\0'),
      Buffer.from([0, 0, 0, 0, 200]), Buffer.from('abc')]);
    const head = Buffer.alloc(16);
    head.writeUInt32BE(16 + body.length, 0);
    head.writeUInt32BE(0x00000005, 4); // deliver_sm
    head.writeUInt32BE(0, 8);
    head.writeUInt32BE(0x7000, 12);
    let mark = d.mark();
    fake.bound[0].socket.write(Buffer.concat([head, body]));
    await d.waitForLine(/smpp_link\.bad_pdu connector=up .*command=0x00000005 status=ESME_RINVMSGLEN/, 5000, { since: mark });
    // The link stays up: the next message goes through it with its receipt.
    const before = fake.submits.length;
    const id = await submit('after a bad PDU');
    await fake.waitSubmits(before + 1);
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} connector=up`));
    await fake.receipt(fake.submits[before]);
    await waitReceipt(id);

    // A command_length of 4 GB: the stream cannot be read on; the link is dropped and bound again.
    mark = d.mark();
    const huge = Buffer.alloc(16);
    huge.writeUInt32BE(0xffffffff, 0);
    huge.writeUInt32BE(0x00000005, 4);
    fake.bound[0].socket.write(huge);
    await d.waitForLine(/unreadable PDU stream/, 5000, { since: mark });
    await d.waitForLine(/smpp_link\.bound connector=up/, 10000, { since: mark });
    const before2 = fake.submits.length;
    const id2 = await submit('after the link came back');
    await fake.waitSubmits(before2 + 1);
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${id2} connector=up`));
    await fake.receipt(fake.submits[before2]);
    await waitReceipt(id2);
    assert.equal(await state(id2), 2);
  });

  it('keeps a receipt that matches nothing for inspection, then acknowledges it', async () => {
    const mark = d.mark();
    const resp = await fake.receipt({ messageId: 'FFFF0001', text: 'x', pdu: { source_addr: 'A', destination_addr: 'B' } });
    assert.equal(resp.command_status, 0);
    await d.waitForLine(/dispatch\.unmatched_report connector=up remote_id="FFFF0001" also_tried="4294901761,ffff0001"/, 5000, { since: mark });
    // Acknowledged only after it was kept: the row is there.
    assert.deepEqual(db.query(d.dbPath, "SELECT connector, remote_id, also_tried, state FROM unmatched_reports;"),
      [['up', 'FFFF0001', '4294901761,ffff0001', '5']]);
  });
});

describe('failover between upstreams', { timeout: 60000 }, () => {
  it('with up1 down, messages go through up2', async (t) => {
    const up2 = await new FakeSmsc().start();
    const dead = await new FakeSmsc().start();
    const deadPort = dead.port;
    await dead.close(); // nothing listens there now
    t.after(() => up2.close());
    const d = new Daemon({
      config: {
        accounts: [APP, MO],
        connectors: [upstream('up1', deadPort), upstream('up2', up2.port)],
        routes: [{ name: 'uk', match_destination: '^44', connectors: ['up1', 'up2'] }],
      },
    });
    t.after(() => d.cleanup());
    await d.start();
    await up2.waitBound(1);
    const tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    t.after(() => client.closeAll());
    const receipts = collect(tx);
    const r = await client.call(tx, 'submit_sm', { source_addr: 'ACME', destination_addr: '447700900002', short_message: 'via up2', registered_delivery: 1 });
    await up2.waitSubmits(1);
    await d.waitForLine(new RegExp(`dispatch\\.sent message=${r.message_id} connector=up2`));
    await up2.receipt(up2.submits[0]);
    await pollUntil(() => receipts.find((p) => p.receipted_message_id === r.message_id), { what: 'receipt via up2' });
    assert.ok(d.findLine(/smpp_link\.drop connector=up1 /), 'up1 never bound');
  });
});

describe('an upstream over TLS', { timeout: 60000 }, () => {
  it('binds with the SMSC certificate checked against ca_file, and refuses a certificate it cannot verify', async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smsb-up-tls-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const key = path.join(dir, 'smsc.key');
    const crt = path.join(dir, 'smsc.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', crt], { stdio: 'ignore' });
    const fake = await new FakeSmsc({ tls: { key: fs.readFileSync(key), cert: fs.readFileSync(crt) } }).start();
    t.after(() => fake.close());
    const other = path.join(dir, 'other.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=other',
      '-keyout', path.join(dir, 'other.key'), '-out', other], { stdio: 'ignore' });
    const d = new Daemon({
      config: {
        accounts: [APP, MO],
        connectors: [upstream('good', fake.port, { tls: true, ca_file: crt }), upstream('bad', fake.port, { tls: true, ca_file: other })],
        routes: [{ name: 'uk', match_destination: '^44', connectors: ['good'] }],
      },
    });
    t.after(() => d.cleanup());
    await d.start();
    await d.waitForLine(/smpp_link\.bound connector=good /, 10000);
    await d.waitForLine(/smpp_link\.drop connector=bad .*reason=".*certificate verify failed/, 10000);
    const tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    t.after(() => client.closeAll());
    const r = await client.call(tx, 'submit_sm', { source_addr: 'ACME', destination_addr: '447700900003', short_message: 'over TLS' });
    assert.equal(r.command_status, 0);
    await fake.waitSubmits(1);
    assert.equal(fake.submits[0].text, 'over TLS');
    assert.equal(fake.binds.filter((b) => b.system_id === 'broker').length >= 1, true);
  });
});
