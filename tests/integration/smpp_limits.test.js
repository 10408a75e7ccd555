'use strict';
// smpp_limits.test.js - the limits an SMSC enforces on its ESMEs, through
// the real daemon: the account's throughput (ESME_RTHROTTLED, nothing
// stored), max_binds, bind kinds, allowed_ips, system_type, the lockout after
// repeated failed binds (and its end), and PDUs not allowed in the bind
// state (ESME_RINVBNDSTS).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { pollUntil } = require('./lib/wait');

const SLOW = { system_id: 'slow', password: 'secret1', throughput: 2 };
const ONE = { system_id: 'one', password: 'secret2', max_binds: 1, binds: ['transmitter'] };
const FENCED = { system_id: 'fenced', password: 'secret3', allowed_ips: ['10.0.0.0/8'] };
const TYPED = { system_id: 'typed', password: 'secret4', system_type: 'VMA' };

describe('IPv4 and IPv6 listeners', { timeout: 30000 }, () => {
  it('one listener on 127.0.0.1 and one on [::1]: both bind and submit', async () => {
    const d = new Daemon({ config: { accounts: [TYPED], smpp: { listen: ['127.0.0.1:0', '[::1]:0'] } } });
    await d.start();
    try {
      const v6 = d.listeners.find((l) => l.proto === 'smpp' && l.addr.startsWith('[::1]'));
      const v4 = d.listeners.find((l) => l.proto === 'smpp' && l.addr.startsWith('127.0.0.1'));
      assert.ok(v4 && v6, 'both endpoints logged');
      for (const [host, port] of [['127.0.0.1', v4.port], ['::1', v6.port]]) {
        const { session, resp } = await client.connectAndBind(port, 'transceiver', TYPED, { host });
        assert.equal(resp.command_status, 0, `bind over ${host}`);
        const r = await client.call(session, 'submit_sm', { destination_addr: '37060000001', short_message: host });
        assert.equal(r.command_status, 0);
        session.destroy();
      }
      await d.waitForLine(/smpp.connect session=\d+ peer=\[::1\]:\d+/, 2000);
    } finally {
      client.closeAll();
      await d.cleanup();
    }
  });
});

describe('limits on ESMEs', { timeout: 60000 }, () => {
  let d;
  before(async () => {
    d = new Daemon({
      config: {
        accounts: [SLOW, ONE, FENCED, TYPED],
        smppOptions: { lockout_failures: 3, lockout_window: '60s', lockout_time: '2s' },
      },
    });
    await d.start();
  });
  after(async () => {
    client.closeAll();
    await d.cleanup();
  });

  it('throughput: submits past the account limit get ESME_RTHROTTLED and are not stored', async () => {
    const { session } = await client.connectAndBind(d.ports.smpp, 'transmitter', SLOW);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      client.call(session, 'submit_sm', { destination_addr: '3706000' + String(i).padStart(4, '0'), short_message: 'x' })));
    const ok = results.filter((r) => r.command_status === 0).length;
    const throttled = results.filter((r) => r.command_status === 0x58).length;
    assert.equal(ok + throttled, 10, 'every answer is ESME_ROK or ESME_RTHROTTLED');
    assert.ok(ok >= 2 && ok < 10, `a burst of about one second's worth passes (got ${ok})`);
    assert.equal(Number(db.query(d.dbPath, "SELECT count(*) FROM messages WHERE account='slow';")[0][0]), ok);
    session.destroy();
  });

  it('max_binds and bind kinds: ESME_RBINDFAIL', async () => {
    const first = await client.connectAndBind(d.ports.smpp, 'transmitter', ONE);
    assert.equal(first.resp.command_status, 0);
    const second = await client.connectAndBind(d.ports.smpp, 'transmitter', ONE);
    assert.equal(second.resp.command_status, 0x0d, 'max_binds = 1');
    first.session.destroy();
    second.session.destroy();
    await client.waitClosed(first.session);
    const rx = await client.connectAndBind(d.ports.smpp, 'receiver', ONE);
    assert.equal(rx.resp.command_status, 0x0d, 'only transmitter binds allowed');
    rx.session.destroy();
  });

  it('allowed_ips and system_type', async () => {
    const fenced = await client.connectAndBind(d.ports.smpp, 'transceiver', FENCED);
    assert.equal(fenced.resp.command_status, 0x0d, '127.0.0.1 is not in 10.0.0.0/8');
    fenced.session.destroy();
    const wrong = await client.connectAndBind(d.ports.smpp, 'transceiver', { ...TYPED, system_type: 'OTHER' });
    assert.equal(wrong.resp.command_status, 0x53, 'ESME_RINVSYSTYP');
    wrong.session.destroy();
    const right = await client.connectAndBind(d.ports.smpp, 'transceiver', TYPED);
    assert.equal(right.resp.command_status, 0);
    right.session.destroy();
  });

  it('PDUs not allowed in the bind state: ESME_RINVBNDSTS', async () => {
    const open = await client.connect(d.ports.smpp);
    const early = await client.call(open, 'submit_sm', { destination_addr: '37060000001', short_message: 'x' });
    assert.equal(early.command_status, 0x04, 'submit before bind');
    open.destroy();
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', TYPED);
    const r = await client.call(session, 'submit_sm', { destination_addr: '37060000001', short_message: 'x' });
    assert.equal(r.command_status, 0x04, 'a receiver cannot submit');
    const again = await client.call(session, 'bind_transmitter', TYPED);
    assert.equal(again.command_status, 0x05, 'ESME_RALYBND');
    session.destroy();
  });

  it('lockout: three failed binds lock the address out; it ends after lockout_time', async () => {
    for (let i = 0; i < 3; i++) {
      const bad = await client.connectAndBind(d.ports.smpp, 'transceiver', { ...TYPED, password: 'wrong' });
      assert.equal(bad.resp.command_status, 0x0e);
      bad.session.destroy();
    }
    await d.waitForLine(/smpp.lockout peer=127.0.0.1/, 2000);
    const locked = await client.connectAndBind(d.ports.smpp, 'transceiver', TYPED);
    assert.equal(locked.resp.command_status, 0x0d, 'even the right password is refused while locked out');
    locked.session.destroy();
    await pollUntil(async () => {
      const t = await client.connectAndBind(d.ports.smpp, 'transceiver', TYPED);
      t.session.destroy();
      return t.resp.command_status === 0;
    }, { timeoutMs: 6000, intervalMs: 250, what: 'the lockout to end' });
  });
});
