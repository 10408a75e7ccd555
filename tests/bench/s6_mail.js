'use strict';
// s6_mail.js - scenario 6 (email): 1,000 emails handled in one POP3 poll.
//
// A private Dovecot (tests/integration/lib/dovecot.js) holds a maildir
// filled here with N emails (From an allowed sender, Subject a phone
// number, a short text body). The daemon (SMSBROKER_BIN, a Release build
// from tests/bench/run.sh) polls it with max_per_poll = N and routes the
// SMS to a local connector whose receiver (npm smpp, bound before the poll)
// answers every deliver_sm. The first poll starts with the daemon.
// Measured: the poll's duration (from the pop3.start line to the pop3.poll
// summary: every email listed, read, turned into an SMS, committed and
// DELEted), and the time until the receiver holds all N. One JSON line.
//
//   SMSBROKER_BIN=build-bench/broker/smsbroker node tests/bench/s6_mail.js [N]

const { Daemon } = require('../integration/lib/daemon');
const { Dovecot } = require('../integration/lib/dovecot');
const client = require('../integration/lib/smppclient');
const { pollUntil } = require('../integration/lib/wait');

const N = Number(process.argv[2] || 1000);
const RX = { system_id: 'rx', password: 'secret1' };

function email(i) {
  const to = `+3706${String(1000000 + i).padStart(7, '0')}`;
  return Buffer.from([
    'From: Ops <ops@example.com>',
    'To: sms@example.com',
    `Subject: ${to}`,
    `Message-ID: <bench-${i}@example.com>`,
    'Date: Sat, 21 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `Alert ${i}: disk usage on db${i % 7} passed 90%.`,
    '',
  ].join('\r\n'));
}

function ts(line) {
  return Date.parse(line.slice(0, 24));
}

(async () => {
  const dv = await new Dovecot().start();
  let d;
  try {
    for (let i = 0; i < N; i++) dv.deliver(email(i), `bench${i}`);
    d = new Daemon({
      config: {
        accounts: [RX],
        connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
        routes: [{ name: 'all', connectors: ['apps'] }],
        logLevel: 'info',
        // The first poll runs at start; the next not before the bench is done.
        extra: `pop3 = ( { name = "inbox1"; host = "127.0.0.1"; port = ${dv.port}; username = "${dv.user}";`
          + ` password = "${dv.password}"; security = "none"; check_interval = "10m"; timeout = "30s";`
          + ` max_per_poll = ${N}; allowed_senders = ["ops@example.com"]; } );`,
      },
    });
    await d.start();
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    const got = [];
    session.on('deliver_sm', (pdu) => {
      got.push(Date.now());
      session.send(pdu.response());
    });
    const summary = await d.waitForLine(/ info pop3\.poll inbox=inbox1 listed=(\d+) .*read=(\d+) sms=(\d+) .*deleted=(\d+)/, 120000);
    await pollUntil(() => got.length >= N, { timeoutMs: 120000, intervalMs: 50, what: `${N} deliver_sm (have ${got.length})` });
    const endLine = d.lines[d.lines.findIndex((l) => / info pop3\.poll inbox=inbox1 listed=/.test(l))];
    const startLine = d.lines.find((l) => / info pop3\.start inbox=inbox1 /.test(l));
    const pollEnd = ts(endLine);
    const pollStart = ts(startLine);
    const firstSms = got[0];
    const result = {
      label: 's6_mail', emails: N, listed: Number(summary[1]), read: Number(summary[2]), sms: Number(summary[3]),
      deleted: Number(summary[4]), poll_ms: pollEnd - pollStart, poll_emails_per_s: Math.round(N / ((pollEnd - pollStart) / 1000)),
      deliver_sm: got.length, deliver_span_ms: got[got.length - 1] - firstSms,
      poll_start_to_last_sms_ms: got[got.length - 1] - pollStart,
      remaining_in_mailbox: dv.remaining().length,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    client.closeAll();
    await d.stop('SIGTERM', 10000);
  } finally {
    if (d) await d.cleanup().catch(() => {});
    await dv.cleanup();
  }
})().catch((e) => {
  process.stderr.write(`s6_mail: ${e.stack || e}\n`);
  process.exit(1);
});
