'use strict';
// Forwarding incoming SMS to email (docs/forwarding.md): a real SMTP server
// on loopback (python3-aiosmtpd, tests/integration/lib/smtpd.py) that
// requires STARTTLS before AUTH; the message it received is checked byte
// for byte: headers (Date, From, To, encoded-word Subject, Message-ID,
// MIME), the UTF-8 body in quoted-printable with the sender appended, and
// lines starting with "." (libcurl dot-stuffs, the server unstuffs: they
// arrive as sent). AUTH PLAIN and LOGIN, certificate verification against
// a ca_file, a refused recipient ending the delivery for good.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { Daemon } = require('./lib/daemon');
const { FakeSmsc } = require('./lib/fakesmsc');
const { query } = require('./lib/db');
const { pollUntil } = require('./lib/wait');
const { makeCert, SmtpServer, forwardingConfig } = require('./lib/forward');

function upstream(port) {
  return {
    name: 'up', type: 'smpp', host: '127.0.0.1', port, system_id: 'broker', password: 'pw',
    reconnect_min: '100ms', reconnect_max: '500ms', enquire_link_interval: '1s',
  };
}

function state(d, name) {
  return query(d.dbPath, `SELECT state, attempts, coalesce(last_error, '') FROM outbox WHERE target_kind = 'email' AND target_name = '${name}'`)[0];
}

describe('forwarding to email', { timeout: 120000 }, () => {
  let fake, d, smtp, cert;

  before(async () => {
    fake = await new FakeSmsc().start();
    d = new Daemon({ config: {} });
    cert = makeCert(d.dir, 'smtp');
    const out = path.join(d.dir, 'mail');
    fs.mkdirSync(out);
    smtp = await new SmtpServer({ dir: out, tls: cert, user: 'fwd', password: 'pa55', rejectRcpt: 'nobody@example.test' }).start();
    const common = {
      target: 'email', smtp_host: '127.0.0.1', smtp_port: smtp.port, smtp_security: 'starttls',
      ca_file: cert.cert, smtp_username: 'fwd', smtp_password: 'pa55', from: 'sms@broker.test',
      retry_min: '200ms', retry_max: '400ms',
    };
    const rules = [
      { name: 'mail', ...common, smtp_auth: 'plain', to: ['ops@example.test', 'boss@example.test'],
        subject: 'SMS von {sender}: Grüße', include_sender: true, destinations: ['3001'] },
      { name: 'login', ...common, smtp_auth: 'login', to: ['ops@example.test'], subject: 'Plain {destination}', destinations: ['3002'] },
      { name: 'noca', ...common, ca_file: undefined, to: ['ops@example.test'], destinations: ['3002'], retry_min: '5s', retry_max: '5s' },
      { name: 'refused', ...common, to: ['nobody@example.test'], destinations: ['3003'] },
    ];
    d.writeConfig({ connectors: [upstream(fake.port)], extra: forwardingConfig({ rules }) });
    await d.start();
    await fake.waitBound(1);
  });

  after(async () => {
    await d.cleanup();
    await fake.close();
    await smtp.stop();
  });

  it('sends a MIME email: encoded-word subject, quoted-printable UTF-8 body, sender appended, dots intact', async () => {
    const text = 'Hallo Jürgen\n.hidden dot\n.\nEnd';
    const resp = await fake.deliver({ source_addr: '447700900111', destination_addr: '3001',
      short_message: Buffer.from(text, 'utf16le').swap16(), data_coding: 8 });
    assert.equal(resp.command_status, 0);
    await smtp.waitMessages(1);
    const m = smtp.messages[0];
    assert.equal(m.from, 'sms@broker.test');
    assert.deepEqual(m.to, ['ops@example.test', 'boss@example.test']);
    assert.equal(m.tls, true);
    assert.equal(m.auth, 'fwd');
    const raw = m.raw.toString('latin1');
    const [head, body] = raw.split('\r\n\r\n');
    const lines = head.split('\r\n');
    assert.match(lines[0], /^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const subject = 'SMS von 447700900111: Grüße';
    const id = query(d.dbPath, "SELECT message_id, id FROM outbox WHERE target_name = 'mail'")[0];
    assert.deepEqual(lines.slice(1), [
      'From: sms@broker.test',
      'To: ops@example.test,',
      ' boss@example.test',
      `Subject: =?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`,
      lines[5],
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
    ]);
    assert.match(lines[5], new RegExp(`^Message-ID: <sms\\.${id[0]}\\.mail\\.${id[1]}@[^>]+>$`));
    assert.equal(body, 'Hallo J=C3=BCrgen\r\n.hidden dot\r\n.\r\nEnd\r\nFrom: 447700900111\r\n');
    await pollUntil(() => state(d, 'mail')?.[0] === '1', { what: 'mail row done' });
  });

  it('AUTH LOGIN and a 7bit ASCII body; no ca_file means the self-signed server is not trusted', async () => {
    const resp = await fake.deliver({ source_addr: '447700900222', destination_addr: '3002', short_message: 'Plain ASCII' });
    assert.equal(resp.command_status, 0);
    await smtp.waitMessages(2);
    const m = smtp.messages[1];
    const raw = m.raw.toString('latin1');
    assert.match(raw, /\r\nSubject: Plain 3002\r\n/);
    assert.match(raw, /\r\nContent-Transfer-Encoding: 7bit\r\n\r\nPlain ASCII\r\n$/);
    assert.equal(m.auth, 'fwd');
    await pollUntil(() => state(d, 'noca')?.[1] === '1', { what: 'noca attempt' });
    const [st, , err] = state(d, 'noca');
    assert.equal(st, '0');
    assert.match(err, /certificate|SSL|TLS/i);
    assert.equal(smtp.messages.length, 2);
  });

  it('a recipient the server refuses (550) fails the delivery for good', async () => {
    const resp = await fake.deliver({ source_addr: '447700900333', destination_addr: '3003', short_message: 'To nobody' });
    assert.equal(resp.command_status, 0);
    await pollUntil(() => state(d, 'refused')?.[0] === '2', { what: 'refused row failed' });
    assert.match(state(d, 'refused')[2], /SMTP 550/);
  });
});
