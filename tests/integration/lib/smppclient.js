'use strict';
// smppclient.js - promise wrappers around npm's `smpp` package, the
// independent SMPP client of these tests (a widely used ESME library, not our
// codec). Every call has a timeout; every session opened here is recorded so
// closeAll() in an after() hook ends them even when a test fails.

const smpp = require('smpp');
const { withTimeout } = require('./wait');

const open = new Set();

/* Connects to 127.0.0.1:port; resolves the smpp.Session once TCP is up. */
function connect(port, { host = '127.0.0.1', timeoutMs = 5000 } = {}) {
  return withTimeout(new Promise((resolve, reject) => {
    const session = smpp.connect({ host, port });
    session.errors = [];
    session.closed = false;
    // Without an 'error' listener the library's EventEmitter would throw.
    session.on('error', (e) => { session.errors.push(e); reject(e); });
    session.on('close', () => { session.closed = true; open.delete(session); });
    // Behave like a well-mannered ESME: answer the SMSC's own requests.
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => session.send(pdu.response()));
    // Every deliver_sm is kept from the first byte: a test that looks later
    // (collect()) still sees one that came in the same read as the bind_resp.
    session.delivered = [];
    session.on('deliver_sm', (pdu) => {
      session.delivered.push(pdu);
      session.send(pdu.response());
    });
    session.on('connect', () => resolve(session));
    open.add(session);
  }), timeoutMs, `smpp connect to ${host}:${port}`);
}

/* Sends command (a method of smpp.Session, like 'submit_sm') and resolves its response PDU. */
function call(session, command, fields = {}, timeoutMs = 5000) {
  return withTimeout(new Promise((resolve, reject) => {
    const ok = session[command](fields, (pdu) => resolve(pdu));
    if (!ok) reject(new Error(`${command}: socket not writable`));
  }), timeoutMs, `${command} response`);
}

/* Connects and binds; resolves { session, resp }. kind: transmitter | receiver | transceiver. */
async function connectAndBind(port, kind, { system_id, password, ...rest }, opts = {}) {
  const session = await connect(port, opts);
  const resp = await call(session, `bind_${kind}`, { system_id, password, ...rest }, opts.timeoutMs);
  return { session, resp };
}

/* Resolves when the session's socket is closed (by either side). */
function waitClosed(session, timeoutMs = 5000) {
  if (session.closed) return Promise.resolve();
  return withTimeout(new Promise((resolve) => session.once('close', resolve)), timeoutMs, 'smpp session close');
}

/* The text of a PDU's short_message, whether the package decoded it or not. */
function textOf(pdu) {
  const sm = pdu.short_message;
  return typeof sm === 'object' && sm !== null && 'message' in sm ? String(sm.message) : String(sm);
}

/* Collects every deliver_sm on session into the returned array, answering ESME_ROK. */
/* The deliver_sm the session got (answered ESME_ROK), since it connected. */
function collect(session) {
  return session.delivered;
}

/* Destroys every session still open (for after() hooks). */
function closeAll() {
  for (const s of open) s.destroy();
  open.clear();
}

module.exports = { smpp, connect, call, connectAndBind, waitClosed, closeAll, textOf, collect };
