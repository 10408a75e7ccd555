'use strict';
// smpp_validation.test.js - every submit_sm field check the daemon makes,
// each reached with the raw client (bytes built here, not by our codec): the
// status it answers, and that nothing refused is stored. The session stays
// usable after each refusal.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const { RawSmpp, STATUS } = require('./lib/rawsmpp');
const db = require('./lib/db');

const ACC = { system_id: 'checker', password: 'secret1' };

function tlv(tag, value) {
  const v = Buffer.isBuffer(value) ? value : Buffer.from(value);
  const h = Buffer.alloc(4);
  h.writeUInt16BE(tag, 0);
  h.writeUInt16BE(v.length, 2);
  return Buffer.concat([h, v]);
}

// [what, submit fields, expected command_status]
const CASES = [
  ['a valid message', {}, 0x00],
  ['source TON 7', { source_addr_ton: 7 }, 0x48],                 // ESME_RINVSRCTON
  ['source NPI 2', { source_addr_npi: 2 }, 0x49],                 // ESME_RINVSRCNPI
  ['destination TON 9', { dest_addr_ton: 9 }, 0x50],              // ESME_RINVDSTTON
  ['destination NPI 5', { dest_addr_npi: 5 }, 0x51],              // ESME_RINVDSTNPI
  ['empty destination', { destination_addr: '' }, 0x0b],          // ESME_RINVDSTADR
  ['priority 4', { priority_flag: 4 }, 0x06],                     // ESME_RINVPRTFLG
  ['receipt bits 11', { registered_delivery: 3 }, 0x07],          // ESME_RINVREGDLVFLG
  ['esm_class message type 0x08', { esm_class: 0x08 }, 0x43],     // ESME_RINVESMCLASS
  ['schedule not a time', { schedule_delivery_time: '99999999999999+' }, 0x61], // ESME_RINVSCHED
  ['validity not a time', { validity_period: 'abcdefghijklmnoR' }, 0x62],       // ESME_RINVEXPIRY
  ['validity before schedule', { schedule_delivery_time: '000000010000000R', validity_period: '000000000100000R' }, 0x62],
  ['short_message and message_payload', { tlvs: tlv(0x0424, 'payload') }, 0xc4], // ESME_RINVTLVVAL (the codec)
  ['UDHI with a UDH longer than the message', { esm_class: 0x40, short_message: Buffer.from([0x20, 0x00, 0x03]) }, 0x01],
  ['sar_segment_seqnum above the total', { tlvs: Buffer.concat([tlv(0x020c, Buffer.from([0, 7])),
    tlv(0x020e, Buffer.from([2])), tlv(0x020f, Buffer.from([3]))]) }, 0xc4],   // ESME_RINVTLVVAL
  ['a TLV running past the end', { tlvs: Buffer.from([0x02, 0x04, 0x00, 0x09, 0x01]) }, 0xc0], // ESME_RINVTLVSTREAM
  ['a TLV of the wrong length for its tag', { tlvs: tlv(0x0204, Buffer.from([1, 2, 3])) }, 0xc2], // ESME_RINVPARLEN
  ['a relative schedule an hour ahead', { schedule_delivery_time: '000000010000000R' }, 0x00],
  ['message_payload alone', { short_message: '', tlvs: tlv(0x0424, 'x'.repeat(400)) }, 0x00],
];

describe('submit_sm field checks', { timeout: 60000 }, () => {
  let d, c;
  before(async () => {
    d = new Daemon({ config: { accounts: [ACC] } });
    await d.start();
    c = await RawSmpp.connect(d.ports.smpp);
    assert.equal((await c.bind('transmitter', ACC)).status, STATUS.ESME_ROK);
  });
  after(async () => {
    if (c) c.destroy();
    await d.cleanup();
  });

  for (const [what, fields, want] of CASES) {
    it(`${what}: 0x${want.toString(16).padStart(2, '0')}`, async () => {
      const r = await c.submit({ destination_addr: '37060000001', ...fields });
      assert.equal(r.status, want, `${what}: got 0x${r.status.toString(16)}`);
      if (want === 0) assert.match(r.body.toString('latin1'), /^\d+\0$/, 'a decimal message_id');
    });
  }

  it('stored exactly the accepted ones, and the session still works', async () => {
    const accepted = CASES.filter(([, , want]) => want === 0).length;
    assert.equal(Number(db.query(d.dbPath, 'SELECT count(*) FROM messages;')[0][0]), accepted);
    const stored = db.query(d.dbPath, 'SELECT length(payload), state FROM messages ORDER BY id;');
    assert.deepEqual(stored.map((r) => r[0]), ['5', '5', '400']);
    // Queued (2) or, for a moment, being looked at by the dispatcher (3); the scheduled one waits (1).
    const states = stored.map((r) => r[1]);
    assert.ok(['2', '3'].includes(states[0]) && states[1] === '1' && ['2', '3'].includes(states[2]),
      `queued, scheduled, queued: ${states}`);
    assert.equal((await c.enquireLink()).status, STATUS.ESME_ROK);
  });
});
