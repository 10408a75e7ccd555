'use strict';
// fault_upstream_reset.test.js - an upstream SMSC that resets connections.
//
// The broker's smpp connector binds to a fake SMSC (npm smpp server) that,
// after every few submit_sm it receives, destroys the socket with part of
// the window unanswered (a TCP reset from the broker's point of view,
// mid-window). The broker must reconnect with its backoff (reconnect_min ..
// reconnect_max, decorrelated jitter: never two attempts closer than
// reconnect_min) and send every acknowledged message again until it is
// answered: each one reaches the SMSC at least once and ends `sent` in the
// store. Duplicates are allowed only for submit_sm the SMSC received but
// never answered, at most the window per reset (the documented
// at-least-once boundary).

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { startDaemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { FakeSmsc } = require('./lib/fakesmsc');
const { pollUntil } = require('./lib/wait');

const APP = { system_id: 'app', password: 'secret1' };
const MESSAGES = 300;
const RESET_EVERY = 37; // submit_sm received between two resets

describe('fault: upstream resets connections', { timeout: 90000 }, () => {
  it('reconnects with backoff and delivers every acknowledged message', async (t) => {
    let received = 0;
    let resets = 0;
    const fake = await new FakeSmsc({
      onSubmit: (sub) => {
        received++;
        if (received % RESET_EVERY === 0 && resets < 6) {
          resets++;
          // Mid-window: answer nothing of this one and cut the connection.
          setImmediate(() => sub.session.socket.destroy());
          return 'hold';
        }
        // Answer a little later so several are outstanding when the cut comes.
        return { delayMs: 5 };
      },
    }).start();
    t.after(() => fake.close());
    const d = await startDaemon(t, {
      config: {
        accounts: [APP],
        connectors: [{
          name: 'up', type: 'smpp', host: '127.0.0.1', port: fake.port, system_id: 'broker', password: 'pw',
          window: 10, binds: 1, response_timeout: '2s', reconnect_min: '200ms', reconnect_max: '1s',
        }],
        routes: [{ name: 'all', match_destination: '^44', connectors: ['up'] }],
        delivery: { retry_min: '200ms', retry_max: '1s', receiver_wait: '30s' },
        logLevel: 'info',
      },
    });
    await fake.waitBound(1);
    const { session } = await client.connectAndBind(d.ports.smpp, 'transmitter', APP);
    t.after(() => client.closeAll());

    const acked = new Map();
    let next = 0;
    await Promise.all(Array.from({ length: 20 }, async () => {
      while (next < MESSAGES) {
        const text = `reset-${next++}`;
        const r = await client.call(session, 'submit_sm', { source_addr: 'ACME', destination_addr: '447700900555', short_message: text }, 10000);
        if (r.command_status === 0) acked.set(r.message_id, text);
      }
    }));
    assert.equal(acked.size, MESSAGES, 'every submit acknowledged (the upstream trouble is not the submitter\'s)');

    // Every acknowledged message reaches the SMSC and ends `sent` (4).
    await pollUntil(() => {
      const n = Number(db.query(d.dbPath, 'SELECT count(*) FROM messages WHERE direction = 0 AND state = 4;')[0][0]);
      return n === MESSAGES;
    }, { timeoutMs: 60000, intervalMs: 250, what: `all ${MESSAGES} messages sent upstream (resets ${resets})` });
    const seen = new Set(fake.submits.map((s) => s.text));
    for (const text of acked.values()) assert.ok(seen.has(text), `${text} reached the SMSC`);
    assert.ok(resets >= 5, `the SMSC reset ${resets} connections`);

    // Reconnects: one per reset at least, never sooner than reconnect_min after the drop.
    const drops = d.lines.filter((l) => / smpp_link\.drop connector=up /.test(l)).length;
    const waits = d.lines.map((l) => / smpp_link\.reconnect connector=up .* in_ms=(\d+)/.exec(l)).filter(Boolean).map((m) => Number(m[1]));
    assert.ok(drops >= resets, `a drop logged per reset (${drops})`);
    assert.ok(waits.length >= resets, `a reconnect scheduled per drop (${waits.length})`);
    assert.ok(waits.every((ms) => ms >= 200 && ms <= 1000), `reconnect delays within reconnect_min..max: ${waits.join(',')}`);

    const dups = fake.submits.length - new Set(fake.submits.map((s) => s.text)).size;
    // At most the window of each cut connection can come again.
    assert.ok(dups <= resets * 10, `duplicates (${dups}) within resets x window (${resets * 10})`);
    t.diagnostic(`resets ${resets}, drops ${drops}, reconnect delays ms ${waits.join(',')}, submit_sm seen ${fake.submits.length}, duplicates ${dups}`);
    assert.equal(d.running, true);
    assert.equal(await d.stop(), 0);
  });
});
