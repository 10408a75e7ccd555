'use strict';
// durability.test.js - the issue-2 durability contract under kill -9.
//
// A client submits as fast as it can with a window of outstanding
// submit_sm and records every message_id acknowledged with ESME_ROK. At a
// random point (a random number of acknowledgements) the daemon is SIGKILLed.
// Then, on a copy of the database and its WAL (so the daemon, not the
// checker, recovers the original), every acknowledged id must be a row in
// `messages` holding exactly the text that was submitted under it. The
// daemon restarts on the same file and the next round goes on. A final
// restart and SIGTERM check nothing acknowledged in any round went missing.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDaemon } = require('./lib/daemon');
const { submitUntil } = require('./lib/flood');
const db = require('./lib/db');

const ACC = { system_id: 'loader', password: 'l0ad3r' };
const ROUNDS = 5;
const WINDOW = 50;

function randInt(lo, hi) {
  return lo + Math.floor(Math.random() * (hi - lo + 1));
}

describe('durability under kill -9', { timeout: 60000 }, () => {
  it(`every acknowledged submit_sm survives kill -9 (${ROUNDS} rounds)`, async (t) => {
    const t0 = Date.now();
    const d = await startDaemon(t, { config: { accounts: [ACC], logLevel: 'info' } });
    const all = new Map(); // id -> text, over every round
    const checkDir = path.join(d.dir, 'check');

    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) {
        await d.restart(); // a new run: d.lines start over
        const open = d.findLine(/ info storage\.open path=\S+ .*requeued=(\d+)/);
        assert.ok(open, `storage.open logged on restart\n${d.tail()}`);
      }
      const stopAfter = randInt(10, 3000);
      const r = await submitUntil(d.ports.smpp, ACC, {
        window: WINDOW, stopAfter, onStop: () => d.child.kill('SIGKILL'),
        text: (i) => `r${round}-m${i}`,
        destination: (i) => `49170${round}${String(i + 1).padStart(6, '0')}`,
      });
      await d.waitExit(5000);
      assert.equal(d.exit.signal, 'SIGKILL');
      assert.ok(r.acked.size >= stopAfter, `round ${round}: ${r.acked.size} acks, wanted ${stopAfter}; statuses ${[...r.statuses]}`);

      const snap = db.snapshot(d.dbPath, checkDir, `round${round}`);
      const rows = new Map(db.query(snap, 'SELECT id, CAST(payload AS TEXT) FROM messages;'));
      const missing = [];
      const wrong = [];
      for (const [id, text] of r.acked) {
        assert.match(id, /^[1-9]\d*$/, `message_id ${JSON.stringify(id)} is a decimal row id`);
        assert.ok(!all.has(id), `message_id ${id} acknowledged twice (round ${round})`);
        all.set(id, text);
        if (!rows.has(id)) missing.push(id);
        else if (rows.get(id) !== text) wrong.push(`${id}: stored ${JSON.stringify(rows.get(id))}, sent ${JSON.stringify(text)}`);
      }
      assert.deepEqual(missing, [], `round ${round}: acknowledged ids missing after kill -9 (${r.acked.size} acked, ${r.sent} sent, ${rows.size} rows)`);
      assert.deepEqual(wrong, [], `round ${round}: rows hold other text than was acknowledged`);
      t.diagnostic(`round ${round}: ${r.acked.size} acked of ${r.sent} sent, ${rows.size} rows after kill -9`);
    }

    // A last restart: it must recover and stop cleanly, and still hold everything.
    await d.restart();
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
    const final = new Map(db.query(d.dbPath, 'SELECT id, CAST(payload AS TEXT) FROM messages;'));
    const lost = [...all].filter(([id, text]) => final.get(id) !== text).map(([id]) => id);
    assert.deepEqual(lost, [], 'acknowledged messages lost or changed across restarts');
    t.diagnostic(`${all.size} acknowledged messages checked in ${Date.now() - t0} ms`);
  });
});
