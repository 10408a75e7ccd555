'use strict';
// Email to SMS, end to end: a private Dovecot (lib/dovecot.js) holds the
// .eml corpus of tests/data/mail; the real daemon polls it over POP3 (plain,
// STLS, implicit TLS), turns each email whose subject is a phone number into
// an SMS routed to a local connector, and an application bound as a receiver
// (npm's smpp package) gets it as deliver_sm. Checked for each email: the
// recipient, the data coding and the text that leaves, and what stays in the
// mailbox. Then: certificate checks, a wrong password, the per-poll limit,
// and a crash between the commit and the deletion (no SMS twice).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Daemon } = require('./lib/daemon');
const { Dovecot } = require('./lib/dovecot');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const { pollUntil } = require('./lib/wait');

const CORPUS = path.join(__dirname, '..', 'data', 'mail');
const RX = { system_id: 'rx', password: 'secret1' };

const LONG = Array.from({ length: 40 }, (_, i) =>
  `Line ${String(i).padStart(3, '0')} of the nightly report: all systems nominal.`).join(' ');

// file -> what must leave: recipient, data_coding (0 GSM 7-bit, 8 UCS-2), text, parts.
const EXPECT = {
  plain_ascii: { to: '37061234567', dc: 0, text: 'Server db1 is down.\nCheck it please.' },
  alt_qp_lithuanian: { to: '37061234567', dc: 8, text: 'Labas! Ačiū už žinutę.\nŠiandien skaitiklis rodo 12,5 m³.' },
  alt_qp_cyrillic: { to: '79123456789', dc: 8, text: 'Привет! Счётчик №7 показывает 345 кВт·ч.\nСпасибо.' },
  base64_latin1: { to: '4930123456', dc: 0, text: 'Grüße aus München!\nDas Café öffnet um 9 Uhr.' },
  windows1251: { to: '79123456789', dc: 8, text: 'Привет, мир! Счёт 12345 оплачен.' },
  koi8r: { to: '79123456780', dc: 8, text: 'Добрый день. Всё работает.' },
  emoji: { to: '37061234567', dc: 8, text: 'Deploy done 🚀 all green ✅' },
  encoded_subject: { to: '37061234567', dc: 8, text: 'Encoded subject, plain body: ąčę.' },
  attachment: { to: '37061234567', dc: 0, text: 'Report attached. Totals: 42.' },
  dot_lines: { to: '37061234567', dc: 0, text: 'First line\n.\n..two dots\n.hidden? no\nLast line' },
  html_only: { to: '37061234567', dc: 0, text: 'Disk usage at 91% on db1 & db2.\nPrice: 5€\nThanks' },
  reply_signature: { to: '37061234567', dc: 0, text: 'Yes, restart it now.' },
  // Longer than 5 parts: cut to the PDU limit, 5 x 153 GSM characters.
  long_body: { to: '37061234567', dc: 0, text: LONG.slice(0, 5 * 153), parts: 5 },
};
const STAY = ['bad_sender', 'not_number'];

function textOf(pdu) {
  const sm = pdu.short_message;
  return typeof sm === 'object' && sm !== null && 'message' in sm ? String(sm.message) : String(sm);
}

/* Collects deliver_sm PDUs and joins concatenated parts (8-bit reference UDH) into messages. */
function collect(session) {
  const pdus = client.collect(session);
  return {
    pdus,
    messages() {
      const whole = [];
      const parts = new Map();
      for (const p of pdus) {
        const udh = p.short_message && p.short_message.udh && p.short_message.udh.find((u) => u[0] === 0x00);
        if (!udh) {
          whole.push({ to: p.destination_addr, dc: p.data_coding, text: textOf(p), parts: 1 });
          continue;
        }
        const key = `${p.destination_addr}/${udh[2]}`;
        if (!parts.has(key)) parts.set(key, { p, total: udh[3], got: [] });
        parts.get(key).got[udh[4] - 1] = textOf(p);
      }
      for (const { p, total, got } of parts.values()) {
        if (got.filter((x) => x !== undefined).length === total) {
          whole.push({ to: p.destination_addr, dc: p.data_coding, text: got.join(''), parts: total });
        }
      }
      return whole;
    },
  };
}

function corpusFile(name) {
  return fs.readFileSync(path.join(CORPUS, `${name}.eml`));
}

function pop3(dv, over = {}) {
  const fields = {
    name: 'inbox1', host: '127.0.0.1', port: dv.port, username: dv.user, password: dv.password,
    security: 'none', check_interval: '1s', timeout: '5s',
    allowed_senders: ['ops@example.com', '@alerts.example.org'], ...over,
  };
  const body = Object.entries(fields).filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${Array.isArray(v) ? '[' + v.map((x) => JSON.stringify(x)).join(', ') + ']'
      : typeof v === 'string' ? JSON.stringify(v) : v};`).join(' ');
  return `pop3 = ( { ${body} } );`;
}

function config(dv, over) {
  return {
    accounts: [RX],
    connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
    routes: [{ name: 'all', connectors: ['apps'] }],
    extra: pop3(dv, over),
  };
}

describe('email to SMS over POP3', { timeout: 120000 }, () => {
  let dv;
  const daemons = [];
  before(async () => {
    dv = await new Dovecot().start();
  });
  after(async () => {
    client.closeAll();
    for (const d of daemons) await d.cleanup();
    if (dv) await dv.cleanup();
  });

  async function startDaemon(over, { bindFirst = true } = {}) {
    const d = new Daemon({ config: config(dv, over) });
    daemons.push(d);
    await d.start();
    let rx = null;
    if (bindFirst) {
      const { session, resp } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
      assert.equal(resp.command_status, 0);
      rx = collect(session);
    }
    return { d, rx };
  }

  it('the corpus: each email becomes the right SMS, and only the others stay', async () => {
    for (const name of [...Object.keys(EXPECT), ...STAY]) dv.deliver(corpusFile(name), name);
    const { d, rx } = await startDaemon({});
    await pollUntil(() => rx.messages().length >= Object.keys(EXPECT).length,
      { timeoutMs: 30000, what: 'one SMS per corpus email' });
    const got = rx.messages();
    for (const [name, want] of Object.entries(EXPECT)) {
      const m = got.find((x) => x.text === want.text);
      assert.ok(m, `${name}: no deliver_sm with text ${JSON.stringify(want.text)};\ngot ${JSON.stringify(got, null, 1)}`);
      assert.equal(m.to, want.to, `${name}: recipient`);
      assert.equal(m.dc, want.dc, `${name}: data_coding`);
      assert.equal(m.parts, want.parts || 1, `${name}: parts`);
    }
    assert.equal(got.length, Object.keys(EXPECT).length, 'no SMS from the other emails');
    await pollUntil(() => JSON.stringify(dv.remaining()) === JSON.stringify(STAY),
      { timeoutMs: 10000, what: `only ${STAY} left in the mailbox (have ${dv.remaining()})` });
    assert.ok(d.findLine(/ warn pop3\.not_sent inbox=inbox1 .*from="eve@evil\.example" .*outcome=rejected reason="sender not allowed" action=keep/));
    assert.ok(d.findLine(/ warn pop3\.not_sent inbox=inbox1 .*subject="Lunch on Friday\?" outcome=not_number .*action=keep/));
    assert.ok(d.findLine(/ warn outbound\.truncated origin="pop3:inbox1 long-1@example\.com" segments=5/));
    // Kept emails are remembered: later polls look them up and read nothing.
    const mark = d.mark();
    await d.waitForLine(/ info pop3\.poll inbox=inbox1 listed=2 uidl=1 read=0 sms=0 kept=0 deleted=0/, 10000, { since: mark });
    const rows = db.query(d.dbPath, 'SELECT outcome, count(*) FROM mail_seen GROUP BY outcome ORDER BY outcome;');
    assert.deepEqual(rows, [['0', String(Object.keys(EXPECT).length)], ['1', '1'], ['2', '1']]);
    await d.stop();
    // The kept ones, deleted for the next tests.
    fs.rmSync(dv.maildir, { recursive: true, force: true });
    for (const sub of ['new', 'cur', 'tmp']) {
      fs.mkdirSync(path.join(dv.maildir, sub), { recursive: true, mode: 0o777 });
      fs.chmodSync(path.join(dv.maildir, sub), 0o777);
    }
    fs.chmodSync(dv.maildir, 0o777);
  });

  it('STLS and implicit TLS: verified against the CA file, refused without it, accepted with verify off', async () => {
    dv.deliver(corpusFile('plain_ascii'), 'stls');
    const stls = await startDaemon({ security: 'stls', ca_file: dv.certPath, verify_certificate: true });
    await pollUntil(() => stls.rx.messages().length === 1, { timeoutMs: 15000, what: 'SMS over STLS' });
    assert.equal(stls.rx.messages()[0].text, EXPECT.plain_ascii.text);
    await stls.d.stop();

    dv.deliver(corpusFile('emoji'), 'tls');
    const bad = await startDaemon({ name: 'tls1', security: 'tls', port: dv.tlsPort, verify_certificate: true }, { bindFirst: false });
    await bad.d.waitForLine(/ warn pop3\.poll_failed inbox=tls1 host=127\.0\.0\.1 error="TLS failed" .*failures=1 retry_in_ms=\d+/, 15000);
    await bad.d.stop();
    assert.deepEqual(dv.remaining(), ['tls'], 'an unverified server is not read');

    const ok = await startDaemon({ name: 'tls1', security: 'tls', port: dv.tlsPort, verify_certificate: false });
    await pollUntil(() => ok.rx.messages().length === 1, { timeoutMs: 15000, what: 'SMS over POP3S' });
    assert.equal(ok.rx.messages()[0].text, EXPECT.emoji.text);
    assert.equal(ok.rx.messages()[0].dc, 8);
    await pollUntil(() => dv.remaining().length === 0, { timeoutMs: 10000, what: 'mailbox empty' });
    await ok.d.stop();
  });

  it('a wrong password is logged as an authentication failure and retried no sooner than the interval', async () => {
    const { d } = await startDaemon({ name: 'badauth', password: 'wrong', check_interval: '1h' }, { bindFirst: false });
    const line = await d.waitForLine(/ error pop3\.auth_failed inbox=badauth host=127\.0\.0\.1 user=smsgw detail="[^"]*" retry_in_ms=(\d+)/, 15000);
    assert.ok(Number(line[1]) >= 3600000, `retry in ${line[1]} ms`);
    await d.stop();
  });

  it('max_per_poll: a large inbox is worked through in rounds, progress kept', async () => {
    const n = 7;
    for (let i = 0; i < n; i++) {
      const raw = corpusFile('plain_ascii').toString().replace('plain-1@example.com', `bulk-${i}@example.com`)
        .replace('Server db1 is down.', `Bulk message ${i}.`);
      dv.deliver(raw, `bulk${i}`);
    }
    const { d, rx } = await startDaemon({ name: 'bulk', max_per_poll: 3, check_interval: '1h' });
    await pollUntil(() => rx.messages().length === n, { timeoutMs: 20000, what: `${n} SMS` });
    // A poll's summary is logged after its DELE and QUIT, which can be after its SMS arrived.
    await d.waitForLine(/ info pop3\.poll inbox=bulk listed=7 uidl=1 read=3 sms=3 kept=0 deleted=3 more=1/, 10000);
    await d.waitForLine(/ info pop3\.poll inbox=bulk listed=4 uidl=1 read=3 sms=3 kept=0 deleted=3 more=1/, 10000);
    await d.waitForLine(/ info pop3\.poll inbox=bulk listed=1 uidl=1 read=1 sms=1 kept=0 deleted=1 more=0/, 10000);
    const texts = rx.messages().map((m) => m.text.split('\n')[0]).sort();
    assert.deepEqual(texts, Array.from({ length: n }, (_, i) => `Bulk message ${i}.`).sort());
    assert.deepEqual(dv.remaining(), []);
    await d.stop();
  });

  it('crash between commit and deletion: after a restart the email is deleted, its SMS not sent again', async () => {
    // The server cannot expunge: DELE and QUIT change nothing, as if the
    // broker had died right after the commit. Then kill -9 and restart.
    dv.deliver(corpusFile('attachment'), 'crash');
    const copy = corpusFile('attachment'); // the same email twice (same Message-ID)
    dv.deliver(copy, 'crash-copy');
    dv.lockDeletes(true);
    const { d, rx } = await startDaemon({ name: 'crash', check_interval: '1h' });
    await pollUntil(() => rx.messages().length === 1, { timeoutMs: 15000, what: 'the SMS' });
    await d.waitForLine(/ info pop3\.poll inbox=crash listed=2 uidl=1 read=2 sms=1 kept=0 deleted=2/, 10000);
    assert.ok(d.findLine(/ info outbound\.duplicate origin="pop3:crash att-1@example\.com"/));
    await d.kill9();
    assert.deepEqual(dv.remaining(), ['crash', 'crash-copy'], 'nothing was expunged');
    dv.lockDeletes(false);

    client.closeAll();
    await d.start();
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    const again = collect(session);
    // The first copy is known by its UIDL and not read again; the second
    // (another UIDL) is read, and its SMS refused as a duplicate by Message-ID.
    await d.waitForLine(/ info pop3\.poll inbox=crash listed=2 uidl=1 read=1 sms=0 kept=0 deleted=2/, 15000);
    assert.ok(d.findLine(/ info pop3\.already_sent inbox=crash uidl=\S+ recipients=1 action=delete/));
    await pollUntil(() => dv.remaining().length === 0, { timeoutMs: 10000, what: 'mailbox empty' });
    const sent = db.query(d.dbPath, "SELECT count(*) FROM messages WHERE dst_addr = '37061234567'"
      + " AND id IN (SELECT message FROM mail_seen WHERE inbox = 'crash');");
    assert.deepEqual(sent, [['1']]);
    assert.equal(again.messages().length, 0, 'no SMS the second time');
    await d.stop();
  });
});
