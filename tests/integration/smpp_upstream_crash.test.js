'use strict';
// smpp_upstream_crash.test.js - the smpp connector across kill -9: receipts
// for messages sent before a restart still reach the submitter; during a
// steady flow (receipts following every submit_sm_resp), after a kill -9
// and a restart every acknowledged message reaches a final state and a
// receipt, and the duplicates the SMSC saw stay within the documented
// boundary (docs/routing.md: at most window x binds per crash, plus the
// resps of the last uncommitted store batch). Also prints an end-to-end
// throughput figure (submit -> upstream -> receipt back) from a bounded run.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { FakeSmsc } = require('./lib/fakesmsc');
const { pollUntil } = require('./lib/wait');

const APP = { system_id: 'app', password: 'secret1' };
const WINDOW = 20;
const BINDS = 2;

function config(port, logLevel = 'info') {
  return {
    accounts: [APP],
    connectors: [{
      name: 'up', type: 'smpp', host: '127.0.0.1', port, system_id: 'broker', password: 'pw',
      window: WINDOW, binds: BINDS, response_timeout: '2s', reconnect_min: '100ms', reconnect_max: '500ms',
    }],
    routes: [{ name: 'uk', match_destination: '^44', connectors: ['up'] }],
    delivery: { retry_min: '200ms', retry_max: '1s', receiver_wait: '30s' },
    logLevel,
  };
}

/* Submits texts with at most `inFlight` unanswered; resolves the acknowledged { id, text }. */
async function submitAll(session, texts, inFlight, acked, stop = () => false) {
  let next = 0;
  async function worker() {
    while (next < texts.length && !stop()) {
      const text = texts[next++];
      let r;
      try {
        r = await client.call(session, 'submit_sm', {
          source_addr: 'ACME', destination_addr: '447700900123', short_message: text, registered_delivery: 1,
        }, 10000);
      } catch (_) {
        return; // the broker went away mid-call: not acknowledged
      }
      if (r.command_status === 0) acked.push({ id: r.message_id, text });
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker));
}

function duplicates(fake, prefix) {
  const texts = fake.submits.filter((s) => s.text.startsWith(prefix)).map((s) => s.text);
  return texts.length - new Set(texts).size;
}

describe('smpp connector across kill -9', { timeout: 180000 }, () => {
  const cleanups = [];
  after(async () => {
    client.closeAll();
    for (const f of cleanups.reverse()) await f();
  });

  it('receipts for messages sent before a kill -9 reach the submitter after the restart', async () => {
    const fake = await new FakeSmsc().start();
    cleanups.push(() => fake.close());
    const d = new Daemon({ config: config(fake.port, 'debug') });
    cleanups.push(() => d.cleanup());
    await d.start();
    await fake.waitBound(BINDS);
    let tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const r = await client.call(tx, 'submit_sm', { source_addr: 'ACME', destination_addr: '447700900321', short_message: `before ${i}`, registered_delivery: 1 });
      ids.push(r.message_id);
    }
    for (const id of ids) await d.waitForLine(new RegExp(`dispatch\\.sent message=${id} connector=up`), 10000);
    // SENT is committed (the log line follows the store update's submission; a sync makes sure).
    await pollUntil(() => {
      d.signal('SIGSTOP'); // a consistent copy: the daemon paused while the file is read
      try {
        const snap = db.snapshot(d.dbPath, d.dir + '/snap', 'sent');
        return db.query(snap, `SELECT count(*) FROM messages WHERE state = 4 AND id IN (${ids.join(',')})`)[0][0] === '5';
      } finally {
        d.signal('SIGCONT');
      }
    }, { timeoutMs: 10000, what: 'five SENT rows on disk' });
    await d.kill9();
    client.closeAll();
    await d.restart();
    await fake.waitBound(BINDS);
    tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    const got = client.collect(tx);
    for (const sub of fake.submits) assert.equal((await fake.receipt(sub)).command_status, 0);
    await pollUntil(() => ids.every((id) => got.some((p) => p.receipted_message_id === id)), { timeoutMs: 10000, what: 'five receipts after the restart' });
    for (const id of ids) {
      const q = await client.call(tx, 'query_sm', { message_id: id, source_addr: 'ACME' });
      assert.equal(q.message_state, 2);
    }
    assert.equal(duplicates(fake, 'before '), 0, 'nothing was in flight: nothing sent twice');
  });

  it('kill -9 during a steady flow: every acknowledged message final with a receipt; duplicates within window x binds', async (t) => {
    const fake = await new FakeSmsc({ autoReceipt: true }).start();
    cleanups.push(() => fake.close());
    const d = new Daemon({ config: config(fake.port) });
    cleanups.push(() => d.cleanup());
    await d.start();
    await fake.waitBound(BINDS);
    const tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    const receipts = client.collect(tx);
    const texts = Array.from({ length: 3000 }, (_, i) => `flow ${i}`);
    const acked = [];
    const killAt = 400 + Math.floor(Math.random() * 800);
    const flow = submitAll(tx, texts, 50, acked);
    await pollUntil(() => acked.length >= killAt, { timeoutMs: 60000, intervalMs: 5, what: `${killAt} acknowledged submits` });
    await d.kill9();
    await flow; // the rest of the calls fail with the connection
    client.closeAll();
    await d.restart();
    const tx2 = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    const receipts2 = client.collect(tx2);
    const all = () => receipts.concat(receipts2);
    await pollUntil(() => {
      const seen = new Set(all().map((p) => p.receipted_message_id));
      return acked.every((a) => seen.has(a.id));
    }, { timeoutMs: 60000, intervalMs: 100, what: `receipts for all ${acked.length} acknowledged messages` });
    for (const a of acked.slice(0, 20)) {
      const q = await client.call(tx2, 'query_sm', { message_id: a.id, source_addr: 'ACME' });
      assert.equal(q.message_state, 2, `message ${a.id} delivered`);
    }
    await d.stop();
    const rows = db.query(d.dbPath, `SELECT count(*) FROM messages WHERE direction = 0 AND state < 5 AND id IN (${acked.map((a) => a.id).join(',')})`);
    assert.equal(rows[0][0], '0', 'every acknowledged message is final');
    const dups = duplicates(fake, 'flow ');
    const unmatched = d.history.filter((l) => /dispatch\.unmatched_report/.test(l)).length;
    t.diagnostic(`kill -9 after ${acked.length} acked (target ${killAt}): duplicates upstream ${dups}, unmatched receipts ${unmatched}, bound ${WINDOW * BINDS} + last batch`);
    assert.ok(dups <= WINDOW * BINDS + 64, `duplicates ${dups} within the boundary`);
  });

  it('end-to-end throughput figure (submit -> upstream -> receipt back), bounded run', async (t) => {
    const fake = await new FakeSmsc({ autoReceipt: true }).start();
    cleanups.push(() => fake.close());
    const d = new Daemon({ config: config(fake.port) });
    cleanups.push(() => d.cleanup());
    await d.start();
    await fake.waitBound(BINDS);
    const tx = (await client.connectAndBind(d.ports.smpp, 'transceiver', APP)).session;
    const receipts = client.collect(tx);
    const n = Number(process.env.SMSB_UPSTREAM_N || 2000);
    const texts = Array.from({ length: n }, (_, i) => `tp ${i}`);
    const acked = [];
    const t0 = Date.now();
    await submitAll(tx, texts, 50, acked);
    const tSubmitted = Date.now();
    await pollUntil(() => receipts.length >= n, { timeoutMs: 120000, intervalMs: 20, what: `${n} receipts` });
    const t1 = Date.now();
    assert.equal(acked.length, n);
    assert.equal(duplicates(fake, 'tp '), 0);
    t.diagnostic(`throughput: ${n} messages submitted in ${tSubmitted - t0} ms, all ${n} receipts back after ${t1 - t0} ms: ${Math.round(n / ((t1 - t0) / 1000))} msg/s end to end`);
  });
});
