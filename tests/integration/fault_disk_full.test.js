'use strict';
// fault_disk_full.test.js - the database's file system fills up under load.
//
// The daemon runs in a private mount namespace (unshare -m) where a 16 MiB
// tmpfs is mounted on <tmp>/dbfs, the folder of its database (larger than
// SQLite's WAL auto-checkpoint size, 1000 pages = 4 MiB, so that after space
// is freed the WAL alone cannot fill it again under load); nothing
// outside sees that mount. The test reaches the files through
// /proc/<pid>/root, which resolves paths in the daemon's namespace. A client
// submits with a window of outstanding submit_sm; a filler file takes the
// rest of the tmpfs; submits must then be refused with ESME_RMSGQFUL (never
// a dropped connection, never an ESME_ROK for something not kept), with a
// log line naming the cause. Removing the filler must bring ESME_ROK back,
// and every message acknowledged at any point must be in the database with
// its text. Needs root (mount); skipped with the reason otherwise.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Daemon } = require('./lib/daemon');
const { RawSmpp, CMD, STATUS, pdu, submitBody } = require('./lib/rawsmpp');
const { pollUntil } = require('./lib/wait');

const ACC = { system_id: 'filler', password: 'f1ll3r' };
const WINDOW = 20;

/* Why this test cannot run here, or null. */
function skipReason() {
  if (process.getuid() !== 0) return 'needs root to mount a tmpfs in a private mount namespace';
  try {
    execFileSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt'], { stdio: 'ignore', timeout: 5000 });
  } catch (e) {
    return `unshare -m / mount -t tmpfs not allowed here (${e.message.split('\n')[0]})`;
  }
  return null;
}

/*
 * Keeps WINDOW submit_sm outstanding on c until stop() says so; every
 * response goes to onResp(status, message_id, text). Resolves when all
 * sent ones are answered (or the connection closed).
 */
function pump(c, prefix, onResp, stop) {
  const pending = new Map();
  let sent = 0;
  return new Promise((resolve) => {
    const sendOne = () => {
      if (c.closed || stop()) return;
      const text = `${prefix}-${sent++}`;
      const seq = c.nextSeq();
      pending.set(seq, text);
      c.socket.write(pdu(CMD.submit_sm, seq, submitBody({ destination_addr: '4917012345', short_message: text })));
    };
    const drain = () => {
      while (c.queue.length) {
        const p = c.queue.shift();
        if (p.commandId !== CMD.submit_sm_resp) continue;
        const text = pending.get(p.seq);
        pending.delete(p.seq);
        onResp(p.status, p.message_id, text);
        sendOne();
      }
      if ((stop() || c.closed) && pending.size === 0) {
        c.socket.off('data', drain);
        resolve();
      }
    };
    c.socket.on('data', drain);
    c.socket.on('close', () => resolve());
    for (let i = 0; i < WINDOW; i++) sendOne();
  });
}

/* Writes 64 KiB chunks to file until the file system is full; returns the bytes written. */
function fill(file) {
  const fd = fs.openSync(file, 'w');
  const chunk = Buffer.alloc(65536, 0x55);
  let total = 0;
  try {
    for (;;) {
      try {
        total += fs.writeSync(fd, chunk);
      } catch (e) {
        if (e.code === 'ENOSPC') break;
        throw e;
      }
    }
    // The last partial chunk: a page at a time.
    for (;;) {
      try {
        total += fs.writeSync(fd, chunk.subarray(0, 4096));
      } catch (e) {
        if (e.code === 'ENOSPC') break;
        throw e;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return total;
}

describe('fault: disk full', { timeout: 90000 }, () => {
  const reason = skipReason();

  it('refuses with ESME_RMSGQFUL while full, recovers when space is freed, loses nothing acknowledged', { skip: reason || false }, async (t) => {
    // The database lives on the tmpfs; the config stays in the (real) temp dir.
    const d = new Daemon({ config: { accounts: [ACC] } });
    t.after(() => d.cleanup());
    fs.mkdirSync(path.join(d.dir, 'dbfs'));
    d.writeConfig({ accounts: [ACC], storagePath: path.join(d.dir, 'dbfs', 'smsbroker.db'), logLevel: 'info' });
    await d.start({
      wrap: (argv) => ({ cmd: 'unshare', args: ['-m', 'sh', '-c', 'mount -t tmpfs -o size=16m tmpfs "$0/dbfs" && exec "$@"', d.dir, ...argv], env: {} }),
    });
    const inNs = (p) => path.join(`/proc/${d.pid}/root`, p);
    const dbInNs = inNs(path.join(d.dir, 'dbfs', 'smsbroker.db'));
    assert.ok(fs.existsSync(dbInNs), 'the database is on the private tmpfs');
    assert.ok(!fs.existsSync(path.join(d.dir, 'dbfs', 'smsbroker.db')), 'and not visible outside the namespace');

    const c = await RawSmpp.connect(d.ports.smpp);
    assert.equal((await c.bind('transmitter', ACC)).status, STATUS.ESME_ROK);

    const acked = new Map();
    const statuses = new Map();
    const onResp = (status, id, text) => {
      statuses.set(status, (statuses.get(status) || 0) + 1);
      if (status === STATUS.ESME_ROK) acked.set(id, text);
    };

    // 1. Normal traffic.
    await pump(c, 'before', onResp, () => acked.size >= 500);
    assert.deepEqual([...statuses.keys()], [STATUS.ESME_ROK], `all accepted before the disk fills: ${JSON.stringify([...statuses])}`);

    // 2. Fill the file system, keep submitting until the refusals come.
    const filler = inNs(path.join(d.dir, 'dbfs', 'filler'));
    const mark = d.mark();
    const filled = fill(filler);
    assert.ok(filled > 0, 'the filler took the free space');
    let full = 0;
    const fullResp = (status, id, text) => {
      onResp(status, id, text);
      if (status === STATUS.ESME_RMSGQFUL) full++;
    };
    await pump(c, 'full', fullResp, () => full >= 200 || acked.size > 200000);
    assert.ok(full >= 200, `submits refused with ESME_RMSGQFUL once full (statuses ${JSON.stringify([...statuses])})`);
    const others = [...statuses.keys()].filter((s) => s !== STATUS.ESME_ROK && s !== STATUS.ESME_RMSGQFUL);
    assert.deepEqual(others, [], 'no other status than ESME_ROK or ESME_RMSGQFUL');
    await d.waitForLine(/ error smpp\.store_failed .*error="disk or database full" status=ESME_RMSGQFUL/, 5000, { since: mark });
    // One line a second at most, with the count left out: no log flood.
    const failLines = d.lines.slice(mark).filter((l) => / smpp\.store_failed /.test(l)).length;
    assert.ok(failLines < full, `${failLines} store_failed lines for ${full} refusals`);
    assert.ok(!c.closed, 'the session stays open');
    assert.equal(d.running, true, 'the daemon stays up');

    // 3. Free the space: accepted again.
    fs.rmSync(filler);
    // One at a time until accepted (bounded), then a window's worth more.
    const freedAt = Date.now();
    let first = null;
    for (let i = 0; !first && Date.now() - freedAt < 15000; i++) {
      const r = await c.submit({ destination_addr: '4917012345', short_message: `after-${i}` }, { timeoutMs: 10000 });
      onResp(r.status, r.message_id, `after-${i}`);
      if (r.status === STATUS.ESME_ROK) first = Date.now() - freedAt;
    }
    assert.ok(first !== null, `ESME_ROK again within 15 s of freeing space\n${d.tail(15)}`);
    let okAfter = 0;
    await pump(c, 'after', (status, id, text) => {
      onResp(status, id, text);
      if (status === STATUS.ESME_ROK) okAfter++;
    }, () => okAfter >= 300 || Date.now() - freedAt > 20000);
    assert.ok(okAfter >= 300, 'accepted again under load');

    // 4. Everything acknowledged is in the store with its text.
    // sqlite3 resolves /proc/<pid>/root to "/": read from inside the namespace.
    const out = execFileSync('nsenter', ['-t', String(d.pid), '-m', 'sqlite3', '-batch', '-noheader', '-separator', '\t',
      path.join(d.dir, 'dbfs', 'smsbroker.db'), 'SELECT id, CAST(payload AS TEXT) FROM messages;'], { encoding: 'utf8', timeout: 20000, maxBuffer: 64 << 20 });
    const rows = new Map(out.split('\n').filter((l) => l).map((l) => l.split('\t')));
    let missing = 0;
    for (const [id, text] of acked) if (rows.get(id) !== text) missing++;
    assert.equal(missing, 0, `every one of ${acked.size} acknowledged messages is stored with its text`);
    t.diagnostic(`acknowledged ${acked.size}, refused while full ${statuses.get(STATUS.ESME_RMSGQFUL) || 0} (${failLines} log lines), tmpfs filler ${filled} bytes`);
    c.destroy();
    assert.equal(await d.stop(), 0, 'clean stop');
  });
});
