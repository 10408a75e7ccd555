'use strict';
// crash_delivery.test.js - kill -9 while messages are both arriving and
// being delivered (issue 11's crash test, the whole path). A sender submits
// as fast as its window allows while a receiver takes every deliver_sm;
// at a random moment the daemon is SIGKILLed. After the restart a receiver
// binds again, and then:
//   - every message acknowledged with ESME_ROK reaches DELIVERED in the
//     store, and its text reached a receiver at least once (counted against
//     the sender's own record, exactly);
//   - duplicates (a text received twice) stay within the documented
//     at-least-once boundary: the deliveries in flight at the crash, at
//     most smpp.window per receiver session (a window slot is freed only
//     when the outcome of its deliver_sm is committed).

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { startDaemon } = require('./lib/daemon');
const { submitUntil } = require('./lib/flood');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { pollUntil } = require('./lib/wait');

const TX = { system_id: 'tx', password: 'secret1' };
const RX = { system_id: 'rx', password: 'secret2' };
const WINDOW = 40;
const RX_WINDOW = 20;

function randInt(lo, hi) {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

/* A receiver that counts every text it is given. */
async function receiver(port, counts) {
  const s = await client.connect(port);
  s.removeAllListeners('deliver_sm');
  s.on('deliver_sm', (p) => {
    const text = String(p.short_message && p.short_message.message !== undefined ? p.short_message.message : p.short_message);
    counts.set(text, (counts.get(text) || 0) + 1);
    s.send(p.response());
  });
  const r = await client.call(s, 'bind_receiver', RX);
  assert.equal(r.command_status, 0);
  return s;
}

describe('kill -9 during submit and delivery', { timeout: 120000 }, () => {
  it('every acknowledged message is delivered after the restart; duplicates stay within the window', async (t) => {
    const d = await startDaemon(t, {
      config: {
        accounts: [TX, RX],
        connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
        routes: [{ name: 'all', connectors: ['apps'] }],
        smppOptions: { window: RX_WINDOW },
        logLevel: 'info',
      },
    });
    const counts = new Map();
    const allAcked = new Map();
    for (let round = 0; round < 3; round++) {
      const rx = await receiver(d.ports.smpp, counts);
      let killing;
      const { acked } = await submitUntil(d.ports.smpp, TX, {
        window: WINDOW, stopAfter: randInt(200, 1500), onStop: () => { killing = d.kill9(); },
        text: (i) => `r${round}-m${i}`, destination: () => '37060000001',
      });
      await killing;
      rx.destroy();
      for (const [id, text] of acked) allAcked.set(id, text);
      await d.restart();
    }
    // After the last restart a receiver takes what is left.
    const rx = await receiver(d.ports.smpp, counts);
    const ids = [...allAcked.keys()].join(',');
    await pollUntil(() => Number(db.query(d.dbPath,
      `SELECT count(*) FROM messages WHERE id IN (${ids}) AND state = 5;`)[0][0]) === allAcked.size,
    { timeoutMs: 60000, intervalMs: 200, what: `all ${allAcked.size} acknowledged messages DELIVERED` });
    rx.destroy();

    const missing = [...allAcked.values()].filter((text) => !counts.has(text));
    assert.deepEqual(missing, [], 'every acknowledged text reached a receiver');
    const duplicates = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
    t.diagnostic(`acknowledged ${allAcked.size}, received ${counts.size} distinct, duplicates ${duplicates}`);
    // Each crash can repeat at most the one receiver's window.
    assert.ok(duplicates <= 3 * RX_WINDOW, `duplicates ${duplicates} within 3 crashes x window ${RX_WINDOW}`);
  });
});
