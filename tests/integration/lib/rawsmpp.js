'use strict';
// rawsmpp.js - a tiny SMPP v3.4 client that builds PDUs byte by byte.
//
// It exists so tests can say what no client library will: garbage bytes,
// truncated PDUs, absurd command_length values, requests in the wrong state.
// It never uses the broker's codec (nor any library's): the encoding below
// is written from the v3.4 specification (section 3.2 header, 4.1 bind, 4.4
// submit_sm, 4.11 enquire_link, 4.2 unbind) so codec bugs cannot cancel out.
//
// Every read has a timeout. A RawSmpp reads whole PDUs from the stream and
// queues them; tests take them with nextPdu() or wait for a close.

const net = require('node:net');

const CMD = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001,
  bind_receiver_resp: 0x80000001,
  bind_transmitter: 0x00000002,
  bind_transmitter_resp: 0x80000002,
  query_sm: 0x00000003,
  submit_sm: 0x00000004,
  submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005,
  deliver_sm_resp: 0x80000005,
  unbind: 0x00000006,
  unbind_resp: 0x80000006,
  bind_transceiver: 0x00000009,
  bind_transceiver_resp: 0x80000009,
  enquire_link: 0x00000015,
  enquire_link_resp: 0x80000015,
};
const CMD_NAME = Object.fromEntries(Object.entries(CMD).map(([k, v]) => [v, k]));

const STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RTHROTTLED: 0x58,
};

const HEADER_LEN = 16;
// The biggest PDU this client accepts from the server; anything larger is a
// broken stream and is reported, not buffered.
const MAX_READ_PDU = 1 << 20;

/* A C-Octet String: the ASCII bytes and a NUL. */
function cstr(s = '') {
  const b = Buffer.from(String(s), 'latin1');
  return Buffer.concat([b, Buffer.from([0])]);
}

function u8(v) {
  return Buffer.from([v & 0xff]);
}

/*
 * A whole PDU: 16-octet header (command_length, command_id, command_status,
 * sequence_number, all big-endian) then body. commandLength overrides the
 * length field (for lying headers); by default it is the true length.
 */
function pdu(commandId, seq, body = Buffer.alloc(0), { status = 0, commandLength } = {}) {
  const h = Buffer.alloc(HEADER_LEN);
  h.writeUInt32BE(commandLength === undefined ? HEADER_LEN + body.length : commandLength >>> 0, 0);
  h.writeUInt32BE(commandId >>> 0, 4);
  h.writeUInt32BE(status >>> 0, 8);
  h.writeUInt32BE(seq >>> 0, 12);
  return Buffer.concat([h, body]);
}

/* bind_transmitter / bind_receiver / bind_transceiver body (v3.4 4.1.1). */
function bindBody({ system_id = '', password = '', system_type = '', interface_version = 0x34,
  addr_ton = 0, addr_npi = 0, address_range = '' } = {}) {
  return Buffer.concat([cstr(system_id), cstr(password), cstr(system_type), u8(interface_version),
    u8(addr_ton), u8(addr_npi), cstr(address_range)]);
}

/* submit_sm body (v3.4 4.4.1); short_message is a string (latin1) or a Buffer. */
function submitBody({ service_type = '', source_addr_ton = 1, source_addr_npi = 1, source_addr = '12345',
  dest_addr_ton = 1, dest_addr_npi = 1, destination_addr = '4915112345678', esm_class = 0,
  protocol_id = 0, priority_flag = 0, schedule_delivery_time = '', validity_period = '',
  registered_delivery = 0, replace_if_present_flag = 0, data_coding = 0, sm_default_msg_id = 0,
  short_message = 'hello', tlvs = Buffer.alloc(0) } = {}) {
  const sm = Buffer.isBuffer(short_message) ? short_message : Buffer.from(short_message, 'latin1');
  if (sm.length > 254) throw new Error('short_message longer than 254 octets');
  return Buffer.concat([cstr(service_type), u8(source_addr_ton), u8(source_addr_npi), cstr(source_addr),
    u8(dest_addr_ton), u8(dest_addr_npi), cstr(destination_addr), u8(esm_class), u8(protocol_id),
    u8(priority_flag), cstr(schedule_delivery_time), cstr(validity_period), u8(registered_delivery),
    u8(replace_if_present_flag), u8(data_coding), u8(sm_default_msg_id), u8(sm.length), sm, tlvs]);
}

/* Reads a C-Octet String at off; returns [string, nextOffset], or [null, off] if unterminated. */
function readCstr(buf, off) {
  const end = buf.indexOf(0, off);
  if (end < 0) return [null, off];
  return [buf.toString('latin1', off, end), end + 1];
}

/*
 * Parses one whole PDU buffer into { length, commandId, command, status, seq,
 * body, ...decoded fields of the responses tests look at }.
 */
function parsePdu(buf) {
  const p = {
    length: buf.readUInt32BE(0),
    commandId: buf.readUInt32BE(4),
    status: buf.readUInt32BE(8),
    seq: buf.readUInt32BE(12),
    body: buf.subarray(HEADER_LEN),
  };
  p.command = CMD_NAME[p.commandId] || `0x${p.commandId.toString(16).padStart(8, '0')}`;
  switch (p.commandId) {
    case CMD.bind_transmitter_resp:
    case CMD.bind_receiver_resp:
    case CMD.bind_transceiver_resp:
      if (p.body.length) [p.system_id] = readCstr(p.body, 0);
      break;
    case CMD.submit_sm_resp:
      if (p.body.length) [p.message_id] = readCstr(p.body, 0);
      break;
    default:
      break;
  }
  return p;
}

class RawSmpp {
  constructor(socket) {
    this.socket = socket;
    this.seq = 0;
    this.buf = Buffer.alloc(0);
    this.queue = [];
    this.waiters = [];
    this.error = null;
    this.closed = false;
    this.closePromise = new Promise((resolve) => { this._resolveClose = resolve; });
    socket.on('data', (d) => this._onData(d));
    socket.on('error', (e) => { this.error = this.error || e; });
    socket.on('close', () => {
      this.closed = true;
      this._resolveClose();
      this._flushWaiters();
    });
  }

  /* Connects to host:port; rejects after timeoutMs. */
  static connect(port, host = '127.0.0.1', timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host });
      const timer = setTimeout(() => { s.destroy(); reject(new Error(`connect ${host}:${port} timed out`)); }, timeoutMs);
      s.once('connect', () => { clearTimeout(timer); s.setNoDelay(true); resolve(new RawSmpp(s)); });
      s.once('error', (e) => { clearTimeout(timer); reject(e); });
    });
  }

  nextSeq() {
    this.seq = (this.seq % 0x7fffffff) + 1;
    return this.seq;
  }

  _onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (len < HEADER_LEN || len > MAX_READ_PDU) {
        this.error = this.error || new Error(`server sent a PDU with command_length ${len}`);
        this.socket.destroy();
        return;
      }
      if (this.buf.length < len) break;
      const one = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      this.queue.push(parsePdu(Buffer.from(one)));
    }
    this._flushWaiters();
  }

  _flushWaiters() {
    for (const w of this.waiters.slice()) {
      const i = this.queue.findIndex(w.match);
      if (i >= 0) {
        const [p] = this.queue.splice(i, 1);
        this._settle(w, null, p);
      } else if (this.closed) {
        this._settle(w, new Error(`connection closed while waiting for ${w.what}` +
          (this.error ? ` (${this.error.message})` : '')));
      }
    }
  }

  _settle(w, err, p) {
    clearTimeout(w.timer);
    this.waiters = this.waiters.filter((x) => x !== w);
    if (err) w.reject(err);
    else w.resolve(p);
  }

  /* Writes raw bytes. */
  write(bytes) {
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (e) => (e ? reject(e) : resolve()));
    });
  }

  /*
   * The first queued/arriving PDU for which match(pdu) holds (any PDU by
   * default). Rejects on timeout or if the connection closes first.
   */
  nextPdu({ match = () => true, timeoutMs = 5000, what = 'a PDU' } = {}) {
    return new Promise((resolve, reject) => {
      const w = { match, resolve, reject, what };
      w.timer = setTimeout(() => this._settle(w, new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push(w);
      this._flushWaiters();
    });
  }

  /* Sends a request PDU and waits for the PDU answering its sequence number (or a generic_nack for it). */
  async request(commandId, body, { timeoutMs = 5000, seq } = {}) {
    const s = seq === undefined ? this.nextSeq() : seq;
    await this.write(pdu(commandId, s, body));
    return this.nextPdu({ match: (p) => p.seq === s && (p.commandId & 0x80000000) !== 0,
      timeoutMs, what: `the response to ${CMD_NAME[commandId] || commandId} seq=${s}` });
  }

  /* kind: 'transmitter' | 'receiver' | 'transceiver'. Resolves the bind_*_resp. */
  bind(kind, fields, opts) {
    return this.request(CMD[`bind_${kind}`], bindBody(fields), opts);
  }

  submit(fields, opts) {
    return this.request(CMD.submit_sm, submitBody(fields), opts);
  }

  enquireLink(opts) {
    return this.request(CMD.enquire_link, Buffer.alloc(0), opts);
  }

  unbind(opts) {
    return this.request(CMD.unbind, Buffer.alloc(0), opts);
  }

  /* Answers a request PDU from the server (enquire_link, unbind, deliver_sm) with status 0. */
  respond(req, status = 0) {
    const body = req.commandId === CMD.deliver_sm ? cstr('') : Buffer.alloc(0);
    return this.write(pdu((req.commandId | 0x80000000) >>> 0, req.seq, body, { status }));
  }

  /* Resolves once the server has closed the connection; rejects after timeoutMs. */
  waitClose(timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
      this.closePromise.then(() => { clearTimeout(timer); resolve(); });
    });
  }

  /* Closes our side at once. */
  destroy() {
    this.socket.destroy();
  }
}

module.exports = { RawSmpp, CMD, CMD_NAME, STATUS, pdu, bindBody, submitBody, cstr, parsePdu, HEADER_LEN };
