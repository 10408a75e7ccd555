'use strict';
// modem.js - a scripted AT modem on the peer end of a socat pty pair, for
// the modem connector tests. It speaks enough of 3GPP TS 27.007 / 27.005
// for the broker: AT, ATE0/1, AT+CMEE, AT+CPIN?, AT+CPIN=, AT+CMGF, AT+CSCA,
// AT+CPMS, AT+CNMI, AT+CNUM, AT+CGDCONT, AT+CSQ, AT+CREG?, AT+CEREG?,
// AT+CMGS (with the "> " prompt and Ctrl-Z), AT+CMGL=4, AT+CMGR, AT+CMGD,
// ESC; unknown commands get ERROR. Messages live in a storage map.
//
// A test scripts it through plain properties and methods:
//   sim.onSubmit = (pdu, hex) => ({ cms: 38 }) | ({ mr: 7 }) | 'silent' | undefined
//   sim.silent = true             // stop answering anything (a hung modem)
//   sim.urcInsideAnswers = true   // an unsolicited code inside every answer
//   sim.pin = '1234'              // the SIM asks for this PIN
//   sim.deliver(hex)              // store an SMS and announce it (+CMTI)
//   sim.store(hex)                // store without announcing (found by the sweep)
//   sim.report(hex)               // store a status report, announce it (+CDSI)
//   sim.push(line)                // write a raw line (garbage, partial lines)
// and reads what happened: sim.commands (every command line), sim.submits
// ({ hex, pdu, mr }), sim.storage (index -> { hex, stat, mem }), sim.deleted.
// waitFor(pred) polls a condition. Nothing here sleeps to synchronise.

const fs = require('node:fs');
const tty = require('node:tty');
const { decodeSubmit } = require('./pdu');
const { pollUntil } = require('./wait');

class ModemSim {
  constructor(ptyPath) {
    this.fd = fs.openSync(ptyPath, 'r+');
    this.in = new tty.ReadStream(this.fd);
    this.buf = '';
    this.echo = true;
    this.pin = null;
    this.pinOk = false;
    this.silent = false;
    this.urcInsideAnswers = false;
    this.onSubmit = null;
    this.commands = [];
    this.submits = [];
    this.storage = new Map();
    this.deleted = [];
    this.nextMr = 0;
    this.body = null; // collecting an AT+CMGS body
    this.closed = false;
    this.in.on('data', (d) => this._onData(d.toString('latin1')));
    this.in.on('error', () => {});
  }

  write(s) {
    if (this.closed) return;
    try {
      fs.writeSync(this.fd, s);
    } catch (_) { /* the pty went away */ }
  }

  line(s) {
    this.write(`\r\n${s}\r\n`);
  }

  push(raw) {
    this.write(raw);
  }

  _freeIndex() {
    let i = 0;
    while (this.storage.has(i)) i++;
    return i;
  }

  store(hex, { stat = 0, mem = 'SM' } = {}) {
    const index = this._freeIndex();
    this.storage.set(index, { hex, stat, mem });
    return index;
  }

  deliver(hex) {
    const index = this.store(hex);
    this.line(`+CMTI: "SM",${index}`);
    return index;
  }

  report(hex) {
    const index = this.store(hex, { mem: 'SR' });
    this.line(`+CDSI: "SM",${index}`);
    return index;
  }

  _onData(text) {
    for (const ch of text) {
      if (this.body !== null) {
        if (ch === '\x1a') {
          const hex = this.body;
          this.body = null;
          this._submit(hex);
        } else if (ch === '\x1b') {
          this.body = null;
          this.line('OK');
        } else if (ch !== '\r' && ch !== '\n') {
          this.body += ch;
        }
        continue;
      }
      if (ch === '\x1b') continue; // nothing to cancel
      if (ch === '\r' || ch === '\n') {
        const cmd = this.buf.trim();
        this.buf = '';
        if (cmd) this._command(cmd);
        continue;
      }
      this.buf += ch;
    }
  }

  _answer(lines, final = 'OK') {
    if (this.urcInsideAnswers && lines.length) {
      lines = [lines[0], '^RSSI:17', ...lines.slice(1)];
    }
    let out = '';
    for (const l of lines) out += `\r\n${l}\r\n`;
    if (this.urcInsideAnswers) out += '\r\n^MODE:5,4\r\n';
    out += `\r\n${final}\r\n`;
    this.write(out);
  }

  _command(cmd) {
    this.commands.push(cmd);
    if (this.silent) return;
    if (this.echo) this.write(`${cmd}\r`);
    const u = cmd.toUpperCase();
    let m;
    if (u === 'AT' || u === 'AT+CMEE=1' || /^AT\+CMGF=[01]$/.test(u) || u.startsWith('AT+CSCA=') ||
        u.startsWith('AT+CNMI=') || u.startsWith('AT+CGDCONT=') || u.startsWith('AT+CSMP=')) {
      this._answer([]);
    } else if (u === 'ATE0' || u === 'ATE1') {
      this.echo = u === 'ATE1';
      this._answer([]);
    } else if (u === 'AT+CPIN?') {
      this._answer([`+CPIN: ${this.pin && !this.pinOk ? 'SIM PIN' : 'READY'}`]);
    } else if ((m = /^AT\+CPIN="?(\d+)"?$/.exec(u))) {
      if (m[1] === this.pin) {
        this.pinOk = true;
        this._answer([]);
      } else {
        this._answer([], '+CME ERROR: 16');
      }
    } else if (u.startsWith('AT+CPMS=')) {
      this._answer([`+CPMS: ${this.storage.size},30,${this.storage.size},30,${this.storage.size},30`]);
    } else if (u === 'AT+CNUM') {
      this._answer(['+CNUM: "","+37060000009",145']);
    } else if (u === 'AT+CSQ') {
      this._answer(['+CSQ: 21,99']);
    } else if (u === 'AT+CREG?') {
      this._answer(['+CREG: 0,1']);
    } else if (u === 'AT+CEREG?') {
      this._answer(['+CEREG: 0,1']);
    } else if ((m = /^AT\+CMGS=(\d+|"[^"]*")$/.exec(u))) {
      this.cmgsArg = m[1];
      this.body = '';
      this.write('\r\n> ');
    } else if (u === 'AT+CMGL=4') {
      const lines = [];
      for (const [i, e] of [...this.storage.entries()].sort((a, b) => a[0] - b[0])) {
        lines.push(`+CMGL: ${i},${e.stat},,${e.hex.length / 2 - 1 - parseInt(e.hex.slice(0, 2), 16)}`, e.hex);
        e.stat = 1;
      }
      this._answer(lines);
    } else if ((m = /^AT\+CMGR=(\d+)$/.exec(u))) {
      const e = this.storage.get(Number(m[1]));
      if (!e) {
        this._answer([], '+CMS ERROR: 321');
      } else {
        this._answer([`+CMGR: ${e.stat},,${e.hex.length / 2 - 1 - parseInt(e.hex.slice(0, 2), 16)}`, e.hex]);
        e.stat = 1;
      }
    } else if ((m = /^AT\+CMGD=(\d+)$/.exec(u))) {
      const i = Number(m[1]);
      if (this.storage.delete(i)) this.deleted.push(i);
      this._answer([]);
    } else {
      this._answer([], 'ERROR');
    }
  }

  _submit(body) {
    const entry = { hex: body, at: this.cmgsArg };
    try {
      if (!this.cmgsArg.startsWith('"')) entry.pdu = decodeSubmit(body);
    } catch (e) {
      entry.error = e.message;
    }
    this.submits.push(entry);
    const verdict = this.onSubmit ? this.onSubmit(entry.pdu, body) : undefined;
    if (verdict === 'silent') return;
    if (verdict && verdict.cms !== undefined) {
      this._answer([], `+CMS ERROR: ${verdict.cms}`);
      return;
    }
    const mr = verdict && verdict.mr !== undefined ? verdict.mr : this.nextMr;
    this.nextMr = (mr + 1) % 256;
    entry.mr = mr;
    this._answer([`+CMGS: ${mr}`]);
  }

  waitFor(pred, what, timeoutMs = 8000) {
    return pollUntil(pred, { timeoutMs, what });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.in.destroy();
  }
}

module.exports = { ModemSim };
