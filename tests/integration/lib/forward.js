'use strict';
// forward.js - receivers for the forwarding tests (docs/forwarding.md):
// an HTTP(S) server that records every request and answers from a script
// of statuses, a self-signed certificate made with the openssl CLI, a real
// SMTP server (smtpd.py on python3-aiosmtpd) with STARTTLS and AUTH, and
// the libconfig text of forwarding rules.

const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { q } = require('./config');
const { pollUntil, withTimeout } = require('./wait');

/* A key and a self-signed certificate for 127.0.0.1 in dir: { key, cert } (paths). */
function makeCert(dir, name = 'recv') {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key, cert };
}

class HttpReceiver {
  /* opts.tls: { key, cert } paths; opts.statuses: answers in order, then 200; opts.port: a fixed one. */
  constructor(opts = {}) {
    this.opts = opts;
    this.statuses = [...(opts.statuses || [])];
    this.requests = [];
    this.answered = [];
    const handler = (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const status = this.statuses.length ? this.statuses.shift() : 200;
        this.answered.push(status);
        if (status < 300) this.requests.push({ method: req.method, url: new URL(req.url, 'http://x'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status < 300 ? 'ok' : 'not now');
      });
    };
    this.server = opts.tls
      ? https.createServer({ key: fs.readFileSync(opts.tls.key), cert: fs.readFileSync(opts.tls.cert) }, handler)
      : http.createServer(handler);
    this.server.on('tlsClientError', () => {});
  }

  start(port = this.opts.port || 0) {
    return withTimeout(new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this);
      });
    }), 5000, 'HTTP receiver listen');
  }

  get base() {
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  waitRequests(n, timeoutMs = 10000) {
    return pollUntil(() => this.requests.length >= n, { timeoutMs, what: `${n} forwarded request(s)` });
  }

  close() {
    this.server.closeAllConnections?.();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/* A port nothing listens on right now (bound, then closed). */
function freePort() {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

class SmtpServer {
  /* opts: { dir, tls: { key, cert }, user, password, rejectRcpt } */
  constructor(opts) {
    this.opts = opts;
    this.messages = [];
  }

  start() {
    const o = this.opts;
    const args = [path.join(__dirname, 'smtpd.py'), '--out', o.dir];
    if (o.tls) args.push('--cert', o.tls.cert, '--key', o.tls.key);
    if (o.user) args.push('--user', o.user, '--password', o.password);
    if (o.rejectRcpt) args.push('--reject-rcpt', o.rejectRcpt);
    this.child = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    let partial = '';
    return withTimeout(new Promise((resolve, reject) => {
      this.child.on('exit', (code) => reject(new Error(`smtpd.py exited ${code}: ${this.stderr}`)));
      this.child.stdout.on('data', (d) => {
        partial += d;
        let nl;
        while ((nl = partial.indexOf('\n')) >= 0) {
          const line = partial.slice(0, nl);
          partial = partial.slice(nl + 1);
          const m = /^listening (\d+)$/.exec(line);
          if (m) {
            this.port = Number(m[1]);
            resolve(this);
          } else if (line.startsWith('{')) {
            const rec = JSON.parse(line);
            rec.raw = fs.readFileSync(rec.file);
            this.messages.push(rec);
          }
        }
      });
    }), 10000, 'SMTP server start');
  }

  waitMessages(n, timeoutMs = 15000) {
    return pollUntil(() => this.messages.length >= n, { timeoutMs, what: `${n} email(s)` });
  }

  stop() {
    if (!this.child || this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.on('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

function value(v) {
  if (typeof v === 'string') return q(v);
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return '[' + v.map(value).join(', ') + ']';
  throw new Error('forward.js: cannot render ' + JSON.stringify(v));
}

function fields(obj) {
  return Object.entries(obj).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${value(v)};`).join(' ');
}

/* libconfig text: forwarding rules, and the auto_reply / incoming / receipt_callbacks groups. */
function forwardingConfig({ rules = [], autoReply, incoming, callbacks, phoneGroups } = {}) {
  const out = [];
  if (rules.length) out.push('forwarding = (', rules.map((r) => `  { ${fields(r)} }`).join(',\n'), ');');
  if (autoReply) out.push(`auto_reply = { ${fields(autoReply)} };`);
  if (incoming) out.push(`incoming = { ${fields(incoming)} };`);
  if (callbacks) out.push(`receipt_callbacks = { ${fields(callbacks)} };`);
  if (phoneGroups) out.push('phone_groups = (', phoneGroups.map((g) => `  { ${fields(g)} }`).join(',\n'), ');');
  return out.join('\n');
}

module.exports = { makeCert, HttpReceiver, SmtpServer, freePort, forwardingConfig };
