'use strict';
// fault_db_locked.test.js - another process holds the database's write lock.
//
// The sqlite3 command-line tool opens the daemon's database and runs BEGIN
// EXCLUSIVE, holding the write lock far past storage.busy_timeout (300 ms
// here). Submits meanwhile must be refused with ESME_RMSGQFUL (nothing kept,
// retry later) and a log line naming the cause; the session stays open and
// the daemon up. When the tool commits and exits, submits are accepted
// again, and every message acknowledged before, during and after is in the
// store with its text.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { startDaemon } = require('./lib/daemon');
const { RawSmpp, STATUS } = require('./lib/rawsmpp');
const db = require('./lib/db');
const { withTimeout } = require('./lib/wait');

const ACC = { system_id: 'locked', password: 'l0ck3d' };

/* Starts `sqlite3 file` holding BEGIN EXCLUSIVE; resolves { release() } once the lock is held. */
function holdLock(file) {
  const child = spawn('sqlite3', ['-batch', file], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('close', resolve));
  child.stdin.write('PRAGMA busy_timeout=5000;\nBEGIN EXCLUSIVE;\nSELECT \'locked\';\n');
  const held = new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('locked')) {
        clearInterval(timer);
        resolve();
      }
      if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`sqlite3 exited: ${err}`));
      }
    }, 10);
  });
  return withTimeout(held, 10000, 'sqlite3 to take the lock').then(() => ({
    release: async () => {
      child.stdin.end('COMMIT;\n.quit\n');
      await withTimeout(exited, 5000, 'sqlite3 to exit');
    },
    kill: () => child.kill('SIGKILL'),
  }));
}

async function submit(c, text) {
  const r = await c.submit({ destination_addr: '4917055501', short_message: text }, { timeoutMs: 10000 });
  return r;
}

describe('fault: database locked by another process', { timeout: 60000 }, () => {
  it('refuses with ESME_RMSGQFUL while locked, accepts again once released', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [ACC], storage: { busy_timeout: '300ms' }, logLevel: 'info' } });
    const c = await RawSmpp.connect(d.ports.smpp);
    t.after(() => c.destroy());
    assert.equal((await c.bind('transceiver', ACC)).status, STATUS.ESME_ROK);
    const acked = new Map();
    for (let i = 0; i < 20; i++) {
      const r = await submit(c, `before-${i}`);
      assert.equal(r.status, STATUS.ESME_ROK);
      acked.set(r.message_id, `before-${i}`);
    }

    const lock = await holdLock(d.dbPath);
    t.after(() => lock.kill());
    const mark = d.mark();
    // A burst while locked: every one answered, each ESME_RMSGQFUL (none kept).
    const t0 = Date.now();
    const during = await Promise.all(Array.from({ length: 50 }, (_, i) => submit(c, `during-${i}`)));
    const waited = Date.now() - t0;
    const byStatus = {};
    for (const r of during) byStatus[r.status] = (byStatus[r.status] || 0) + 1;
    assert.deepEqual(byStatus, { [STATUS.ESME_RMSGQFUL]: 50 }, 'all refused with ESME_RMSGQFUL while locked');
    await d.waitForLine(/ error smpp\.store_failed .*error="database locked by another process" status=ESME_RMSGQFUL/, 5000, { since: mark });
    const failLines = d.lines.slice(mark).filter((l) => / smpp\.store_failed /.test(l)).length;
    assert.ok(failLines < 50, `${failLines} store_failed lines for 50 refusals (one a second at most)`);
    // Back-pressure, not a hang: the whole burst is answered within a few busy timeouts.
    assert.ok(waited < 8000, `the burst was answered in ${waited} ms`);
    const ping = await c.enquireLink({ timeoutMs: 5000 });
    assert.equal(ping.status, STATUS.ESME_ROK, 'the session still answers');

    await lock.release();
    for (let i = 0; i < 20; i++) {
      const r = await submit(c, `after-${i}`);
      assert.equal(r.status, STATUS.ESME_ROK, 'accepted again after the lock is released');
      acked.set(r.message_id, `after-${i}`);
    }
    const rows = new Map(db.query(d.dbPath, 'SELECT id, CAST(payload AS TEXT) FROM messages;').map((r) => [r[0], r[1]]));
    for (const [id, text] of acked) assert.equal(rows.get(id), text, `message ${id} stored`);
    assert.equal([...rows.values()].filter((x) => x.startsWith('during-')).length, 0, 'nothing refused was kept');
    t.diagnostic(`burst of 50 while locked answered in ${waited} ms`);
    c.destroy();
    assert.equal(await d.stop(), 0);
  });
});
