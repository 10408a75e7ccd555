'use strict';
// http.js - a small HTTP(S) client for the API tests, on node's own http and
// https modules (no code shared with the daemon): request() resolves
// { status, headers, text, json } with a deadline; raw() speaks bytes over a
// TCP socket for what no client library sends (garbage, slow or huge heads).

const http = require('node:http');
const https = require('node:https');
const net = require('node:net');
const { withTimeout } = require('./wait');

/*
 * opts: { port, method = 'GET', path, auth: [user, pass], headers, body,
 *         json (an object sent as application/json), form (an object sent
 *         form-encoded), tls: { ca } for https, host (default 127.0.0.1; '::1'
 *         for IPv6), localAddress, timeoutMs }
 */
function request(opts) {
  const headers = { ...(opts.headers || {}) };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['Content-Type'] = 'application/json';
  } else if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (opts.auth) headers.Authorization = 'Basic ' + Buffer.from(opts.auth.join(':')).toString('base64');
  const mod = opts.tls ? https : http;
  const p = new Promise((resolve, reject) => {
    const req = mod.request({
      host: opts.host || '127.0.0.1', port: opts.port, method: opts.method || (body !== undefined ? 'POST' : 'GET'),
      path: opts.path, headers, agent: false, localAddress: opts.localAddress,
      ca: opts.tls && opts.tls.ca, servername: opts.tls ? 'localhost' : undefined,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        if (/application\/json/.test(res.headers['content-type'] || '')) json = JSON.parse(text);
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
  return withTimeout(p, opts.timeoutMs || 10000, `HTTP ${opts.method || 'GET'} ${String(opts.path).slice(0, 60)}`);
}

/* Opens a raw TCP connection; resolves the socket with .data() (all bytes so far) and .gone (a promise of its close). */
function raw(port) {
  return withTimeout(new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const got = [];
    s.on('data', (c) => got.push(c));
    s.gone = new Promise((res) => s.once('close', res));
    s.on('error', () => {});
    s.data = () => Buffer.concat(got).toString('latin1');
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  }), 5000, `TCP connect to ${port}`);
}

module.exports = { request, raw };
