'use strict';
// http_api.test.js - the HTTP API against the real daemon, with node's own
// http/https clients: the seed's Post/Get endpoints (sms_send to a number and
// to a phone group, received by a bound SMPP receiver as deliver_sm;
// sms_list, sms_read, sms_total, sms_delete; GET and form POST), the JSON v1
// API (send, list with filters and cursor, get with parts and history,
// totals, delete, sessions, connectors, queues), /healthz, /readyz and
// /metrics; every error (401, 403, 400, 404, 405, 413, 414, 415, 429);
// lockout after failed logins shared with SMPP, and its lifting; the
// connection limit (503); HTTPS with
// a self-signed certificate; hostile input (garbage, a slowloris head, huge
// headers) answered or closed with the daemon still serving.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const { request, raw } = require('./lib/http');
const { pollUntil, withTimeout } = require('./lib/wait');

const RX = { system_id: 'receiver', password: 'secret2' };
const ADMIN = ['admin', 'admin_pw1'];
const USER = ['user1', 'user_pass'];      // the seed's defaults
const READER = ['reader', 'reader_pw'];   // sms_list only

const EXTRA = `
http = { max_body_size = 1024; max_url_length = 512; request_timeout = "700ms"; rate_limit = 0; list_limit = 50; };
http_users = (
  { name = "admin"; password = "admin_pw1"; access = []; },
  { name = "user1"; password = "user_pass"; },
  { name = "reader"; password = "reader_pw"; access = ["sms_list"]; }
);
phone_groups = ( { name = "group_name"; numbers = ["+37060000011", "+37060000012"]; } );
`;

function textOf(pdu) {
  const sm = pdu.short_message;
  return typeof sm === 'object' && sm !== null && 'message' in sm ? String(sm.message) : String(sm);
}

describe('HTTP API', { timeout: 120000 }, () => {
  let d, port, rx, got;
  const get = (p, extra = {}) => request({ port, path: p, ...extra });

  before(async () => {
    d = new Daemon({
      config: {
        accounts: [RX],
        http: { listen: ['127.0.0.1:0'] },
        connectors: [{ name: 'apps', type: 'local', account: 'receiver' }],
        routes: [{ name: 'lt', match_destination: '^370', connectors: ['apps'] }],
        smppOptions: { lockout_failures: 3, lockout_window: '60s', lockout_time: '300s' },
        extra: EXTRA,
      },
    });
    await d.start();
    port = d.ports.http;
    assert.ok(port > 0);
    rx = (await client.connectAndBind(d.ports.smpp, 'receiver', RX)).session;
    got = [];
    rx.on('deliver_sm', (pdu) => {
      got.push(pdu);
      rx.send(pdu.response());
    });
  });
  after(async () => {
    client.closeAll();
    await d.cleanup();
  });

  it('/healthz and /readyz answer; readyz reports the store and the local connector up', async () => {
    const h = await get('/healthz');
    assert.equal(h.status, 200);
    assert.deepEqual(h.json, { status: 'ok' });
    const r = await get('/readyz');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.store, 'ok');
    assert.deepEqual(r.json.connectors, [{ name: 'apps', up: true }]);
  });

  it('the seed\'s sms_send reaches the bound receiver as deliver_sm; sms_read, sms_list, sms_total, sms_delete', async () => {
    const s = await get('/cgi-bin/sms_send?username=user1&password=user_pass&number=0037060000001&text=testmessage');
    assert.equal(s.status, 200, s.text);
    assert.equal(s.text, 'OK\n');
    const id = s.headers['x-message-id'];
    assert.match(id, /^\d+$/);
    await pollUntil(() => got.some((p) => p.destination_addr === '37060000001'), { timeoutMs: 8000, what: 'deliver_sm' });
    const pdu = got.find((p) => p.destination_addr === '37060000001');
    assert.equal(textOf(pdu), 'testmessage');

    const read = await get(`/cgi-bin/sms_read?username=user1&password=user_pass&number=${id}`);
    assert.equal(read.status, 200);
    const block = read.text.split('\n');
    assert.equal(block[0], `Index: ${id}`);
    assert.match(block[1], /^Date: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    assert.equal(block[3], 'Recipient: 37060000001');
    assert.equal(block[4], 'Text: testmessage');
    assert.match(block[5], /^Status: (delivered|dispatching|queued)$/);
    assert.equal(block[6], '------------------------------');

    // Form POST works the same as GET.
    const post = await request({ port, path: '/cgi-bin/sms_list', form: { username: 'user1', password: 'user_pass' } });
    assert.equal(post.status, 200);
    assert.ok(post.text.includes(`Index: ${id}\n`), post.text);

    const total = await get('/cgi-bin/sms_total?username=user1&password=user_pass');
    assert.equal(total.status, 200);
    assert.match(total.text, /^Used: \d+\nReceived: \d+\nSent: [1-9]\d*\nReceipts: \d+\n$/);

    await pollUntil(async () => (await get(`/api/v1/messages/${id}`, { auth: ADMIN })).json.state === 'delivered',
      { timeoutMs: 8000, what: 'delivered' });
    const del = await get(`/cgi-bin/sms_delete?username=user1&password=user_pass&number=${id}`);
    assert.equal(del.status, 200);
    assert.equal(del.text, 'OK\n');
    const gone = await get(`/cgi-bin/sms_read?username=user1&password=user_pass&number=${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.text, 'Error: no such message\n');
  });

  it('sms_send to the seed\'s group reaches every number of the phone group', async () => {
    const s = await get('/cgi-bin/sms_send?username=user1&password=user_pass&group=group_name&text=to+the+group');
    assert.equal(s.status, 200, s.text);
    await pollUntil(() => ['37060000011', '37060000012'].every((n) => got.some((p) => p.destination_addr === n && textOf(p) === 'to the group')),
      { timeoutMs: 8000, what: 'both group members' });
    const nog = await get('/cgi-bin/sms_send?username=user1&password=user_pass&group=nope&text=x');
    assert.equal(nog.status, 400);
    assert.equal(nog.text, 'Error: no such phone group\n');
  });

  it('JSON: send to many with options, list with filters and cursor, get with parts and history, totals, delete', async () => {
    const long = 'Long message ą '.repeat(20); // UCS-2 (ą is not GSM 7-bit), several parts
    const s = await request({ port, path: '/api/v1/messages', auth: ADMIN,
      json: { to: ['+37060000021', '0037060000022'], text: long, from: 'ACME', priority: 1, validity: 3600,
        callback_url: 'https://example.com/receipts' } });
    assert.equal(s.status, 201, s.text);
    assert.equal(s.json.stored, 2);
    const [a, b] = s.json.messages;
    assert.equal(a.to, '+37060000021');
    assert.ok(a.segments > 1);
    await pollUntil(() => got.filter((p) => p.destination_addr === '37060000022').length >= a.segments,
      { timeoutMs: 8000, what: 'every part delivered' });

    await pollUntil(async () => (await get(`/api/v1/messages/${a.id}`, { auth: ADMIN })).json.state === 'delivered',
      { timeoutMs: 8000, what: 'delivered' });
    const one = await get(`/api/v1/messages/${a.id}`, { auth: ADMIN });
    assert.equal(one.status, 200);
    assert.equal(one.json.text, long);
    assert.equal(one.json.encoding, 'ucs2');
    assert.equal(one.json.from, 'ACME');
    assert.equal(one.json.parts.length, a.segments);
    assert.equal(one.json.callback_url, 'https://example.com/receipts');
    assert.ok(one.json.history.some((h) => h.state === 'delivered'), one.text);
    // One message the broker split: one receipt for all its parts (broker/receipt.h).
    // admin is no account, so it is a final record, never dispatched.
    assert.equal(one.json.receipts.length, 1);
    assert.ok(one.json.expires_at);

    const search = await get('/api/v1/messages?q=LONG+MESSAGE&direction=mt', { auth: ADMIN });
    assert.equal(search.status, 200);
    assert.deepEqual(search.json.messages.map((m) => m.id).sort(), [a.id, b.id].sort());
    const byNumber = await get('/api/v1/messages?number=%2B37060000022&direction=mt', { auth: ADMIN });
    assert.deepEqual(byNumber.json.messages.map((m) => m.id), [b.id]);
    // The callback URL asked for receipts: one record per message, already final.
    const drs = await get('/api/v1/messages?number=37060000022&direction=dr', { auth: ADMIN });
    assert.deepEqual(drs.json.messages.map((m) => m.state), ['delivered']);

    // Cursor: one at a time, newest first, every message exactly once.
    const seen = [];
    let cursor = '';
    for (let i = 0; i < 50; i++) {
      const page = await get(`/api/v1/messages?limit=1${cursor ? '&cursor=' + cursor : ''}`, { auth: ADMIN });
      assert.equal(page.status, 200);
      seen.push(...page.json.messages.map((m) => m.id));
      if (!page.json.next_cursor) break;
      cursor = page.json.next_cursor;
    }
    const all = await get('/api/v1/messages', { auth: ADMIN });
    assert.deepEqual(seen, all.json.messages.map((m) => m.id));
    assert.ok(seen.length >= 4);

    const totals = await get('/api/v1/messages/totals', { auth: ADMIN });
    assert.equal(totals.status, 200);
    assert.equal(totals.json.total, all.json.messages.length);

    await pollUntil(async () => (await get(`/api/v1/messages/${b.id}`, { auth: ADMIN })).json.state === 'delivered',
      { timeoutMs: 8000, what: 'delivered' });
    const del = await request({ port, method: 'DELETE', path: `/api/v1/messages/${b.id}`, auth: ADMIN });
    assert.equal(del.status, 200);
    assert.equal(del.json.deleted, true);
    assert.equal((await get(`/api/v1/messages/${b.id}`, { auth: ADMIN })).status, 404);
  });

  it('JSON status: sessions, connectors, queues; meters and inboxes listed', async () => {
    const s = await get('/api/v1/sessions', { auth: ADMIN });
    assert.equal(s.status, 200);
    assert.ok(s.json.sessions.some((x) => x.system_id === 'receiver' && x.state === 'bound_rx'), s.text);
    const c = await get('/api/v1/connectors', { auth: ADMIN });
    assert.deepEqual(c.json.connectors.map((x) => [x.name, x.up]), [['apps', true]]);
    const q = await get('/api/v1/queues', { auth: ADMIN });
    assert.equal(q.status, 200);
    assert.equal(typeof q.json.waiting.mt.queued, 'number');
    assert.equal(typeof q.json.dispatch_in_flight, 'number');
    assert.deepEqual((await get('/api/v1/meters', { auth: ADMIN })).json, { meters: [] });
    assert.deepEqual((await get('/api/v1/inboxes', { auth: ADMIN })).json, { inboxes: [] });
  });

  it('errors: 401, 403, 400 with a reason, 404, 405, 413, 414, 415', async () => {
    let r = await get('/cgi-bin/sms_total?username=user1&password=wrong1');
    assert.equal(r.status, 401);
    assert.equal(r.text, 'Error: bad username or password\n');
    r = await get('/api/v1/messages');
    assert.equal(r.status, 401);
    assert.match(r.headers['www-authenticate'], /^Basic /);
    r = await get('/cgi-bin/sms_send?username=reader&password=reader_pw&number=0037060000001&text=x');
    assert.equal(r.status, 403);
    r = await get('/api/v1/sessions', { auth: USER }); // status is not in the seed's default list
    assert.equal(r.status, 403);
    assert.equal(r.json.error.message, 'this method is not allowed for this user');
    r = await get('/cgi-bin/sms_send?username=user1&password=user_pass&number=0037060000001');
    assert.equal(r.status, 400);
    assert.equal(r.text, 'Error: text is required\n');
    r = await get('/cgi-bin/sms_send?username=user1&password=user_pass&number=hello&text=x');
    assert.equal(r.status, 400);
    r = await get('/cgi-bin/sms_send?username=user1&password=user_pass&text=a&text=b&number=1');
    assert.equal(r.status, 400);
    assert.match(r.text, /given twice/);
    r = await get('/cgi-bin/sms_read?username=user1&password=user_pass&number=abc');
    assert.equal(r.status, 400);
    r = await request({ port, path: '/api/v1/messages', auth: ADMIN, body: '{"to": [', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.match(r.json.error.message, /^invalid JSON/);
    r = await request({ port, path: '/api/v1/messages', auth: ADMIN, json: { to: '+37060000001', text: 'x', encoding: 'ebcdic' } });
    assert.equal(r.status, 400);
    r = await request({ port, path: '/api/v1/messages', auth: ADMIN, body: 'to=1', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(r.status, 415);
    assert.equal((await get('/cgi-bin/sms_nothing?username=user1&password=user_pass')).status, 404);
    assert.equal((await get('/api/v1/messages/999999999', { auth: ADMIN })).status, 404);
    assert.equal((await get('/nowhere')).status, 404);
    assert.equal((await request({ port, method: 'DELETE', path: '/api/v1/messages/totals', auth: ADMIN })).status, 405);
    r = await request({ port, path: '/api/v1/messages', auth: ADMIN, json: { to: '+37060000001', text: 'x'.repeat(2000) } });
    assert.equal(r.status, 413);
    r = await get('/cgi-bin/sms_list?username=user1&password=user_pass&pad=' + 'x'.repeat(600));
    assert.equal(r.status, 414);
  });

  it('failed logins lock the address out (as SMPP binds do) until an operator lifts the block', async () => {
    const from = { localAddress: '127.0.0.2' };
    for (let i = 0; i < 3; i++)
      assert.equal((await get('/cgi-bin/sms_total?username=user1&password=nope1', from)).status, 401);
    const blocked = await get('/cgi-bin/sms_total?username=user1&password=user_pass', from);
    assert.equal(blocked.status, 401);
    assert.match(blocked.text, /blocked/);
    await d.waitForLine(/ warn http\.lockout peer=127\.0\.0\.2 /, 2000);
    const list = await get('/api/v1/lockouts', { auth: ADMIN });
    assert.deepEqual(list.json.blocked.map((x) => x.address), ['127.0.0.2']);
    // Listing and lifting blocks is the "lockouts" method: not the seed user's.
    assert.equal((await get('/api/v1/lockouts', { auth: USER })).status, 403);
    const lift = await request({ port, method: 'DELETE', path: '/api/v1/lockouts/127.0.0.2', auth: ADMIN });
    assert.equal(lift.status, 200);
    assert.equal((await get('/cgi-bin/sms_total?username=user1&password=user_pass', from)).status, 200);
    assert.equal((await request({ port, method: 'DELETE', path: '/api/v1/lockouts/127.0.0.2', auth: ADMIN })).status, 404);
    assert.equal((await request({ port, method: 'DELETE', path: '/api/v1/lockouts/not-an-ip', auth: ADMIN })).status, 400);
  });

  it('hostile input: garbage, a slowloris head and huge headers are answered or closed; the daemon keeps serving', async () => {
    const g = await raw(port);
    g.write('\x16\x03\x01\x00garbage\r\n\r\n');
    await withTimeout(g.gone, 5000, 'garbage closed');
    assert.match(g.data(), /^(HTTP\/1\.[01] 400|$)/);

    const slow = await raw(port);
    slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const t0 = Date.now();
    const keepDripping = setInterval(() => slow.write('X-Drip: 1\r\n'), 200);
    await withTimeout(slow.gone, 5000, 'slowloris closed');
    clearInterval(keepDripping);
    assert.ok(Date.now() - t0 < 4000);
    await d.waitForLine(/ info http\.timeout peer=127\.0\.0\.1 /, 2000);

    const big = await raw(port);
    big.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'y'.repeat(20000) + '\r\n\r\n');
    await withTimeout(big.gone, 5000, 'huge headers closed');
    assert.match(big.data(), /^(HTTP\/1\.1 (413|400) |$)/, big.data().slice(0, 200));

    assert.equal((await get('/healthz')).status, 200);
  });

  it('/metrics is Prometheus text with HTTP, dispatch and message figures', async () => {
    const m = await get('/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    assert.match(m.text, /^smsbroker_http_requests_total \d+$/m);
    assert.match(m.text, /^smsbroker_dispatch_total\{connector="apps",outcome="delivered"\} [1-9]\d*$/m);
    assert.match(m.text, /^smsbroker_submit_seconds_count [1-9]\d*$/m);
    assert.match(m.text, /^smsbroker_messages\{direction="mt",state="delivered"\} \d+$/m);
    assert.match(m.text, /^smsbroker_smpp_sessions\{state="bound_rx"\} 1$/m);
    assert.match(m.text, /^smsbroker_http_auth_failures_total [1-9]\d*$/m);
  });
});

describe('HTTP API limits and HTTPS', { timeout: 60000 }, () => {
  it('over http.rate_limit a client gets 429 with Retry-After', async (t) => {
    const d = new Daemon({ config: { http: {}, extra: EXTRA.replace('rate_limit = 0', 'rate_limit = 3') } });
    t.after(() => d.cleanup());
    await d.start();
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push((await request({ port: d.ports.http, path: '/healthz' })).status);
    assert.deepEqual(codes.slice(0, 3), [200, 200, 200]);
    assert.ok(codes.includes(429), codes.join(','));
    const r = await request({ port: d.ports.http, path: '/healthz' }).catch(() => null);
    assert.ok(r);
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });

  it('over http.max_connections a connection gets 503 and is closed; a freed slot serves again', async (t) => {
    const d = new Daemon({ config: { http: {}, extra: EXTRA.replace('rate_limit = 0;', 'rate_limit = 0; max_connections = 2;') } });
    t.after(() => d.cleanup());
    await d.start();
    const a = await raw(d.ports.http), b = await raw(d.ports.http);
    // Both are counted once the daemon has seen them: a request on each proves it.
    a.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    b.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await pollUntil(() => /200 OK/.test(a.data()) && /200 OK/.test(b.data()), { what: 'two answers' });
    const r = await request({ port: d.ports.http, path: '/healthz' });
    assert.equal(r.status, 503);
    assert.match(r.json.error.message, /max_connections/);
    a.destroy();
    await pollUntil(async () => (await request({ port: d.ports.http, path: '/healthz' })).status === 200,
      { timeoutMs: 5000, what: 'a slot freed' });
    b.destroy();
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });

  it('HTTPS with a self-signed certificate serves the API; plain HTTP on that port is refused', async (t) => {
    const d = new Daemon({ config: { http: false } });
    t.after(() => d.cleanup());
    const crt = path.join(d.dir, 'server.crt'), key = path.join(d.dir, 'server.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', key, '-out', crt], { stdio: 'ignore' });
    d.spec.https = { certificate: crt, private_key: key };
    d.spec.extra = EXTRA;
    d.writeConfig(d.spec);
    await d.start();
    await d.waitForLine(/ info listening proto=https addr=127\.0\.0\.1:0 port=\d+/, 5000);
    const port = d.ports.https;
    const ca = fs.readFileSync(crt);
    const r = await request({ port, path: '/cgi-bin/sms_total?username=user1&password=user_pass', tls: { ca } });
    assert.equal(r.status, 200);
    assert.match(r.text, /^Used: /);
    const j = await request({ port, path: '/api/v1/messages/totals', auth: ADMIN, tls: { ca } });
    assert.equal(j.status, 200);
    await assert.rejects(request({ port, path: '/healthz', timeoutMs: 3000 }));
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });
});
