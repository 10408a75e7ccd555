'use strict';
// Forwarding incoming SMS to SMS, and auto reply (docs/forwarding.md): MO
// messages come from a fake upstream SMSC, and what the broker sends
// leaves through the same smpp connector as submit_sm, which the fake
// records. The sender appended; loop protection (a message from a rule's
// own recipient or from one of the broker's own numbers is not forwarded
// by SMS nor replied to); the auto reply's rate limit per sender;
// "don't save" deleting the received message once delivered; a long
// message with a part missing going out with the gap marker after the
// reassembly timeout.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const { FakeSmsc } = require('./lib/fakesmsc');
const { query } = require('./lib/db');
const { pollUntil } = require('./lib/wait');
const { forwardingConfig } = require('./lib/forward');
const client = require('./lib/smppclient');

const APP = { system_id: 'app', password: 'secret1' };

function upstream(port) {
  return {
    name: 'up', type: 'smpp', host: '127.0.0.1', port, system_id: 'broker', password: 'pw',
    reconnect_min: '100ms', reconnect_max: '500ms', enquire_link_interval: '1s',
  };
}

const RETRY = { retry_min: '200ms', retry_max: '400ms' };

describe('forwarding to SMS and auto reply', { timeout: 120000 }, () => {
  let fake, d;

  before(async () => {
    fake = await new FakeSmsc().start();
    d = new Daemon({ config: {} });
    const rules = [
      { name: 'fw', target: 'sms', recipients: ['+4917000000'], include_sender: true, source: 'FWD', destinations: ['4001'], ...RETRY },
      { name: 'drop', target: 'sms', recipients: ['+4917000001'], dont_save: true, destinations: ['4004'], ...RETRY },
      { name: 'gap', target: 'sms', recipients: ['+4917000002'], destinations: ['4005'], ...RETRY },
    ];
    d.writeConfig({
      accounts: [APP],
      connectors: [upstream(fake.port)],
      routes: [{ name: 'all', match_destination: '^4', connectors: ['up'] }],
      extra: forwardingConfig({
        rules,
        autoReply: { enabled: true, text: 'Auto: thanks, {sender}', source: '4003', destinations: ['4003'],
          rate_limit: 1, rate_window: '1h', ...RETRY },
        incoming: { own_numbers: '^(4001|4003|4999)$', reassembly_timeout: '2s', gap_marker: '[...]' },
      }),
    });
    await d.start();
    await fake.waitBound(1);
  });

  after(async () => {
    client.closeAll();
    await d.cleanup();
    await fake.close();
  });

  async function mo(src, dst, text, extra = {}) {
    const resp = await fake.deliver({ source_addr: src, destination_addr: dst, short_message: text, ...extra });
    assert.equal(resp.command_status, 0);
  }

  const submitsTo = (n) => fake.submits.filter((s) => s.pdu.destination_addr === n);
  const rows = (where) => query(d.dbPath, `SELECT target_kind, target_name, state, coalesce(last_error, '') FROM outbox WHERE ${where} ORDER BY id`);

  it('forwards to the recipients with the sender appended, through the router', async () => {
    await mo('447700900111', '4001', 'Ping');
    await pollUntil(() => submitsTo('4917000000').length === 1, { what: 'forwarded SMS' });
    const s = submitsTo('4917000000')[0];
    assert.equal(s.text, 'Ping\nFrom: 447700900111');
    assert.equal(s.pdu.source_addr, 'FWD');
    await pollUntil(() => rows("target_name = 'fw/+4917000000'")[0]?.[2] === '1', { what: 'sms row done' });
  });

  it("an ESME's submit_sm to one of our own numbers is incoming", async () => {
    const tx = (await client.connectAndBind(d.ports.smpp, 'transmitter', APP)).session;
    const r = await client.call(tx, 'submit_sm', { source_addr: '447700900888', destination_addr: '4001', short_message: 'Via ESME' });
    assert.equal(r.command_status, 0);
    await pollUntil(() => submitsTo('4917000000').some((x) => x.text === 'Via ESME\nFrom: 447700900888'), { what: 'forwarded from an ESME' });
    const row = query(d.dbPath, "SELECT direction, connector FROM messages WHERE src_addr = '447700900888' AND dst_addr = '4001'");
    assert.deepEqual(row, [['1', 'esme:app']]);
  });

  it('loop protection: not from a rule recipient, not from an own number', async () => {
    const before = fake.submits.length;
    await mo('4917000000', '4001', 'Back from the recipient');
    await mo('4999', '4001', 'From ourselves');
    // The rows would have been stored with the message (one transaction): none were.
    const mine = query(d.dbPath, "SELECT count(*) FROM outbox o JOIN messages m ON m.id = o.message_id"
      + " WHERE m.src_addr IN ('4917000000', '4999')");
    assert.equal(mine[0][0], '0');
    await d.waitForLine(/inbound\.stored .* from=4999 /);
    assert.equal(fake.submits.length, before);
  });

  it('auto reply answers once per sender within the rate window, and never our own numbers', async () => {
    await mo('447700900555', '4003', 'Hi');
    await pollUntil(() => submitsTo('447700900555').length === 1, { what: 'auto reply' });
    assert.equal(submitsTo('447700900555')[0].text, 'Auto: thanks, 447700900555');
    assert.equal(submitsTo('447700900555')[0].pdu.source_addr, '4003');
    await mo('447700900555', '4003', 'Hi again');
    await pollUntil(() => rows("target_kind = 'reply' AND state = 4").length === 1, { what: 'second reply skipped' });
    assert.match(rows("target_kind = 'reply' AND state = 4")[0][3], /rate limit/);
    await mo('4999', '4003', 'An auto-responder of ours');
    assert.equal(rows("target_name = 'auto_reply/4999'").length, 0);
    assert.equal(submitsTo('447700900555').length, 1);
  });

  it("dont_save removes the received message once its rule delivered it", async () => {
    await mo('447700900666', '4004', 'Forget me');
    await pollUntil(() => submitsTo('4917000001').length === 1, { what: 'forwarded' });
    await pollUntil(() => query(d.dbPath, "SELECT count(*) FROM messages WHERE src_addr = '447700900666'")[0][0] === '0',
      { what: 'received message deleted' });
    assert.equal(rows("target_name = 'drop/+4917000001'")[0][2], '1');
  });

  it('a long message with a part missing goes with the gap marker after the reassembly timeout', async () => {
    const udh = (seq) => Buffer.from([0x05, 0x00, 0x03, 0x17, 0x02, seq]);
    await mo('447700900777', '4005', Buffer.concat([udh(1), Buffer.from('Only the first')]), { esm_class: 0x40 });
    await d.waitForLine(/fwd\.retry kind=sms target=gap\/\+4917000002 .*waiting for parts: 1 of 2/);
    assert.equal(submitsTo('4917000002').length, 0);
    await pollUntil(() => submitsTo('4917000002').length === 1, { timeoutMs: 10000, what: 'partial message' });
    assert.equal(submitsTo('4917000002')[0].text, 'Only the first[...]');
    await d.waitForLine(/fwd\.partial kind=sms .*missing=1/);
  });
});
