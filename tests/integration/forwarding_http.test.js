'use strict';
// Forwarding incoming SMS to HTTP (docs/forwarding.md), against the real
// daemon: MO messages come from a fake upstream SMSC (deliver_sm to our
// smpp connector) and go to HTTP(S) receivers this test starts. GET and
// POST (form, JSON), Base64, extra pairs, headers and the API token; a
// receiver failing the first attempts (retries seen in the outbox), a
// permanent 4xx; HTTPS with a self-signed certificate (verify on fails,
// verify off and ca_file pass); a receiver down across a restart; a long
// message joined from parts that came out of order.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const { FakeSmsc } = require('./lib/fakesmsc');
const { query } = require('./lib/db');
const { pollUntil } = require('./lib/wait');
const { makeCert, HttpReceiver, freePort, forwardingConfig } = require('./lib/forward');

function upstream(port) {
  return {
    name: 'up', type: 'smpp', host: '127.0.0.1', port, system_id: 'broker', password: 'pw',
    reconnect_min: '100ms', reconnect_max: '500ms', enquire_link_interval: '1s',
  };
}

const RETRY = { retry_min: '200ms', retry_max: '400ms' };

function outbox(d, kind, name) {
  return query(d.dbPath, `SELECT o.state, o.attempts, coalesce(o.last_error, ''), m.src_addr FROM outbox o`
    + ` LEFT JOIN messages m ON m.id = o.message_id WHERE o.target_kind = '${kind}' AND o.target_name = '${name}' ORDER BY o.id`);
}

describe('forwarding to HTTP', { timeout: 120000 }, () => {
  let fake, d, plain, post, json, flaky, refusing, tlsRecv, cert, tmp;

  before(async () => {
    fake = await new FakeSmsc().start();
    plain = await new HttpReceiver().start();
    post = await new HttpReceiver().start();
    json = await new HttpReceiver().start();
    flaky = await new HttpReceiver({ statuses: [500, 503, 200] }).start();
    refusing = await new HttpReceiver({ statuses: [404] }).start();
    d = new Daemon({ config: {} });
    tmp = d.dir;
    cert = makeCert(tmp);
    tlsRecv = await new HttpReceiver({ tls: cert }).start();
    const rules = [
      { name: 'get', target: 'http', url: `${plain.base}/in?src=broker`, method: 'get', number_name: 'sender',
        message_name: 'text', extra: ['box=main', 'to={destination}', 'id={message_id}'], destinations: ['1001'], ...RETRY },
      { name: 'post', target: 'http', url: `${post.base}/form`, method: 'post', body: 'form', number_name: 'from',
        message_name: 'msg', include_sender: true, sender_format: ' [{sender}]', destinations: ['1002'],
        headers: ['X-Rule: {rule}'], token: 's3cret-token', ...RETRY },
      { name: 'json', target: 'http', url: `${json.base}/json/{sender}`, method: 'post', body: 'json', number_name: 'number',
        message_name: 'message', base64: true, extra: ['via={connector}'], destinations: ['1003'],
        token: 'k1', token_header: 'X-Api-Key', token_prefix: '', ...RETRY },
      { name: 'flaky', target: 'http', url: `${flaky.base}/f`, message_name: 't', destinations: ['1004'], ...RETRY },
      { name: 'refusing', target: 'http', url: `${refusing.base}/r`, message_name: 't', destinations: ['1005'], ...RETRY },
      { name: 'verify', target: 'http', url: `${tlsRecv.base}/v`, message_name: 't', destinations: ['1006'], verify_certificate: true, ...RETRY, retry_min: '5s', retry_max: '5s' },
      { name: 'noverify', target: 'http', url: `${tlsRecv.base}/n`, message_name: 't', destinations: ['1006'], verify_certificate: false, ...RETRY },
      { name: 'cafile', target: 'http', url: `${tlsRecv.base}/c`, message_name: 't', destinations: ['1006'], ca_file: cert.cert, ...RETRY },
      { name: 'long', target: 'http', url: `${plain.base}/long`, message_name: 't', destinations: ['1007'], ...RETRY },
    ];
    d.writeConfig({ connectors: [upstream(fake.port)], extra: forwardingConfig({ rules }) });
    await d.start();
    await fake.waitBound(1);
  });

  after(async () => {
    await d.cleanup();
    await fake.close();
    for (const r of [plain, post, json, flaky, refusing, tlsRecv]) await r.close();
  });

  async function mo(dst, text, src = '447700900111', extra = {}) {
    const resp = await fake.deliver({ source_addr: src, destination_addr: dst, short_message: text, ...extra });
    assert.equal(resp.command_status, 0);
  }

  it('GET puts the seed pairs, extra pairs and templates in the query', async () => {
    await mo('1001', 'Hello & good day');
    await plain.waitRequests(1);
    const r = plain.requests[0];
    assert.equal(r.method, 'GET');
    assert.equal(r.url.pathname, '/in');
    const p = r.url.searchParams;
    assert.equal(p.get('src'), 'broker');
    assert.equal(p.get('sender'), '447700900111');
    assert.equal(p.get('text'), 'Hello & good day');
    assert.equal(p.get('box'), 'main');
    assert.equal(p.get('to'), '1001');
    assert.match(p.get('id'), /^\d+$/);
    await pollUntil(() => outbox(d, 'http', 'get')[0]?.[0] === '1', { what: 'outbox row done' });
    assert.deepEqual(outbox(d, 'http', 'get')[0].slice(0, 2), ['1', '1']);
  });

  it('POST form carries the text with the sender appended, custom headers and the token', async () => {
    await mo('1002', 'Form body');
    await post.waitRequests(1);
    const r = post.requests[0];
    assert.equal(r.method, 'POST');
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
    const p = new URLSearchParams(r.body);
    assert.equal(p.get('from'), '447700900111');
    assert.equal(p.get('msg'), 'Form body [447700900111]');
    assert.equal(r.headers['x-rule'], 'post');
    assert.equal(r.headers.authorization, 'Bearer s3cret-token');
  });

  it('POST JSON with the text in Base64 keeps Unicode', async () => {
    // UCS-2 (data_coding 8): "Grüße ☀"
    const text = 'Grüße ☀';
    await mo('1003', Buffer.from(text, 'utf16le').swap16(), '+447700900222', { data_coding: 8 });
    await json.waitRequests(1);
    const r = json.requests[0];
    assert.equal(r.url.pathname, '/json/%2B447700900222');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['x-api-key'], 'k1');
    const body = JSON.parse(r.body);
    assert.equal(body.number, '+447700900222');
    assert.equal(Buffer.from(body.message, 'base64').toString('utf8'), text);
    assert.equal(body.via, 'up');
    assert.deepEqual(Object.keys(body), ['number', 'message', 'via']);
  });

  it('retries a receiver that fails the first attempts, and stops at a permanent 4xx', async () => {
    await mo('1004', 'Try again');
    await mo('1005', 'Not here');
    await flaky.waitRequests(1);
    assert.deepEqual(flaky.answered, [500, 503, 200]);
    assert.equal(flaky.requests[0].url.searchParams.get('t'), 'Try again');
    await pollUntil(() => outbox(d, 'http', 'flaky')[0]?.[0] === '1', { what: 'flaky row done' });
    assert.equal(outbox(d, 'http', 'flaky')[0][1], '3');
    await d.waitForLine(/fwd\.retry kind=http target=flaky .*error="HTTP 500/);
    await pollUntil(() => outbox(d, 'http', 'refusing')[0]?.[0] === '2', { what: 'refused row failed' });
    const [state, attempts, err] = outbox(d, 'http', 'refusing')[0];
    assert.deepEqual([state, attempts], ['2', '1']);
    assert.match(err, /HTTP 404/);
    assert.deepEqual(refusing.answered, [404]);
  });

  it('HTTPS: a self-signed certificate fails verification, passes with verify off or its ca_file', async () => {
    await mo('1006', 'Secure');
    await tlsRecv.waitRequests(2);
    const paths = tlsRecv.requests.map((r) => r.url.pathname).sort();
    assert.deepEqual(paths, ['/c', '/n']);
    await pollUntil(() => outbox(d, 'http', 'verify')[0]?.[1] === '1', { what: 'verify attempt' });
    const [state, , err] = outbox(d, 'http', 'verify')[0];
    assert.equal(state, '0'); // still pending: retried, never delivered
    assert.match(err, /certificate|SSL/i);
  });

  it('joins a long message from parts that came out of order', async () => {
    const udh = (seq) => Buffer.from([0x05, 0x00, 0x03, 0x42, 0x02, seq]);
    await mo('1007', Buffer.concat([udh(2), Buffer.from(' second half')]), '447700900333', { esm_class: 0x40 });
    await mo('1007', Buffer.concat([udh(1), Buffer.from('First half,')]), '447700900333', { esm_class: 0x40 });
    await pollUntil(() => plain.requests.some((r) => r.url.pathname === '/long'), { what: 'long message' });
    const got = plain.requests.filter((r) => r.url.pathname === '/long');
    assert.equal(got.length, 1);
    assert.equal(got[0].url.searchParams.get('t'), 'First half, second half');
    const rows = outbox(d, 'http', 'long');
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r[0] === '1'));
  });
});

describe('forwarding to HTTP across a restart', { timeout: 60000 }, () => {
  it('a receiver down while the broker restarts gets the message after', async () => {
    const fake = await new FakeSmsc().start();
    const port = await freePort();
    const d = new Daemon({ config: {} });
    const rules = [{ name: 'later', target: 'http', url: `http://127.0.0.1:${port}/later`, message_name: 't', ...RETRY, retry_max: '1s' }];
    d.writeConfig({ connectors: [upstream(fake.port)], extra: forwardingConfig({ rules }) });
    try {
      await d.start();
      await fake.waitBound(1);
      const resp = await fake.deliver({ source_addr: '447700900444', destination_addr: '2000', short_message: 'Survives' });
      assert.equal(resp.command_status, 0);
      await d.waitForLine(/fwd\.retry kind=http target=later .*attempts=2/, 10000);
      assert.equal(await d.stop(), 0);
      const recv = await new HttpReceiver().start(port);
      try {
        await d.restart();
        await recv.waitRequests(1);
        assert.equal(recv.requests[0].url.searchParams.get('t'), 'Survives');
        await pollUntil(() => outbox(d, 'http', 'later')[0]?.[0] === '1', { what: 'row done after restart' });
        assert.equal(recv.requests.length, 1);
      } finally {
        await recv.close();
      }
    } finally {
      await d.cleanup();
      await fake.close();
    }
  });
});
