'use strict';
// Receipt callbacks (docs/forwarding.md): a message sent through the HTTP
// API with a callback_url goes out through a fake upstream SMSC that sends
// a DELIVRD receipt; the receipt is POSTed to the URL as JSON by the same
// outbox engine as forwarding, retried while the receiver fails.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const { FakeSmsc } = require('./lib/fakesmsc');
const { request } = require('./lib/http');
const { query } = require('./lib/db');
const { pollUntil } = require('./lib/wait');
const { HttpReceiver, forwardingConfig } = require('./lib/forward');

describe('receipt callbacks', { timeout: 60000 }, () => {
  let fake, d, recv;

  before(async () => {
    fake = await new FakeSmsc({ autoReceipt: true }).start();
    recv = await new HttpReceiver({ statuses: [503] }).start();
    d = new Daemon({
      config: {
        accounts: [{ system_id: 'admin', password: 'adminpw1' }],
        http: { listen: ['127.0.0.1:0'] },
        connectors: [{ name: 'up', type: 'smpp', host: '127.0.0.1', port: fake.port, system_id: 'broker',
          password: 'pw', reconnect_min: '100ms', reconnect_max: '500ms', enquire_link_interval: '1s' }],
        routes: [{ name: 'all', match_destination: '^4', connectors: ['up'] }],
        extra: 'http_users = ( { name = "admin"; password = "admin_pw1"; access = []; } );\n'
          + forwardingConfig({ callbacks: { retry_min: '200ms', retry_max: '400ms' } }),
      },
    });
    await d.start();
    await fake.waitBound(1);
  });

  after(async () => {
    await d.cleanup();
    await fake.close();
    await recv.close();
  });

  it('posts the receipt to the callback URL, retrying a failing receiver', async () => {
    const s = await request({ port: d.ports.http, path: '/api/v1/messages', auth: ['admin', 'admin_pw1'],
      json: { to: '+447700900123', text: 'With a callback', callback_url: `${recv.base}/receipts?k=1` } });
    assert.equal(s.status, 201, s.text);
    const id = Number(s.json.messages[0].id);
    await recv.waitRequests(1);
    assert.deepEqual(recv.answered, [503, 200]);
    const r = recv.requests[0];
    assert.equal(r.method, 'POST');
    assert.equal(r.url.pathname, '/receipts');
    assert.equal(r.url.searchParams.get('k'), '1');
    assert.equal(r.headers['content-type'], 'application/json');
    const body = JSON.parse(r.body);
    assert.equal(body.message_id, id);
    assert.equal(body.state, 'delivered');
    assert.equal(body.error_code, 0);
    assert.equal(body.to, '447700900123');
    assert.match(body.done_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(body.receipt_id > id);
    await pollUntil(() => query(d.dbPath, "SELECT state, attempts FROM outbox WHERE target_kind = 'callback'")[0]?.[0] === '1',
      { what: 'callback row done' });
    assert.deepEqual(query(d.dbPath, "SELECT state, attempts FROM outbox WHERE target_kind = 'callback'"), [['1', '2']]);
  });
});
