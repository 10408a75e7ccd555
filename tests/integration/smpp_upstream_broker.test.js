'use strict';
// smpp_upstream_broker.test.js - the done-when of issue 5 with two real
// brokers: ours has an smpp connector bound to a second instance (the
// upstream SMSC), which routes to a local connector and delivers to its own
// receiver. The receiver acknowledges; the upstream's receipt comes back to
// us, and our client gets a deliver_sm receipt carrying OUR message id;
// query_sm on our broker says DELIVERED.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const { pollUntil } = require('./lib/wait');

const { textOf, collect } = client;

describe('two brokers: ours binds to the other as its upstream SMSC', { timeout: 60000 }, () => {
  const daemons = [];
  after(async () => {
    client.closeAll();
    for (const d of daemons) await d.cleanup();
  });

  it('a submit routed upstream comes back as a DELIVRD receipt with our id; query_sm DELIVERED', async () => {
    // The upstream: an account for our broker, and a receiver account its local connector delivers to.
    const up = new Daemon({
      config: {
        accounts: [{ system_id: 'ourbroker', password: 'pw1' }, { system_id: 'handset', password: 'pw2' }],
        connectors: [{ name: 'phones', type: 'local', account: 'handset' }],
        routes: [{ name: 'all', connectors: ['phones'] }],
      },
    });
    daemons.push(up);
    await up.start();
    const phone = (await client.connectAndBind(up.ports.smpp, 'receiver', { system_id: 'handset', password: 'pw2' })).session;
    const atPhone = collect(phone);

    const ours = new Daemon({
      config: {
        accounts: [{ system_id: 'app', password: 'secret1' }],
        connectors: [{
          name: 'upstream', type: 'smpp', host: '127.0.0.1', port: up.ports.smpp,
          system_id: 'ourbroker', password: 'pw1', window: 10, reconnect_min: '100ms', reconnect_max: '1s',
        }],
        routes: [{ name: 'out', match_destination: '^370', connectors: ['upstream'] }],
      },
    });
    daemons.push(ours);
    await ours.start();
    await ours.waitForLine(/smpp_link\.bound connector=upstream /, 10000);

    const app = (await client.connectAndBind(ours.ports.smpp, 'transceiver', { system_id: 'app', password: 'secret1' })).session;
    const atApp = collect(app);
    const r = await client.call(app, 'submit_sm', {
      source_addr: 'ACME', destination_addr: '37060000077', short_message: 'Across two brokers', registered_delivery: 1,
    });
    assert.equal(r.command_status, 0);
    const ourId = r.message_id;

    await pollUntil(() => atPhone.length >= 1, { timeoutMs: 10000, what: 'the message at the upstream receiver' });
    assert.equal(textOf(atPhone[0]), 'Across two brokers');
    assert.equal(atPhone[0].destination_addr, '37060000077');

    const dr = await pollUntil(() => atApp.find((p) => p.esm_class & 0x04), { timeoutMs: 10000, what: 'receipt at our client' });
    assert.equal(dr.receipted_message_id, ourId, 'the receipt carries our id, not the upstream one');
    assert.match(textOf(dr), new RegExp(`^id:${ourId} .*stat:DELIVRD`));
    // The upstream's id for it is not ours (its own row numbering).
    const sent = ours.findLine(new RegExp(`smpp_link\\.sent connector=upstream link=\\d+ message=${ourId} remote_id=(\\S+)`));
    assert.ok(sent, 'remote id logged');
    const q = await client.call(app, 'query_sm', { message_id: ourId, source_addr: 'ACME' });
    assert.equal(q.message_state, 2); // DELIVERED
  });
});
