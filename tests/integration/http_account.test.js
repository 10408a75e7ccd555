'use strict';
// http_account.test.js - who an HTTP API user is, against the real daemon:
// the account its messages are stored under (its `account` option, else its
// own name when an account has it, else none) and what routes with
// match_accounts make of that; receipts delivered to the account (a final
// record when there is none);
// logins with a hashed password remembered briefly (a counter in /metrics)
// and forgotten on SIGHUP; an access list changed by SIGHUP; the API on an
// IPv6 listener with allowed_ips; submit_sm refusals counted in /metrics.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const { request } = require('./lib/http');
const { pollUntil } = require('./lib/wait');

const RX = { system_id: 'receiver', password: 'secret2' };
const APP = { system_id: 'app01', password: 'app01pw' };
const SLOW = { system_id: 'slow1', password: 'slow1pw', throughput: 1 };

// A password_hash made here with node's own PBKDF2, not the daemon's code.
function pbkdf2Hash(password, iterations = 20000) {
  const salt = crypto.randomBytes(16);
  const hash = crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  return `$pbkdf2-sha256$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const SCRIPT_PW = 'script_pw1';
const SCRIPT_HASH = pbkdf2Hash(SCRIPT_PW);

function users(readerAccess) {
  return `
http = { rate_limit = 0; };
http_users = (
  { name = "app01"; password = "app01_http"; access = []; },
  { name = "script"; password_hash = "${SCRIPT_HASH}"; account = "receiver"; access = []; },
  { name = "nobody"; password = "nobody_pw"; access = []; },
  { name = "reader"; password = "reader_pw"; access = ${JSON.stringify(readerAccess)}; },
  { name = "v6only"; password = "v6only_pw"; access = []; allowed_ips = ["::1/128"]; }
);
`;
}

function spec(readerAccess) {
  return {
    accounts: [RX, APP, SLOW],
    http: { listen: ['127.0.0.1:0', '[::1]:0'] },
    connectors: [{ name: 'apps', type: 'local', account: 'receiver' }],
    routes: [
      { name: 'app-only', match_destination: '^371', match_accounts: ['app01'], connectors: ['apps'] },
      { name: 'lt', match_destination: '^370', connectors: ['apps'] },
    ],
    extra: users(readerAccess),
  };
}

function metric(text, name) {
  const m = new RegExp(`^${name.replace(/[{}"=]/g, (c) => '\\' + c)} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('HTTP users: accounts, cached logins, reloads, IPv6', { timeout: 120000 }, () => {
  let d, port, port6, rx, got;
  const api = (path, auth, extra = {}) => request({ port, path, auth, ...extra });
  const send = (auth, body) => api('/api/v1/messages', auth, { json: body });
  const detail = async (id) => (await api(`/api/v1/messages/${id}`, ['app01', 'app01_http'])).json;
  const metricsText = async () => (await api('/metrics')).text;

  before(async () => {
    d = new Daemon({ config: spec(['sms_list']) });
    await d.start();
    port = d.ports.http;
    const v6 = d.listeners.find((l) => l.proto === 'http' && l.addr.startsWith('[::1]'));
    assert.ok(v6, 'an http listener on [::1]');
    port6 = v6.port;
    rx = (await client.connectAndBind(d.ports.smpp, 'receiver', RX)).session;
    got = [];
    rx.on('deliver_sm', (pdu) => got.push(pdu));
  });
  after(async () => {
    client.closeAll();
    await d.cleanup();
  });

  it('a user sends as its account: match_accounts routes take its messages, not those of a user without one', async () => {
    const none = await send(['nobody', 'nobody_pw'], { to: '+37112345001', text: 'from nobody' });
    assert.equal(none.status, 201, none.text);
    const noneId = none.json.messages[0].id;
    const app = await send(['app01', 'app01_http'], { to: '+37112345002', text: 'from app01' });
    assert.equal(app.status, 201, app.text);
    const appId = app.json.messages[0].id;

    await pollUntil(() => got.some((p) => client.textOf(p) === 'from app01'), { timeoutMs: 5000, what: 'app01 message delivered' });
    assert.equal((await detail(appId)).account, 'app01');
    await d.waitForLine(new RegExp(`dispatch.no_route message=${noneId} `), 5000);
    const n = await detail(noneId);
    assert.equal(n.account, '');
    assert.equal(n.state, 'queued');
    assert.ok(!got.some((p) => client.textOf(p) === 'from nobody'), 'no route took the accountless message');
  });

  it('receipts: one delivered to a user with an account (a split text too); a record only for a user without', async () => {
    const long = 'receipt wanted ' + 'x'.repeat(300);
    const withAcct = await send(['script', SCRIPT_PW],
      { to: '+37060000101', text: long, callback_url: 'http://127.0.0.1:9/cb' });
    assert.equal(withAcct.status, 201, withAcct.text);
    assert.ok(withAcct.json.messages[0].segments > 1);
    const id = withAcct.json.messages[0].id;
    await pollUntil(() => got.some((p) => (p.esm_class & 0x04) &&
      String(p.receipted_message_id) === String(id)), 5000, 'the receipt at the account\'s receiver');
    const det = await detail(id);
    assert.equal(det.account, 'receiver');
    assert.equal(det.receipts.length, 1);

    const without = await send(['nobody', 'nobody_pw'],
      { to: '+37060000102', text: 'no one to tell', callback_url: 'http://127.0.0.1:9/cb' });
    assert.equal(without.status, 201, without.text);
    const id2 = without.json.messages[0].id;
    await pollUntil(async () => (await detail(id2)).state === 'delivered', { timeoutMs: 5000, what: 'delivered' });
    // The outcome and its receipt commit in one transaction. With no account there is
    // no ESME to deliver it to: the receipt is kept as a final record (for the API and
    // the callback URL), never dispatched.
    const det2 = await detail(id2);
    assert.equal(det2.account, '');
    assert.equal(det2.receipts.length, 1);
    assert.equal(det2.receipts[0].state, 'delivered');
  });

  it('a hashed password is verified once, then taken from the cache; a wrong one is still refused', async () => {
    const before = metric(await metricsText(), 'smsbroker_http_auth_cache_hits_total');
    assert.equal((await api('/api/v1/messages/totals', ['script', SCRIPT_PW])).status, 200);
    assert.equal((await api('/api/v1/messages/totals', ['script', SCRIPT_PW])).status, 200);
    assert.equal((await api('/api/v1/messages/totals', ['script', 'wrong_pw1'])).status, 401);
    const after1 = metric(await metricsText(), 'smsbroker_http_auth_cache_hits_total');
    // Earlier tests may have filled the cache already: at least the second request hit.
    assert.ok(after1 >= before + 1 && after1 <= before + 2, `hits ${before} -> ${after1}`);
    assert.equal((await api('/api/v1/messages/totals', ['nobody', 'nobody_pw'])).status, 200);
    assert.equal(metric(await metricsText(), 'smsbroker_http_auth_cache_hits_total'), after1,
      'plain passwords do not use the cache');
  });

  it('SIGHUP applies a changed access list and forgets cached logins', async () => {
    assert.equal((await api('/api/v1/messages/totals', ['reader', 'reader_pw'])).status, 403);
    assert.equal((await api('/api/v1/messages/totals', ['script', SCRIPT_PW])).status, 200);
    const hits = metric(await metricsText(), 'smsbroker_http_auth_cache_hits_total');

    d.writeConfig({ ...spec(['sms_list', 'sms_total']), storagePath: d.spec.storagePath });
    const mark = d.mark();
    d.signal('SIGHUP');
    await d.waitForLine(/ info reload\.done\b/, 5000, { since: mark });

    assert.equal((await api('/api/v1/messages/totals', ['reader', 'reader_pw'])).status, 200);
    assert.equal((await api('/api/v1/messages', ['reader', 'reader_pw'], { json: { to: '+37060000103', text: 'x' } })).status, 403);
    assert.equal((await api('/api/v1/messages/totals', ['script', SCRIPT_PW])).status, 200);
    assert.equal(metric(await metricsText(), 'smsbroker_http_auth_cache_hits_total'), hits,
      'the first login after the reload is verified again');
    assert.equal((await api('/api/v1/messages/totals', ['script', SCRIPT_PW])).status, 200);
    assert.equal(metric(await metricsText(), 'smsbroker_http_auth_cache_hits_total'), hits + 1);
  });

  it('an IPv6 client on [::1] is served; allowed_ips ["::1/128"] lets it in and keeps 127.0.0.1 out', async () => {
    const r = await request({ host: '::1', port: port6, path: '/api/v1/messages/totals', auth: ['v6only', 'v6only_pw'] });
    assert.equal(r.status, 200, r.text);
    const sent = await request({ host: '::1', port: port6, path: '/cgi-bin/sms_send?username=app01&password=app01_http&number=0037060000104&text=over+ipv6' });
    assert.equal(sent.status, 200, sent.text);
    await pollUntil(() => got.some((p) => client.textOf(p) === 'over ipv6'), { timeoutMs: 5000, what: 'the IPv6 send delivered' });
    const v4 = await api('/api/v1/messages/totals', ['v6only', 'v6only_pw']);
    assert.equal(v4.status, 401);
    await d.waitForLine(/http\.auth_failed peer=127\.0\.0\.1 user="v6only" reason="address not in allowed_ips"/, 2000);
  });

  it('submit_sm refusals are counted: throttled apart from other errors', async () => {
    const t0 = await metricsText();
    const thr0 = metric(t0, 'smsbroker_submit_throttled_total');
    const rej0 = metric(t0, 'smsbroker_submit_rejected_total');
    const { session } = await client.connectAndBind(d.ports.smpp, 'transmitter', SLOW);
    const resps = await Promise.all([1, 2, 3, 4].map((i) => client.call(session, 'submit_sm',
      { destination_addr: '3706000020' + i, short_message: 'burst ' + i })));
    const throttled = resps.filter((p) => p.command_status === client.smpp.ESME_RTHROTTLED).length;
    assert.ok(throttled >= 1, 'throughput 1/s throttles a burst of 4');
    const bad = await client.call(session, 'submit_sm', { destination_addr: '', short_message: 'nowhere' });
    assert.notEqual(bad.command_status, 0);
    session.destroy();
    const t1 = await metricsText();
    assert.equal(metric(t1, 'smsbroker_submit_throttled_total'), thr0 + throttled);
    assert.equal(metric(t1, 'smsbroker_submit_rejected_total'), rej0 + 1);
  });
});
