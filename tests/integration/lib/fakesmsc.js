'use strict';
// fakesmsc.js - an upstream SMSC the test controls, built on npm's `smpp`
// package server (independent of our codec). The broker binds to it as an
// ESME through an smpp connector.
//
// new FakeSmsc(opts) then await start(): listens on 127.0.0.1 port 0
// (this.port). Every bind is accepted unless opts.bindStatus says otherwise.
// Each submit_sm is recorded in this.submits as
//   { pdu, text, session, messageId, answeredAt }
// and answered by opts.onSubmit(sub) -> { status, delayMs, messageId } or
// 'hold' (answer later with answer(sub, ...)); the default answers ESME_ROK
// at once with an id from opts.idFormat ('dec' or 'hex'). Receipts go out
// with receipt(sub, { stat, idForm, tlv, session }) and resolve with the
// deliver_sm_resp; deliver(fields) sends any deliver_sm (an MO message).
// With opts.autoReceipt every ESME_ROK is followed by a DELIVRD receipt, and
// receipts not yet acknowledged are sent again on the next bind, as an SMSC
// does. dropAll() cuts every connection; close() stops listening and cuts them.

const smpp = require('smpp');
const { withTimeout, pollUntil } = require('./wait');

let nextId = 0x1A2B;

class FakeSmsc {
  constructor(opts = {}) {
    this.opts = { idFormat: 'hex', ...opts };
    this.sessions = new Set();
    this.bound = [];     // sessions bound, in order
    this.binds = [];     // every bind PDU seen: { command, system_id, password }
    this.submits = [];
    this.outstanding = 0;
    this.maxOutstanding = 0;
    // opts.tls = { key, cert } (PEM): an SMSC over TLS.
    this.server = smpp.createServer(opts.tls || {}, (session) => this._onSession(session));
  }

  start() {
    return withTimeout(new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this);
      });
    }), 5000, 'fake SMSC listen');
  }

  _onSession(session) {
    this.sessions.add(session);
    session.on('error', () => {});
    session.on('close', () => {
      this.sessions.delete(session);
      this.bound = this.bound.filter((s) => s !== session);
    });
    const onBind = (pdu) => {
      this.binds.push({ command: pdu.command, system_id: pdu.system_id, password: pdu.password });
      const status = this.opts.bindStatus ? this.opts.bindStatus(pdu) : 0;
      session.send(pdu.response({ command_status: status, system_id: 'fakesmsc' }));
      if (!status) {
        session.kind = pdu.command;
        this.bound.push(session);
        if (this.opts.autoReceipt && pdu.command !== 'bind_transmitter') {
          setImmediate(() => this.submits.filter((x) => x.receiptPending).forEach((x) => this._autoReceipt(x)));
        }
      }
    };
    session.on('bind_transceiver', onBind);
    session.on('bind_transmitter', onBind);
    session.on('bind_receiver', onBind);
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu) => this._onSubmit(session, pdu));
  }

  newId(form = this.opts.idFormat) {
    const n = nextId++;
    return form === 'hex' ? n.toString(16).toUpperCase() : String(n);
  }

  _onSubmit(session, pdu) {
    const sm = pdu.short_message;
    const text = sm && typeof sm === 'object' && 'message' in sm ? String(sm.message) : String(sm || '');
    const sub = { pdu, text, session, messageId: null, answeredAt: null };
    this.submits.push(sub);
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    const how = this.opts.onSubmit ? this.opts.onSubmit(sub) : {};
    if (how === 'hold') return;
    if (how.delayMs) setTimeout(() => this.answer(sub, how), how.delayMs);
    else this.answer(sub, how);
  }

  /* Answers a held submit_sm: { status, messageId }. */
  answer(sub, { status = 0, messageId } = {}) {
    if (sub.answeredAt) return;
    sub.answeredAt = Date.now();
    this.outstanding--;
    if (!status) sub.messageId = messageId || this.newId();
    if (!sub.session.socket.writable) return;
    sub.session.send(sub.pdu.response(status ? { command_status: status } : { message_id: sub.messageId }));
    if (!status && this.opts.autoReceipt) this._autoReceipt(sub);
  }

  _autoReceipt(sub) {
    sub.receiptPending = true;
    const s = this.receiverSession();
    if (!s || !s.socket.writable) return; // sent again on the next bind
    this.receipt(sub, { session: s }).then((resp) => {
      if (resp.command_status === 0) sub.receiptPending = false;
    }, () => { /* unanswered: sent again on the next bind */ });
  }

  /* A session that can send deliver_sm to the broker (a receiver or transceiver). */
  receiverSession() {
    return this.bound.find((s) => s.kind !== 'bind_transmitter');
  }

  /*
   * Sends a delivery receipt for sub. idForm: 'as-given' (default), 'dec',
   * 'hex' (the other representation of sub.messageId), or a literal id.
   * tlv: also send receipted_message_id and message_state. Resolves with the
   * deliver_sm_resp PDU.
   */
  receipt(sub, { stat = 'DELIVRD', err = '000', idForm = 'as-given', tlv = false, session, timeoutMs = 5000 } = {}) {
    let id = sub.messageId || idForm;
    if (idForm === 'dec') id = String(parseInt(sub.messageId, 16));
    else if (idForm === 'hex') id = Number(sub.messageId).toString(16).toUpperCase();
    else if (idForm !== 'as-given') id = idForm;
    const text = `id:${id} sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:${stat} err:${err} text:${sub.text.slice(0, 20)}`;
    const states = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };
    const fields = {
      source_addr: sub.pdu.destination_addr,
      destination_addr: sub.pdu.source_addr,
      esm_class: 0x04,
      short_message: text,
    };
    if (tlv) {
      fields.receipted_message_id = id;
      fields.message_state = states[stat];
    }
    return this.deliver(fields, { session, timeoutMs });
  }

  /* Sends a deliver_sm (fields as the smpp package takes them); resolves with its resp. */
  deliver(fields, { session, timeoutMs = 5000 } = {}) {
    const s = session || this.receiverSession();
    if (!s) return Promise.reject(new Error('fake SMSC: no receiving session bound'));
    return withTimeout(new Promise((resolve, reject) => {
      const ok = s.deliver_sm(fields, (resp) => resolve(resp));
      if (!ok) reject(new Error('deliver_sm: socket not writable'));
    }), timeoutMs, 'deliver_sm_resp from the broker');
  }

  waitBound(n = 1, timeoutMs = 10000) {
    return pollUntil(() => this.bound.length >= n, { timeoutMs, what: `${n} bind(s) at the fake SMSC` });
  }

  waitSubmits(n, timeoutMs = 10000) {
    return pollUntil(() => this.submits.length >= n, { timeoutMs, what: `${n} submit_sm at the fake SMSC (have ${this.submits.length})` });
  }

  dropAll() {
    for (const s of this.sessions) s.destroy();
  }

  close() {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

module.exports = { FakeSmsc };
