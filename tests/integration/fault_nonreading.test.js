'use strict';
// fault_nonreading.test.js - clients that never read their socket.
//
// 1. A receiver binds and then never reads: deliver_sm for it pile up. The
//    daemon sends it at most its window and holds at most its bounded
//    backlog in memory; the rest stay queued in the store. When its
//    deliver_sm go unanswered (response_timeout) they go back to the queue
//    (nothing lost); another account's receiver keeps getting its own
//    messages meanwhile, and the submitter keeps its ESME_ROKs. When a
//    reading receiver takes the account over, every message arrives.
// 2. A client that floods enquire_link and never reads the answers: the
//    daemon stops reading it once its output passes the high-water mark
//    (read back-pressure), so its memory stays bounded (RSS from /proc),
//    and other sessions are served meanwhile.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { startDaemon } = require('./lib/daemon');
const { RawSmpp, CMD, STATUS, pdu } = require('./lib/rawsmpp');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { pollUntil } = require('./lib/wait');

const TX = { system_id: 'sender', password: 'secret1' };
const STUCK = { system_id: 'stuck', password: 'secret2' };
const OTHER = { system_id: 'other', password: 'secret3' };
const N = 5000;
const BACKLOG_MAX = 2000; // broker/smpp_backlog.c: deliveries an account may hold in memory

// Under AddressSanitizer freed memory sits in a quarantine (256 MB by
// default) and RSS only grows; a small one keeps the RSS checks meaningful.
const ASAN_ENV = { ASAN_OPTIONS: [process.env.ASAN_OPTIONS, 'quarantine_size_mb=8'].filter(Boolean).join(':') };

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/* Submits texts to dst with 20 in flight; returns the acknowledged count. */
async function submitMany(session, dst, prefix, n) {
  let next = 0;
  let ok = 0;
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (next < n) {
      const text = `${prefix}-${next++}`;
      const r = await client.call(session, 'submit_sm', { source_addr: 'ACME', destination_addr: dst, short_message: text }, 10000);
      if (r.command_status === 0) ok++;
    }
  }));
  return ok;
}

describe('fault: clients that never read', { timeout: 120000 }, () => {
  it('a receiver that never reads gets at most its window; nothing is lost; others unaffected', async (t) => {
    const d = await startDaemon(t, {
      config: {
        accounts: [TX, STUCK, OTHER],
        connectors: [{ name: 'stuck', type: 'local', account: 'stuck' }, { name: 'other', type: 'local', account: 'other' }],
        routes: [{ name: 's', match_destination: '^371', connectors: ['stuck'] }, { name: 'o', match_destination: '^372', connectors: ['other'] }],
        delivery: { retry_min: '500ms', retry_max: '1s', receiver_wait: '30s', max_attempts: 1000 },
        smppOptions: { response_timeout: '2s', window: 50 },
        logLevel: 'info',
      },
      start: { env: ASAN_ENV },
    });
    t.after(() => client.closeAll());

    // The stuck receiver: binds, then its socket is never read again.
    const stuck = await RawSmpp.connect(d.ports.smpp);
    t.after(() => stuck.destroy());
    assert.equal((await stuck.bind('receiver', STUCK)).status, STATUS.ESME_ROK);
    stuck.socket.pause();

    const other = (await client.connectAndBind(d.ports.smpp, 'receiver', OTHER)).session;
    const otherGot = client.collect(other);
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', TX)).session;

    const rss0 = rssKb(d.pid);
    const okStuck = await submitMany(tx, '37100001', 'stuck', N);
    assert.equal(okStuck, N, 'every submit for the stuck receiver acknowledged');
    // The other account is served while the stuck one holds its window.
    const okOther = await submitMany(tx, '37200001', 'other', 200);
    assert.equal(okOther, 200);
    await pollUntil(() => otherGot.length >= 200, { timeoutMs: 10000, what: `the other receiver's 200 (got ${otherGot.length})` });

    // Claimed (in its window or the account's backlog): bounded; the rest wait in the store.
    const states = Object.fromEntries(db.query(d.dbPath, "SELECT state, count(*) FROM messages WHERE account = 'sender' AND dst_addr = '37100001' GROUP BY state;"));
    const inFlight = Number(states[3] || 0) + Number(states[4] || 0);
    assert.ok(inFlight <= BACKLOG_MAX + 50, `at most window + backlog claimed for the stuck receiver: ${JSON.stringify(states)}`);
    assert.ok(Number(states[2] || 0) >= N - BACKLOG_MAX - 50, `the rest queued in the store: ${JSON.stringify(states)}`);
    const rss1 = rssKb(d.pid);

    // Its deliver_sm time out and go back; a reading receiver replaces it and gets everything.
    stuck.destroy();
    const good = (await client.connectAndBind(d.ports.smpp, 'receiver', STUCK)).session;
    const got = client.collect(good);
    await pollUntil(() => new Set(got.map(client.textOf)).size >= N, { timeoutMs: 60000, intervalMs: 100, what: `all ${N} at the new receiver (got ${got.length})` });
    const texts = new Set(got.map(client.textOf));
    for (let i = 0; i < N; i++) assert.ok(texts.has(`stuck-${i}`), `stuck-${i} delivered`);
    t.diagnostic(`stuck receiver: ${inFlight} claimed (window + backlog), ${states[2]} left queued; RSS ${rss0} -> ${rss1} kB with ${N} waiting; ${got.length - N} sent twice after the stuck session`);
    assert.ok(rss1 - rss0 < 20000, `RSS grew ${rss1 - rss0} kB`);
    assert.equal(d.running, true);
  });

  it('a client flooding requests without reading is paused, memory stays bounded', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [{ ...TX, max_binds: 5 }], logLevel: 'info' }, start: { env: ASAN_ENV } });
    const flood = await RawSmpp.connect(d.ports.smpp);
    t.after(() => flood.destroy());
    assert.equal((await flood.bind('transceiver', TX)).status, STATUS.ESME_ROK);
    flood.socket.pause(); // never read again
    const rss0 = rssKb(d.pid);

    // 64 MiB of enquire_link (4 Mi PDUs), written as fast as the socket takes them.
    const one = pdu(CMD.enquire_link, 7, Buffer.alloc(0));
    const chunk = Buffer.concat(Array.from({ length: 4096 }, () => one));
    let written = 0;
    let blocked = false;
    const writeMore = () => {
      while (written < 64 << 20 && !flood.closed) {
        written += chunk.length;
        if (!flood.socket.write(chunk)) return; // wait for drain
      }
    };
    flood.socket.on('drain', writeMore);
    writeMore();
    // The daemon stops reading: our writes stall well before 64 MiB.
    await pollUntil(() => {
      const before = written;
      return new Promise((resolve) => setTimeout(() => resolve(written === before && flood.socket.writableLength > 0), 500));
    }, { timeoutMs: 20000, what: 'the flood to stall' });
    blocked = written < 64 << 20;
    assert.ok(blocked, `the daemon stopped reading (we wrote ${written} bytes)`);
    const rss1 = rssKb(d.pid);
    assert.ok(rss1 - rss0 < 48 * 1024, `daemon RSS ${rss0} -> ${rss1} kB while flooded`);

    // Others are served meanwhile.
    const good = await RawSmpp.connect(d.ports.smpp);
    t.after(() => good.destroy());
    assert.equal((await good.bind('transmitter', TX)).status, STATUS.ESME_ROK);
    const r = await good.submit({ destination_addr: '4917000000', short_message: 'still here' }, { timeoutMs: 3000 });
    assert.equal(r.status, STATUS.ESME_ROK);
    await d.waitForLine(/ debug smpp\.paused session=1 /, 1000).catch(() => {}); // logged at debug only
    t.diagnostic(`flood stalled after ${(written / 1048576).toFixed(1)} MiB written; daemon RSS ${rss0} -> ${rss1} kB`);
    flood.destroy();
    good.destroy();
    assert.equal(d.running, true);
    assert.equal(await d.stop(), 0);
  });
});
