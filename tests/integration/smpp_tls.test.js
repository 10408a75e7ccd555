'use strict';
// smpp_tls.test.js - SMPP over TLS through the real daemon: a certificate
// made by the test (openssl CLI), a client that verifies it and binds and
// submits (npm's smpp package over node's TLS), TLS 1.1 refused, and with
// verify_client a client without a certificate refused while one with a
// certificate signed by client_ca binds.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const tls = require('node:tls');
const { execFileSync } = require('node:child_process');
const { Daemon, makeTempDir, removeTempDir } = require('./lib/daemon');
const { smpp } = require('./lib/smppclient');
const { withTimeout } = require('./lib/wait');

const ACC = { system_id: 'secure', password: 'secret1' };

function selfSigned(dir, name, cn) {
  const key = path.join(dir, `${name}.key`), crt = path.join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn},IP:127.0.0.1`,
    '-keyout', key, '-out', crt], { stdio: 'ignore' });
  return { key, crt, pem: fs.readFileSync(crt), keyPem: fs.readFileSync(key) };
}

/* Connects over TLS with opts (ca, cert, key, versions); resolves the session or rejects. */
function connectTls(port, opts) {
  return withTimeout(new Promise((resolve, reject) => {
    const s = smpp.connect({ host: '127.0.0.1', port, tls: true, servername: 'localhost', ...opts });
    s.on('error', reject);
    s.on('close', () => reject(new Error('closed during the handshake')));
    s.on('secureConnect', () => resolve(s));
  }), 5000, 'TLS connect');
}

function call(session, command, fields) {
  return withTimeout(new Promise((resolve) => session[command](fields, resolve)), 5000, command);
}

describe('SMPP over TLS', { timeout: 60000 }, () => {
  let dir, server, clientCert;
  before(() => {
    dir = makeTempDir('smsb-tls-');
    server = selfSigned(dir, 'server', 'localhost');
    clientCert = selfSigned(dir, 'client', 'esme');
  });
  after(() => removeTempDir(dir));

  describe('server certificate only', () => {
    let d;
    before(async () => {
      d = new Daemon({ config: { accounts: [ACC], smppTls: { certificate: server.crt, private_key: server.key } } });
      await d.start();
      assert.ok(d.ports.smpp_tls > 0, 'the TLS listener logged its port');
    });
    after(() => d.cleanup());

    it('a verifying client binds and submits', async () => {
      const s = await connectTls(d.ports.smpp_tls, { ca: server.pem });
      const b = await call(s, 'bind_transceiver', ACC);
      assert.equal(b.command_status, 0);
      const r = await call(s, 'submit_sm', { destination_addr: '37060000001', short_message: 'over TLS' });
      assert.equal(r.command_status, 0);
      assert.match(r.message_id, /^\d+$/);
      s.destroy();
      await d.waitForLine(/smpp.connect session=\d+ peer=\S+ tls=1/, 2000);
    });

    it('TLS 1.1 is refused, and the daemon goes on', async () => {
      await assert.rejects(connectTls(d.ports.smpp_tls, { ca: server.pem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }));
      const s = await connectTls(d.ports.smpp_tls, { ca: server.pem });
      assert.equal((await call(s, 'bind_transceiver', ACC)).command_status, 0);
      s.destroy();
    });

    it('plain SMPP bytes on the TLS port are a failed handshake, not a crash', async () => {
      await new Promise((resolve) => {
        const sock = require('node:net').connect(d.ports.smpp_tls, '127.0.0.1', () => {
          sock.write(Buffer.from('0000001000000015000000000000000a', 'hex'));
        });
        sock.on('close', resolve);
        sock.on('error', () => {});
      });
      const s = await connectTls(d.ports.smpp_tls, { ca: server.pem });
      assert.equal((await call(s, 'bind_transceiver', ACC)).command_status, 0);
      s.destroy();
    });
  });

  describe('verify_client', () => {
    let d;
    before(async () => {
      d = new Daemon({ config: { accounts: [ACC], smppTls: {
        certificate: server.crt, private_key: server.key, client_ca: clientCert.crt, verify_client: true } } });
      await d.start();
    });
    after(() => d.cleanup());

    it('a client without a certificate is refused', async () => {
      // TLS 1.3 reports the server's refusal after the handshake: either a
      // rejected connect or a bind that never gets an answer shows it.
      let refused = false;
      try {
        const s = await connectTls(d.ports.smpp_tls, { ca: server.pem });
        await call(s, 'bind_transceiver', ACC).catch(() => { refused = true; });
        s.destroy();
      } catch {
        refused = true;
      }
      assert.ok(refused);
      await d.waitForLine(/smpp.close .*reason=".*(certificate|alert)/i, 3000);
    });

    it('a client with a certificate from client_ca binds', async () => {
      const s = await connectTls(d.ports.smpp_tls, { ca: server.pem, cert: clientCert.pem, key: clientCert.keyPem });
      assert.equal((await call(s, 'bind_transceiver', ACC)).command_status, 0);
      s.destroy();
    });
  });
});
