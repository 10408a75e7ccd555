'use strict';
// flood.js - a sender for crash tests: binds a transmitter with the raw
// client (our own bytes, not our codec) and keeps `window` submit_sm
// outstanding until `stopAfter` are acknowledged with ESME_ROK, then calls
// onStop() from the very callback that counted the last one, so submits
// are still in flight when a test kills the daemon there.

const assert = require('node:assert/strict');
const { RawSmpp, CMD, STATUS, pdu, submitBody } = require('./rawsmpp');
const { pollUntil } = require('./wait');

/*
 * opts: { window, stopAfter, onStop, text(i) -> string, destination(i) -> string }.
 * Resolves { acked: Map(message_id -> text), sent, statuses: Map(status -> count) }
 * once the connection is closed.
 */
async function submitUntil(port, account, { window, stopAfter, onStop, text, destination }) {
  const c = await RawSmpp.connect(port);
  assert.equal((await c.bind('transmitter', account)).status, STATUS.ESME_ROK, 'bind');
  const acked = new Map();
  const pending = new Map(); // seq -> text
  const statuses = new Map();
  let sent = 0;
  let stopped = false;

  const sendOne = () => {
    if (stopped || c.closed) return;
    const i = sent++;
    const seq = c.nextSeq();
    pending.set(seq, text(i));
    c.socket.write(pdu(CMD.submit_sm, seq,
      submitBody({ destination_addr: destination(i), short_message: text(i) })));
  };
  // Take responses straight off the queue as they arrive.
  const drain = () => {
    while (c.queue.length) {
      const p = c.queue.shift();
      if (p.commandId !== CMD.submit_sm_resp) continue;
      const t = pending.get(p.seq);
      pending.delete(p.seq);
      statuses.set(p.status, (statuses.get(p.status) || 0) + 1);
      if (p.status === STATUS.ESME_ROK && t !== undefined) acked.set(p.message_id, t);
      if (!stopped && acked.size >= stopAfter) {
        stopped = true;
        onStop();
        return;
      }
      sendOne();
    }
  };
  c.socket.on('data', drain);
  for (let i = 0; i < window; i++) sendOne();
  await pollUntil(() => stopped || c.closed, { timeoutMs: 20000, what: `${stopAfter} acknowledgements` });
  await c.waitClose(5000);
  drain();
  return { acked, sent, statuses };
}

module.exports = { submitUntil };
