'use strict';
// dovecot.js - a private Dovecot POP3 server for the email-to-SMS tests:
// Debian's dovecot-pop3d with its own config, ports chosen at run time, a
// maildir in a temp folder, one passwd-file user, and a self-signed
// certificate (openssl CLI) for STLS and implicit TLS.
//
// As root, Dovecot wants unprivileged users for its login and internal
// processes (the package's dovenull and dovecot) and refuses uid 0 for mail,
// so the mailbox belongs to nobody (65534) and its folders are world-writable
// in the private temp folder. As anyone else, everything runs as that user.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { pollUntil } = require('./wait');

const DOVECOT = process.env.SMSB_DOVECOT || '/usr/sbin/dovecot';
const live = new Set();
process.on('exit', () => { for (const c of live) { try { c.kill('SIGKILL'); } catch (_) { /* gone */ } } });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.on('connect', () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

function userName() {
  return os.userInfo().username;
}

function groupName() {
  return execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
}

class Dovecot {
  constructor({ user = 'smsgw', password = 'pop-pass-1' } = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smsb-dovecot-'));
    fs.chmodSync(this.dir, 0o755);
    this.user = user;
    this.password = password;
    this.maildir = path.join(this.dir, 'home', 'Maildir');
    for (const sub of ['new', 'cur', 'tmp']) fs.mkdirSync(path.join(this.maildir, sub), { recursive: true });
    for (const d of [path.join(this.dir, 'home'), this.maildir, ...['new', 'cur', 'tmp'].map((s) => path.join(this.maildir, s))]) {
      fs.chmodSync(d, 0o777);
    }
    this.certPath = path.join(this.dir, 'cert.pem');
    this.keyPath = path.join(this.dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', this.keyPath,
      '-out', this.certPath, '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    fs.writeFileSync(path.join(this.dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
    this.child = null;
    this.log = path.join(this.dir, 'dovecot.log');
    this.seq = 0;
  }

  writeConfig() {
    const root = process.getuid() === 0;
    const uid = root ? 65534 : process.getuid();
    const gid = root ? 65534 : process.getgid();
    const conf = [
      `base_dir = ${this.dir}/run`,
      `state_dir = ${this.dir}/state`,
      `log_path = ${this.log}`,
      'protocols = pop3',
      'listen = 127.0.0.1',
      'ssl = yes',
      `ssl_cert = <${this.certPath}`,
      `ssl_key = <${this.keyPath}`,
      'ssl_min_protocol = TLSv1.2',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_internal_user = ${root ? 'dovecot' : userName()}`,
      `default_internal_group = ${root ? 'dovecot' : groupName()}`,
      `default_login_user = ${root ? 'dovenull' : userName()}`,
      'first_valid_uid = 1',
      'first_valid_gid = 1',
      `passdb {\n  driver = passwd-file\n  args = ${this.dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = uid=${uid} gid=${gid} home=${this.dir}/home\n}`,
      `mail_location = maildir:${this.maildir}`,
      'service pop3-login {',
      `  inet_listener pop3 {\n    port = ${this.port}\n  }`,
      `  inet_listener pop3s {\n    port = ${this.tlsPort}\n    ssl = yes\n  }`,
      '  chroot =',
      '}',
      'service anvil {\n  chroot =\n}',
    ].join('\n') + '\n';
    this.configPath = path.join(this.dir, 'dovecot.conf');
    fs.writeFileSync(this.configPath, conf);
  }

  /* Starts the server on two free ports (POP3 with STLS, and POP3S); resolves once both accept. */
  async start() {
    for (let attempt = 0; ; attempt++) {
      if (!this.port || attempt > 0) {
        this.port = await freePort();
        this.tlsPort = await freePort();
      }
      this.writeConfig();
      const child = spawn(DOVECOT, ['-F', '-c', this.configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      this.exited = new Promise((resolve) => child.on('close', (code) => { live.delete(child); resolve(code); }));
      live.add(child);
      this.child = child;
      let dead = false;
      this.exited.then(() => { dead = true; });
      try {
        await pollUntil(async () => {
          if (dead) throw new Error('dovecot exited');
          return (await canConnect(this.port)) && (await canConnect(this.tlsPort));
        }, { timeoutMs: 10000, what: 'dovecot listening' });
        return this;
      } catch (e) {
        await this.stop();
        // A port taken between choosing and binding: choose again, a few times.
        if (attempt >= 2) throw new Error(`dovecot did not start: ${e.message}\n${out}\n${this.logText()}`);
      }
    }
  }

  logText() {
    try { return fs.readFileSync(this.log, 'utf8'); } catch (_) { return ''; }
  }

  /* Delivers raw (Buffer or string) into the maildir under a name of our own; returns the name. */
  deliver(raw, tag = 'mail') {
    const name = `${Date.now()}.${process.pid}_${++this.seq}.${tag}`;
    const tmp = path.join(this.maildir, 'tmp', name);
    fs.writeFileSync(tmp, raw);
    fs.chmodSync(tmp, 0o666);
    fs.renameSync(tmp, path.join(this.maildir, 'new', name));
    return name;
  }

  /* Tags of the emails in the mailbox (new and cur), sorted. */
  remaining() {
    const names = [];
    for (const sub of ['new', 'cur']) {
      for (const f of fs.readdirSync(path.join(this.maildir, sub))) {
        names.push(f.split(':')[0].replace(/^[^.]*\.[^.]*\./, ''));
      }
    }
    return names.sort();
  }

  /* Makes the mailbox's files undeletable (or deletable again): the server then cannot expunge. */
  lockDeletes(locked) {
    for (const sub of ['new', 'cur']) fs.chmodSync(path.join(this.maildir, sub), locked ? 0o555 : 0o777);
  }

  async stop() {
    const child = this.child;
    this.child = null;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  async cleanup() {
    await this.stop();
    if (!process.env.SMSB_KEEP_TMP) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { Dovecot };
