'use strict';
// smpp_delivery.test.js - messages between bound applications through the
// real daemon: a route to a local connector, deliver_sm to the receiving
// account, delivery receipts back to the submitter with the standard text
// and TLVs, query_sm, cancel_sm and replace_sm on waiting messages, retries
// after a refused or unanswered deliver_sm, expiry, and the refusal of a
// destination no route takes. Clients: npm's smpp package.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { pollUntil, withTimeout } = require('./lib/wait');

const TX = { system_id: 'sender', password: 'secret1' };
const RX = { system_id: 'receiver', password: 'secret2' };

/* Collects deliver_sm on a session; answer(pdu) gives the command_status to reply with. */
function collect(session, answer = () => 0) {
  const got = [];
  session.removeAllListeners('deliver_sm');
  session.on('deliver_sm', (pdu) => {
    got.push(pdu);
    session.send(pdu.response({ command_status: answer(pdu) }));
  });
  return got;
}

function textOf(pdu) {
  const sm = pdu.short_message;
  return typeof sm === 'object' && sm !== null && 'message' in sm ? String(sm.message) : String(sm);
}

/* Unbinds and waits for the close, so the next test starts with no receiver left bound. */
async function leave(session) {
  if (session.closed) return;
  await client.call(session, 'unbind');
  await client.waitClosed(session);
}

async function waitFor(list, n, what, timeoutMs = 8000) {
  await pollUntil(() => list.length >= n, { timeoutMs, what });
}

describe('delivery between bound applications', { timeout: 120000 }, () => {
  let d;
  before(async () => {
    d = new Daemon({
      config: {
        accounts: [TX, RX],
        connectors: [{ name: 'apps', type: 'local', account: 'receiver' }],
        routes: [{ name: 'lt', match_destination: '^370', connectors: ['apps'] }],
        delivery: { retry_min: '1s', retry_max: '2s', receiver_wait: '30s' },
        smppOptions: { response_timeout: '2s' },
      },
    });
    await d.start();
  });
  after(async () => {
    client.closeAll();
    await d.cleanup();
  });

  it('routes to the receiver and returns a DELIVRD receipt; query_sm says DELIVERED', async () => {
    const rx = await client.connect(d.ports.smpp);
    const got = collect(rx);
    await client.call(rx, 'bind_receiver', RX);
    const tx = await client.connect(d.ports.smpp);
    const receipts = collect(tx);
    await client.call(tx, 'bind_transceiver', TX);
    const r = await client.call(tx, 'submit_sm', {
      source_addr: 'ACME', destination_addr: '37060000001', short_message: 'Hello receiver',
      registered_delivery: 1,
    });
    assert.equal(r.command_status, 0);
    assert.match(r.message_id, /^[0-9]+$/);
    await waitFor(got, 1, 'deliver_sm at the receiver');
    assert.equal(textOf(got[0]), 'Hello receiver');
    assert.equal(got[0].source_addr, 'ACME');
    assert.equal(got[0].destination_addr, '37060000001');
    assert.equal(got[0].esm_class & 0x3c, 0, 'a message, not a receipt');

    await waitFor(receipts, 1, 'receipt at the submitter');
    const dr = receipts[0];
    assert.equal(dr.esm_class & 0x3c, 0x04, 'esm_class says SMSC delivery receipt');
    assert.match(textOf(dr), new RegExp(`^id:${r.message_id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:Hello receiver$`));
    assert.equal(dr.receipted_message_id, r.message_id);
    assert.equal(dr.message_state, 2); // DELIVERED
    assert.equal(dr.source_addr, '37060000001', 'a receipt comes from the handset');
    assert.equal(dr.destination_addr, 'ACME');

    const q = await client.call(tx, 'query_sm', { message_id: r.message_id, source_addr: 'ACME' });
    assert.equal(q.command_status, 0);
    assert.equal(q.message_state, 2);
    // The library parses final_date into a Date: the time the message was done.
    assert.ok(q.final_date instanceof Date && Math.abs(Date.now() - q.final_date.getTime()) < 60000);
    await leave(rx);
    await leave(tx);
  });

  it('refuses a destination no route takes with ESME_RINVDSTADR, storing nothing', async () => {
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', TX)).session;
    const before = db.query(d.dbPath, 'SELECT count(*) FROM messages;')[0][0];
    const r = await client.call(tx, 'submit_sm', { destination_addr: '4915112345678', short_message: 'x' });
    assert.equal(r.command_status, 0x0b);
    assert.equal(db.query(d.dbPath, 'SELECT count(*) FROM messages;')[0][0], before);
    await leave(tx);
  });

  it('a message waits for an unbound receiver and arrives the moment it binds', async () => {
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', TX)).session;
    const r = await client.call(tx, 'submit_sm', { destination_addr: '37060000002', short_message: 'waited' });
    assert.equal(r.command_status, 0);
    await d.waitForLine(new RegExp(`dispatch.queued message=${r.message_id} `), 5000);
    // receiver_wait is 30 s: only the bind can bring it this soon.
    const rx = await client.connect(d.ports.smpp);
    const got = collect(rx);
    await client.call(rx, 'bind_receiver', RX);
    await waitFor(got, 1, 'the waiting message', 5000);
    assert.equal(textOf(got[0]), 'waited');
    await leave(rx);
    await leave(tx);
  });

  it('retries after a refused deliver_sm and after one never answered', async () => {
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', TX)).session;
    const rx = await client.connect(d.ports.smpp);
    let n = 0;
    const got = collect(rx, () => (++n === 1 ? 0x64 /* ESME_RX_T_APPN */ : 0));
    await client.call(rx, 'bind_receiver', RX);
    const r = await client.call(tx, 'submit_sm', { destination_addr: '37060000003', short_message: 'again' });
    await waitFor(got, 2, 'the retry after ESME_RX_T_APPN');
    await pollUntil(() => db.query(d.dbPath, `SELECT state, attempts FROM messages WHERE id=${r.message_id};`)[0].join() === '5,2',
      { timeoutMs: 5000, what: 'delivered on the second attempt' });
    await leave(rx);

    // A receiver that takes the deliver_sm and never answers: after the
    // response timeout the message goes back, and the next receiver gets it.
    const mute = await client.connect(d.ports.smpp);
    const heard = [];
    mute.removeAllListeners('deliver_sm');
    mute.on('deliver_sm', (pdu) => heard.push(pdu));
    await client.call(mute, 'bind_receiver', RX);
    const r2 = await client.call(tx, 'submit_sm', { destination_addr: '37060000004', short_message: 'unanswered' });
    await waitFor(heard, 1, 'the first deliver_sm');
    await d.waitForLine(/smpp.deliver_timeout/, 5000);
    mute.destroy(); // a receiver that vanishes: nothing it held may be lost
    await client.waitClosed(mute);
    const rx2 = await client.connect(d.ports.smpp);
    const got2 = collect(rx2);
    await client.call(rx2, 'bind_receiver', RX);
    await waitFor(got2, 1, 'the message again after the timeout', 8000);
    assert.equal(textOf(got2[0]), 'unanswered');
    await pollUntil(() => db.query(d.dbPath, `SELECT state FROM messages WHERE id=${r2.message_id};`)[0][0] === '5',
      { timeoutMs: 5000, what: 'delivered' });
    await leave(rx2);
    await leave(tx);
  });

  it('cancel_sm and replace_sm act on waiting messages only; query_sm follows', async () => {
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', TX)).session;
    const a = await client.call(tx, 'submit_sm', { source_addr: 'ACME', destination_addr: '37060000005', short_message: 'cancel me' });
    const b = await client.call(tx, 'submit_sm', { source_addr: 'ACME', destination_addr: '37060000006', short_message: 'old text' });

    const c = await client.call(tx, 'cancel_sm', { message_id: a.message_id, source_addr: 'ACME' });
    assert.equal(c.command_status, 0);
    const q = await client.call(tx, 'query_sm', { message_id: a.message_id, source_addr: 'ACME' });
    assert.equal(q.message_state, 4); // DELETED
    const again = await client.call(tx, 'cancel_sm', { message_id: a.message_id, source_addr: 'ACME' });
    assert.equal(again.command_status, 0x11); // ESME_RCANCELFAIL

    const rep = await client.call(tx, 'replace_sm', { message_id: b.message_id, source_addr: 'ACME', short_message: 'new text' });
    assert.equal(rep.command_status, 0);

    const rx = await client.connect(d.ports.smpp);
    const got = collect(rx);
    await client.call(rx, 'bind_receiver', RX);
    await waitFor(got, 1, 'the replaced message');
    assert.deepEqual(got.map(textOf), ['new text']);
    // The cancelled one stays cancelled: the dispatcher never claims it.
    assert.equal(db.query(d.dbPath, `SELECT state FROM messages WHERE id=${a.message_id};`)[0][0], '9');
    const late = await client.call(tx, 'replace_sm', { message_id: b.message_id, source_addr: 'ACME', short_message: 'too late' });
    assert.equal(late.command_status, 0x13); // ESME_RREPLACEFAIL: delivered already

    const unknown = await client.call(tx, 'query_sm', { message_id: '999999999', source_addr: 'ACME' });
    assert.equal(unknown.command_status, 0x0c); // ESME_RINVMSGID
    const junk = await client.call(tx, 'query_sm', { message_id: 'abc', source_addr: '' });
    assert.equal(junk.command_status, 0x0c);
    await leave(rx);
    await leave(tx);
  });

  it('submit_multi stores each accepted destination and lists the refused ones', async () => {
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', TX)).session;
    const rx = await client.connect(d.ports.smpp);
    const got = collect(rx);
    await client.call(rx, 'bind_receiver', RX);
    const r = await client.call(tx, 'submit_multi', {
      source_addr: 'ACME',
      dest_address: [
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '37060000010' },
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '4915100000000' }, // no route
        { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '37060000011' },
        { dl_name: 'friends' },                                                 // no such list
      ],
      short_message: 'to many',
    });
    assert.equal(r.command_status, 0);
    const refused = r.unsuccess_sme.map((u) => [u.destination_addr, u.error_status_code]);
    assert.deepEqual(refused, [['4915100000000', 0x0b], ['friends', 0x34]]);
    await waitFor(got, 2, 'both accepted destinations');
    assert.deepEqual(got.map((p) => p.destination_addr).sort(), ['37060000010', '37060000011']);
    const rows = db.query(d.dbPath, `SELECT id, dst_addr FROM messages WHERE id >= ${r.message_id} AND direction = 0 ORDER BY id LIMIT 2;`);
    assert.deepEqual(rows, [[r.message_id, '37060000010'], [String(Number(r.message_id) + 1), '37060000011']]);
    await leave(rx);
    await leave(tx);
  });

  it('expires a message whose validity ends while it waits, with an EXPIRED receipt', async () => {
    const tx = await client.connect(d.ports.smpp);
    const receipts = collect(tx);
    await client.call(tx, 'bind_transceiver', TX);
    const r = await client.call(tx, 'submit_sm', {
      destination_addr: '37060000007', short_message: 'short-lived', registered_delivery: 1,
      validity_period: '000000000002000R', // 2 s from now
    });
    assert.equal(r.command_status, 0);
    await waitFor(receipts, 1, 'the EXPIRED receipt', 8000);
    assert.match(textOf(receipts[0]), new RegExp(`^id:${r.message_id} .*stat:EXPIRED`));
    assert.equal(receipts[0].message_state, 3);
    const q = await client.call(tx, 'query_sm', { message_id: r.message_id });
    assert.equal(q.message_state, 3);
    await leave(tx);
  });
});
