'use strict';
// pdu.js - a small, independent 3GPP TS 23.040 codec for the modem tests:
// decodes the SMS-SUBMIT the broker sends with AT+CMGS, and builds the
// SMS-DELIVER and SMS-STATUS-REPORT PDUs the simulated modem hands back.
// Written from the spec on purpose, sharing nothing with protocols/sms, so a
// codec bug cannot cancel out. GSM 7-bit here covers the characters where
// the default alphabet agrees with ASCII (letters, digits, space, common
// punctuation), which is all the tests use.

function hexToBytes(hex) {
  if (hex.length % 2) throw new Error(`odd hex length: ${hex}`);
  const out = [];
  for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

const toHex = (bytes) => bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');

function semiOctetsToDigits(bytes, n) {
  let s = '';
  for (const b of bytes) {
    s += (b & 0x0f).toString(16);
    s += (b >> 4).toString(16);
  }
  return s.slice(0, n);
}

function digitsToSemiOctets(d) {
  const padded = d.length % 2 ? d + 'F' : d;
  const out = [];
  for (let i = 0; i < padded.length; i += 2) out.push(parseInt(padded[i + 1] + padded[i], 16));
  return out;
}

/* Unpacks n septets starting after fillBits of bytes. */
function unpack7(bytes, fillBits, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const bit = fillBits + 7 * i;
    const byte = bit >> 3;
    const shift = bit & 7;
    let v = bytes[byte] >> shift;
    if (shift > 1) v |= (bytes[byte + 1] || 0) << (8 - shift);
    out.push(v & 0x7f);
  }
  return out;
}

function pack7(septets, fillBits) {
  const out = [];
  let acc = 0;
  let bits = fillBits;
  for (const s of septets) {
    acc |= s << bits;
    bits += 7;
    while (bits >= 8) {
      out.push(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.push(acc & 0xff);
  return out;
}

/*
 * Decodes SCA + SMS-SUBMIT hex. Returns { srr, udhi, mr, vpf, da: { ton,
 * npi, digits }, pid, dcs, udl, udh (byte array or null), text }.
 */
function decodeSubmit(hex) {
  const b = hexToBytes(hex);
  let i = 0;
  const scaLen = b[i++];
  i += scaLen;
  const fo = b[i++];
  if ((fo & 3) !== 1) throw new Error(`not an SMS-SUBMIT: first octet ${fo}`);
  const r = { srr: !!(fo & 0x20), udhi: !!(fo & 0x40), vpf: (fo >> 3) & 3, tpduLen: b.length - 1 - scaLen };
  r.mr = b[i++];
  const daLen = b[i++];
  const toa = b[i++];
  r.da = { ton: (toa >> 4) & 7, npi: toa & 15, digits: semiOctetsToDigits(b.slice(i, i + Math.ceil(daLen / 2)), daLen) };
  i += Math.ceil(daLen / 2);
  r.pid = b[i++];
  r.dcs = b[i++];
  if (r.vpf === 2) r.vp = b[i++];
  else if (r.vpf) i += 7;
  r.udl = b[i++];
  const ud = b.slice(i);
  let udhLen = 0;
  r.udh = null;
  if (r.udhi) {
    udhLen = ud[0] + 1;
    r.udh = ud.slice(0, udhLen);
  }
  if ((r.dcs & 0x0c) === 0x08) {
    const body = ud.slice(udhLen);
    r.text = Buffer.from(body).swap16().toString('utf16le');
  } else if ((r.dcs & 0x0c) === 0) {
    const fill = udhLen ? (7 - ((udhLen * 8) % 7)) % 7 : 0;
    const skip = udhLen ? (udhLen * 8 + fill) / 7 : 0;
    const septets = unpack7(ud.slice(udhLen), fill, r.udl - skip);
    r.text = String.fromCharCode(...septets);
  } else {
    r.data = ud.slice(udhLen);
  }
  return r;
}

function scts(date = new Date(Date.UTC(2024, 4, 17, 10, 20, 30))) {
  const two = (n) => String(n).padStart(2, '0');
  const d = two(date.getUTCFullYear() % 100) + two(date.getUTCMonth() + 1) + two(date.getUTCDate()) +
    two(date.getUTCHours()) + two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + '00';
  return digitsToSemiOctets(d);
}

function address(number) {
  const intl = number.startsWith('+');
  const digits = number.replace(/^\+/, '');
  return [digits.length, intl ? 0x91 : 0x81, ...digitsToSemiOctets(digits)];
}

const SCA = [0x07, 0x91, ...digitsToSemiOctets('37069899992')];

/*
 * SCA + SMS-DELIVER with GSM 7-bit text; concat { ref, total, seq } adds an
 * 8-bit concatenation header. time: a Date for TP-SCTS.
 */
function encodeDeliver({ from, text, concat, time }) {
  let fo = 0x04; // MTI 00, TP-MMS set: no more messages
  let udh = [];
  if (concat) {
    fo |= 0x40;
    udh = [5, 0x00, 3, concat.ref, concat.total, concat.seq];
  }
  const septets = [...text].map((c) => c.charCodeAt(0));
  const fill = udh.length ? (7 - ((udh.length * 8) % 7)) % 7 : 0;
  const udl = (udh.length ? (udh.length * 8 + fill) / 7 : 0) + septets.length;
  const body = [...udh, ...pack7(septets, fill)];
  return toHex([...SCA, fo, ...address(from), 0x00, 0x00, ...scts(time), udl, ...body]);
}

/* SCA + SMS-STATUS-REPORT for TP-MR mr to ra with TP-ST st. */
function encodeStatusReport({ mr, ra, st }) {
  const fo = 0x06; // MTI 10, TP-MMS set
  return toHex([...SCA, fo, mr, ...address(ra), ...scts(), ...scts(), st]);
}

/* The TPDU length AT+CMGS / +CMGL would give for a PDU with SCA. */
function tpduLength(hex) {
  return hex.length / 2 - 1 - parseInt(hex.slice(0, 2), 16);
}

module.exports = { decodeSubmit, encodeDeliver, encodeStatusReport, tpduLength, hexToBytes, toHex };
