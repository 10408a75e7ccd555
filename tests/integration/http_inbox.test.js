'use strict';
// http_inbox.test.js - POP3 inboxes through the HTTP API, against the real
// daemon and a private Dovecot (lib/dovecot.js): GET /api/v1/inboxes with
// the last poll (result and counts), the last error and counts; POST
// /api/v1/inboxes/{name}/poll starting a poll at once, long before the
// inbox's interval, whose email arrives as deliver_sm; a wrong password
// shown as the inbox's last error; the POP3 metrics.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Daemon } = require('./lib/daemon');
const { Dovecot } = require('./lib/dovecot');
const client = require('./lib/smppclient');
const { request } = require('./lib/http');
const { pollUntil } = require('./lib/wait');

const RX = { system_id: 'rx', password: 'secret1' };
const OPS = ['ops-admin', 'ops_pw1'];
const EMAIL = fs.readFileSync(path.join(__dirname, '..', 'data', 'mail', 'plain_ascii.eml'));

function inbox(dv, name, over = {}) {
  const f = {
    name, host: '127.0.0.1', port: dv.port, username: dv.user, password: dv.password, security: 'none',
    check_interval: '1h', timeout: '5s', allowed_senders: ['ops@example.com'], ...over,
  };
  return '{ ' + Object.entries(f).map(([k, v]) => `${k} = ${Array.isArray(v) ? JSON.stringify(v)
    : typeof v === 'string' ? JSON.stringify(v) : v};`).join(' ') + ' }';
}

describe('POP3 inboxes through the HTTP API', { timeout: 90000 }, () => {
  let dv, d, got;
  const api = (p, opts = {}) => request({ port: d.ports.http, path: p, auth: OPS, ...opts });
  const inboxes = async () => {
    const r = await api('/api/v1/inboxes');
    assert.equal(r.status, 200, r.text);
    return Object.fromEntries(r.json.inboxes.map((i) => [i.name, i]));
  };

  before(async () => {
    dv = await new Dovecot().start();
    d = new Daemon({
      config: {
        accounts: [RX],
        http: { listen: ['127.0.0.1:0'] },
        connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
        routes: [{ name: 'all', connectors: ['apps'] }],
        extra: [
          'http_users = ( { name = "ops-admin"; password = "ops_pw1"; access = ["status"]; } );',
          `pop3 = ( ${inbox(dv, 'inbox1')}, ${inbox(dv, 'badpw', { password: 'wrong_pw' })},`,
          `  ${inbox(dv, 'off', { enabled: false })} );`,
        ].join('\n'),
      },
    });
    await d.start();
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    got = [];
    session.on('deliver_sm', (pdu) => got.push(pdu));
  });
  after(async () => {
    client.closeAll();
    if (d) await d.cleanup();
    if (dv) await dv.cleanup();
  });

  it('shows each inbox\'s first poll; a poll on demand reads a new email now; errors and metrics', async () => {
    // Every enabled inbox polls once at start-up; the next would be an hour later.
    const first = await pollUntil(async () => {
      const i = await inboxes();
      return i.inbox1.polls >= 1 && i.badpw.polls >= 1 && i;
    }, { timeoutMs: 15000, what: 'the first polls' });
    assert.equal(first.inbox1.last_poll.result, 'ok');
    assert.equal(first.inbox1.last_error, null);
    assert.equal(first.badpw.last_poll.result, 'authentication failed');
    assert.equal(first.badpw.last_error.message, 'authentication failed');
    assert.equal(first.badpw.failures, 1);
    assert.equal(first.off.enabled, false);
    assert.equal(first.off.last_poll, null);

    dv.deliver(EMAIL, 'on-demand');
    const r = await api('/api/v1/inboxes/inbox1/poll', { method: 'POST' });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.json.inbox, 'inbox1');
    const after1 = await pollUntil(async () => {
      const i = await inboxes();
      return i.inbox1.polls >= first.inbox1.polls + 1 && i;
    }, { timeoutMs: 15000, what: 'the poll on demand' });
    assert.equal(after1.inbox1.last_poll.result, 'ok');
    assert.equal(after1.inbox1.last_poll.sms, 1);
    assert.equal(after1.inbox1.last_poll.deleted, 1);
    await pollUntil(() => got.some((p) => client.textOf(p) === 'Server db1 is down.\nCheck it please.'),
      { timeoutMs: 5000, what: 'the email as deliver_sm' });

    assert.equal((await api('/api/v1/inboxes/off/poll', { method: 'POST' })).status, 409);
    assert.equal((await api('/api/v1/inboxes/nope/poll', { method: 'POST' })).status, 404);
    assert.equal((await api('/api/v1/inboxes/inbox1/poll')).status, 405);

    const m = (await request({ port: d.ports.http, path: '/metrics' })).text;
    assert.match(m, /^smsbroker_pop3_polls_total\{inbox="inbox1",result="ok"\} [2-9]$/m);
    assert.match(m, /^smsbroker_pop3_polls_total\{inbox="badpw",result="auth_failed"\} 1$/m);
    assert.match(m, /^smsbroker_pop3_sms_total\{inbox="inbox1"\} 1$/m);
  });
});
