'use strict';
// fault_slowloris.test.js - SMPP clients that send one byte a second.
//
// Two slow clients: one dribbles a bind_transmitter a byte a second (the
// bind_timeout must end it, though bytes keep coming), the other binds
// normally and then dribbles an enquire_link a byte a second (a PDU that
// never completes is not activity: the inactivity_timeout must end it).
// Meanwhile a normal client binds and submits with answers as fast as
// ever. Timeouts here: bind 2 s, inactivity 3 s.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { startDaemon } = require('./lib/daemon');
const { RawSmpp, CMD, STATUS, pdu, bindBody } = require('./lib/rawsmpp');

const ACC = { system_id: 'slow', password: 'sl0wly' };

/* Writes bytes one at a time, every intervalMs, until done or the socket closes; returns { stop() }. */
function dribble(c, bytes, intervalMs = 1000) {
  let i = 0;
  const timer = setInterval(() => {
    if (c.closed || i >= bytes.length) {
      clearInterval(timer);
      return;
    }
    c.socket.write(bytes.subarray(i, i + 1));
    i++;
  }, intervalMs);
  return { stop: () => clearInterval(timer), sent: () => i };
}

describe('fault: slowloris SMPP clients', { timeout: 60000 }, () => {
  it('ends partial sessions by the bind and inactivity timeouts and keeps serving others', async (t) => {
    const d = await startDaemon(t, {
      config: { accounts: [{ ...ACC, max_binds: 10 }], smppOptions: { bind_timeout: '2s', inactivity_timeout: '3s', enquire_link_interval: '60s' }, logLevel: 'info' },
    });
    const t0 = Date.now();

    // A bind that never completes.
    const slowBind = await RawSmpp.connect(d.ports.smpp);
    t.after(() => slowBind.destroy());
    const bindBytes = pdu(CMD.bind_transmitter, 1, bindBody(ACC));
    const db1 = dribble(slowBind, bindBytes, 250); // 4 bytes a second: still nowhere near done at 2 s
    let bindClosedAt = null;
    slowBind.closePromise.then(() => { bindClosedAt = Date.now() - t0; });
    t.after(() => db1.stop());

    // A bound session whose next PDU never completes.
    const slowPdu = await RawSmpp.connect(d.ports.smpp);
    t.after(() => slowPdu.destroy());
    assert.equal((await slowPdu.bind('transmitter', ACC)).status, STATUS.ESME_ROK);
    const boundAt = Date.now();
    const db2 = dribble(slowPdu, pdu(CMD.enquire_link, 99, Buffer.alloc(0)).subarray(0, 15), 1000);
    let pduClosedAfter = null;
    slowPdu.closePromise.then(() => { pduClosedAfter = Date.now() - boundAt; });
    t.after(() => db2.stop());

    // Meanwhile a normal client is served at once, again and again.
    const good = await RawSmpp.connect(d.ports.smpp);
    t.after(() => good.destroy());
    assert.equal((await good.bind('transmitter', ACC)).status, STATUS.ESME_ROK);
    let served = 0;
    let worst = 0;
    while (!(slowBind.closed && slowPdu.closed) && Date.now() - t0 < 15000) {
      const s = Date.now();
      const r = await good.submit({ destination_addr: '4917099999', short_message: `fine ${served}` }, { timeoutMs: 2000 });
      assert.equal(r.status, STATUS.ESME_ROK);
      worst = Math.max(worst, Date.now() - s);
      served++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    await slowBind.waitClose(1000);
    assert.ok(db1.sent() < bindBytes.length, 'the slow bind was still incomplete when it was closed');
    assert.ok(bindClosedAt < 6000, `the slow bind closed after ${bindClosedAt} ms (bind_timeout 2 s)`);
    await d.waitForLine(/ info smpp\.close .*reason="no bind within bind_timeout"/, 1000);

    await slowPdu.waitClose(1000);
    assert.ok(pduClosedAfter < 8000, `the dribbling bound session closed ${pduClosedAfter} ms after its bind (inactivity 3 s)`);
    await d.waitForLine(/ info smpp\.close .*reason="inactivity_timeout"/, 1000);

    assert.ok(served >= 10, `the normal client was served ${served} times meanwhile`);
    t.diagnostic(`slow bind closed at ${bindClosedAt} ms, dribbling session ${pduClosedAfter} ms after bind; ${served} submits served meanwhile, slowest ${worst} ms`);
    good.destroy();
    assert.equal(await d.stop(), 0);
  });
});
