'use strict';
// smpp_basic.test.js - the first SMPP conversation against the real daemon:
// bind (good, wrong password, unknown system_id), submit_sm stored as a row
// of `messages`, enquire_link, unbind, with npm's smpp package; and with the
// raw client, garbage and impossible command_length values answered with
// generic_nack and a close, after which a fresh bind still works.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const { RawSmpp, CMD, STATUS, pdu } = require('./lib/rawsmpp');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { smpp } = client;

const ACC = { system_id: 'test', password: 'secret1' };

describe('SMPP basics', { timeout: 60000 }, () => {
  let d;
  before(async () => {
    // Lock-out is off so the failed binds below cannot lock 127.0.0.1 out.
    d = new Daemon({ config: { accounts: [ACC], smppOptions: { lockout_failures: 0 } } });
    await d.start();
  });
  after(async () => {
    client.closeAll();
    await d.cleanup();
  });

  /* A fresh connection binds and answers enquire_link: the daemon is healthy. */
  async function freshBindWorks() {
    const c = await RawSmpp.connect(d.ports.smpp);
    try {
      const b = await c.bind('transceiver', ACC);
      assert.equal(b.status, STATUS.ESME_ROK, 'fresh bind after the bad input');
      assert.equal((await c.enquireLink()).status, STATUS.ESME_ROK);
    } finally {
      c.destroy();
    }
  }

  describe('with the smpp package', () => {
    it('bind_transceiver with the right password: ESME_ROK', async () => {
      const { session, resp } = await client.connectAndBind(d.ports.smpp, 'transceiver', ACC);
      assert.equal(resp.command, 'bind_transceiver_resp');
      assert.equal(resp.command_status, smpp.ESME_ROK);
      assert.ok(resp.system_id.length > 0, 'the SMSC names itself in system_id');
      session.destroy();
    });

    it('wrong password: ESME_RINVPASWD (0x0E)', async () => {
      const { session, resp } = await client.connectAndBind(d.ports.smpp, 'transceiver', { ...ACC, password: 'wrong' });
      assert.equal(resp.command_status, 0x0e);
      session.destroy();
    });

    it('unknown system_id: ESME_RINVSYSID (0x0F)', async () => {
      const { session, resp } = await client.connectAndBind(d.ports.smpp, 'transceiver', { system_id: 'nobody', password: 'secret1' });
      assert.equal(resp.command_status, 0x0f);
      session.destroy();
    });

    it('submit_sm: ESME_ROK with a message_id that is the row in messages; enquire_link; unbind', async () => {
      const { session, resp } = await client.connectAndBind(d.ports.smpp, 'transceiver', ACC);
      assert.equal(resp.command_status, smpp.ESME_ROK);
      const s = await client.call(session, 'submit_sm', {
        source_addr: '4930123', source_addr_ton: 1, source_addr_npi: 1,
        destination_addr: '4917612345', dest_addr_ton: 1, dest_addr_npi: 1,
        short_message: 'integration hello',
      });
      assert.equal(s.command_status, smpp.ESME_ROK);
      assert.match(s.message_id, /^[1-9]\d*$/, 'message_id is the decimal row id');
      // The resp came after a durable commit, so the row is there now.
      const rows = db.query(d.dbPath,
        `SELECT account, src_addr, dst_addr, CAST(payload AS TEXT) FROM messages WHERE id = ${Number(s.message_id)};`);
      assert.deepEqual(rows, [['test', '4930123', '4917612345', 'integration hello']]);

      const el = await client.call(session, 'enquire_link');
      assert.equal(el.command, 'enquire_link_resp');
      assert.equal(el.command_status, smpp.ESME_ROK);

      const ub = await client.call(session, 'unbind');
      assert.equal(ub.command, 'unbind_resp');
      assert.equal(ub.command_status, smpp.ESME_ROK);
      session.destroy();
    });
  });

  describe('bind states (raw client)', () => {
    it('bind_transmitter and bind_receiver succeed too', async () => {
      for (const kind of ['transmitter', 'receiver']) {
        const c = await RawSmpp.connect(d.ports.smpp);
        try {
          const b = await c.bind(kind, ACC);
          assert.equal(b.command, `bind_${kind}_resp`);
          assert.equal(b.status, STATUS.ESME_ROK, kind);
          assert.equal((await c.unbind()).status, STATUS.ESME_ROK);
        } finally {
          c.destroy();
        }
      }
    });

    it('submit_sm before bind: ESME_RINVBNDSTS', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      try {
        const r = await c.submit({});
        assert.equal(r.command, 'submit_sm_resp');
        assert.equal(r.status, STATUS.ESME_RINVBNDSTS);
      } finally {
        c.destroy();
      }
    });

    it('a second bind on a bound session: ESME_RALYBND', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      try {
        assert.equal((await c.bind('transceiver', ACC)).status, STATUS.ESME_ROK);
        const again = await c.bind('transceiver', ACC);
        assert.equal(again.status, STATUS.ESME_RALYBND);
      } finally {
        c.destroy();
      }
    });

    it('a receiver cannot submit: ESME_RINVBNDSTS', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      try {
        assert.equal((await c.bind('receiver', ACC)).status, STATUS.ESME_ROK);
        const r = await c.submit({});
        assert.equal(r.status, STATUS.ESME_RINVBNDSTS);
      } finally {
        c.destroy();
      }
    });
  });

  describe('with the raw client', () => {
    async function expectNackAndClose(c, { status, seq } = {}) {
      const nack = await c.nextPdu({ what: 'generic_nack' });
      assert.equal(nack.command, 'generic_nack', `got ${nack.command}`);
      if (status !== undefined) assert.equal(nack.status, status, `generic_nack status 0x${nack.status.toString(16)}`);
      else assert.notEqual(nack.status, 0);
      if (seq !== undefined) assert.equal(nack.seq, seq);
      await c.waitClose(5000);
    }

    it('plain-text garbage: generic_nack and close; then a fresh bind works', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      await c.write(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
      // "GET " read as command_length is 0x47455420: far beyond any maximum.
      await expectNackAndClose(c, { status: STATUS.ESME_RINVCMDLEN });
      await freshBindWorks();
    });

    it('command_length 0xFFFFFFFF (4 GB): generic_nack ESME_RINVCMDLEN and close; then a fresh bind works', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      await c.write(pdu(CMD.enquire_link, 77, Buffer.alloc(0), { commandLength: 0xffffffff }));
      await expectNackAndClose(c, { status: STATUS.ESME_RINVCMDLEN });
      await freshBindWorks();
    });

    it('command_length below the 16-octet header: generic_nack ESME_RINVCMDLEN and close', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      await c.write(pdu(CMD.enquire_link, 78, Buffer.alloc(0), { commandLength: 8 }));
      await expectNackAndClose(c, { status: STATUS.ESME_RINVCMDLEN });
      await freshBindWorks();
    });

    it('a truncated PDU followed by a hang-up leaves the daemon serving', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      const whole = pdu(CMD.bind_transceiver, 5, Buffer.from('test\0secret1\0\0\x34\0\0\0', 'latin1'));
      await c.write(whole.subarray(0, whole.length - 7));
      c.socket.end();
      await c.waitClose(5000);
      await freshBindWorks();
    });

    it('an unknown command_id: generic_nack ESME_RINVCMDID, the session stays usable', async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      try {
        assert.equal((await c.bind('transceiver', ACC)).status, STATUS.ESME_ROK);
        await c.write(pdu(0x00000777, 901));
        const nack = await c.nextPdu({ what: 'generic_nack' });
        assert.equal(nack.command, 'generic_nack');
        assert.equal(nack.status, STATUS.ESME_RINVCMDID);
        assert.equal(nack.seq, 901);
        assert.equal((await c.enquireLink()).status, STATUS.ESME_ROK, 'still answering after the nack');
      } finally {
        c.destroy();
      }
    });
  });
});
