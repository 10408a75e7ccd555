'use strict';
// harness.test.js - checks the harness's own raw SMPP encoder against an
// independent decoder (npm's smpp server), so a wrong byte in rawsmpp.js
// shows up here rather than as a puzzling daemon failure. Needs no daemon.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { smpp } = require('./lib/smppclient');
const { RawSmpp, CMD, pdu } = require('./lib/rawsmpp');
const { withTimeout } = require('./lib/wait');

describe('raw SMPP client against the smpp package server', { timeout: 20000 }, () => {
  let server;
  let port;
  const seen = [];

  before(async () => {
    server = smpp.createServer((session) => {
      session.on('error', () => {});
      session.on('pdu', (p) => {
        seen.push(p);
        if (p.command === 'submit_sm') session.send(p.response({ message_id: '42' }));
        else if (p.command === 'bind_transceiver') session.send(p.response({ system_id: 'testsmsc' }));
        else if (p.command === 'enquire_link' || p.command === 'unbind') session.send(p.response());
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = server.address().port;
  });

  after(() => new Promise((resolve) => {
    for (const s of server.sessions || []) s.destroy();
    server.close(() => resolve());
  }));

  it('encodes bind, submit_sm, enquire_link and unbind that the library decodes field by field', async () => {
    const c = await RawSmpp.connect(port);
    try {
      const b = await c.bind('transceiver', { system_id: 'alice', password: 'pw1', system_type: 'T', address_range: '^49' });
      assert.equal(b.commandId, CMD.bind_transceiver_resp);
      assert.equal(b.status, 0);
      assert.equal(b.system_id, 'testsmsc');
      const bind = seen.find((p) => p.command === 'bind_transceiver');
      assert.equal(bind.system_id, 'alice');
      assert.equal(bind.password, 'pw1');
      assert.equal(bind.system_type, 'T');
      assert.equal(bind.interface_version, 0x34);
      assert.equal(bind.address_range, '^49');

      const s = await c.submit({ source_addr: '100', destination_addr: '4917600000', short_message: 'hi there', registered_delivery: 1 });
      assert.equal(s.commandId, CMD.submit_sm_resp);
      assert.equal(s.message_id, '42');
      const sub = seen.find((p) => p.command === 'submit_sm');
      assert.equal(sub.source_addr, '100');
      assert.equal(sub.destination_addr, '4917600000');
      assert.equal(sub.registered_delivery, 1);
      assert.equal(Buffer.from(sub.short_message.message).toString('latin1'), 'hi there');
      assert.equal(sub.sequence_number, s.seq);

      assert.equal((await c.enquireLink()).commandId, CMD.enquire_link_resp);
      assert.equal((await c.unbind()).commandId, CMD.unbind_resp);
    } finally {
      c.destroy();
    }
  });

  it('sends a lying command_length as given', async () => {
    const bytes = pdu(CMD.enquire_link, 7, Buffer.alloc(0), { commandLength: 0xffffffff });
    assert.equal(bytes.length, 16);
    assert.equal(bytes.readUInt32BE(0), 0xffffffff);
    assert.equal(bytes.readUInt32BE(4), CMD.enquire_link);
    assert.equal(bytes.readUInt32BE(12), 7);
    // And a truthful one round-trips through the library's server.
    const c = await RawSmpp.connect(port);
    try {
      await c.write(pdu(CMD.enquire_link, 9));
      const r = await withTimeout(c.nextPdu({ what: 'enquire_link_resp' }), 5000, 'resp');
      assert.equal(r.seq, 9);
      assert.equal(r.commandId, CMD.enquire_link_resp);
    } finally {
      c.destroy();
    }
  });
});
