'use strict';
// cli.test.js - the command line: --help, --version, usage errors,
// --check-config on the sample and on broken files (exact file:line), and
// hash-password whose output lets that password bind.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { runCli, makeTempDir, removeTempDir, startDaemon } = require('./lib/daemon');
const { buildConfig } = require('./lib/config');
const client = require('./lib/smppclient');

const SAMPLE = path.resolve(__dirname, '../../config/smsbroker.conf');

// Every line of a --check-config failure is "file:line: message".
function errorLines(stderr) {
  return stderr.split('\n').filter((l) => l.trim() !== '');
}

describe('command line', { timeout: 60000 }, () => {
  let dir;
  before(() => { dir = makeTempDir('smsb-cli-'); });
  after(() => removeTempDir(dir));

  function writeConf(name, text) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  it('--help exits 0 and names the options', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    const text = r.stdout + r.stderr;
    for (const opt of ['--config', '--check-config', '--version', 'hash-password']) {
      assert.ok(text.includes(opt), `--help mentions ${opt}:\n${text}`);
    }
  });

  it('--version exits 0 and prints a version', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\b\d+\.\d+\.\d+\b/);
  });

  it('an unknown flag exits 2 (usage)', async () => {
    const r = await runCli(['--no-such-flag']);
    assert.equal(r.code, 2, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
    assert.ok(r.stderr.length > 0, 'a usage message on stderr');
  });

  it('--check-config accepts the documented sample', async () => {
    const r = await runCli(['--check-config', SAMPLE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), `${SAMPLE}: ok`);
  });

  it('--check-config accepts what the harness generates (port 0 listeners)', async () => {
    const file = writeConf('generated.conf', buildConfig({
      accounts: [{ system_id: 'test', password: 'secret1' }],
      storagePath: path.join(dir, 'gen.db'),
    }));
    const r = await runCli(['--check-config', file]);
    assert.equal(r.code, 0, `port 0 means "any free port" in the daemon's contract:\n${r.stderr}`);
    assert.equal(r.stdout.trim(), `${file}: ok`);
  });

  // Each broken file has one mistake; the expected line number is the line
  // of the offending setting, counted in the text below (1-based).
  const bad = [
    {
      name: 'unknown key',
      text: 'storage: {\n  path = "x.db";\n  bogus_option = 1;\n};\n',
      line: 3,
      gist: /unknown option 'bogus_option' in storage/,
    },
    {
      name: 'bad port',
      text: 'listeners: {\n  smpp: {\n    listen = ["127.0.0.1:70000"];\n  };\n  http: { enabled = false; };\n};\n',
      line: 3,
      gist: /listeners\.smpp\.listen: '127\.0\.0\.1:70000' has a bad port/,
    },
    {
      name: 'duplicate system_id',
      text: 'accounts = (\n  { system_id = "acme"; password = "one1"; },\n  { system_id = "acme"; password = "two2"; }\n);\n',
      line: 3,
      gist: /accounts\[1\]\.system_id: duplicate system_id 'acme' \(first defined at line 2\)/,
    },
    {
      name: 'demo password on a public listener',
      text: 'listeners: {\n  smpp: { listen = ["0.0.0.0:0"]; };\n  http: { enabled = false; };\n};\n' +
            'accounts = (\n  {\n    system_id = "demo";\n    password = "demo1234";\n  }\n);\n',
      line: 8,
      gist: /account 'demo' still has the demo password while listener smpp listens on 0\.0\.0\.0:0/,
    },
  ];

  for (const c of bad) {
    it(`--check-config rejects: ${c.name} (exit 1, file:${c.line}: message)`, async () => {
      const file = writeConf(`${c.name.replace(/\W+/g, '_')}.conf`, c.text);
      const r = await runCli(['--check-config', file]);
      assert.equal(r.code, 1, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
      const lines = errorLines(r.stderr);
      assert.equal(lines.length, 1, `exactly one error for one mistake:\n${r.stderr}`);
      assert.ok(lines[0].startsWith(`${file}:${c.line}: `), `error at ${file}:${c.line}:\n${r.stderr}`);
      assert.match(lines[0], c.gist);
    });
  }

  it('--check-config on a missing file exits 1 and names the file', async () => {
    const file = path.join(dir, 'no-such.conf');
    const r = await runCli(['--check-config', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*(No such file|cannot open)`, 'm'));
  });

  it('hash-password prints a PBKDF2 hash that --check-config accepts as password_hash', async () => {
    const r = await runCli(['hash-password'], { input: 'h4shme\n' });
    assert.equal(r.code, 0, r.stderr);
    const hash = r.stdout.trim();
    assert.match(hash, /^\$pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=.]+\$[A-Za-z0-9+/=.]+$/);
    assert.ok(!r.stdout.includes('h4shme') && !r.stderr.includes('h4shme'), 'the password itself is not echoed');
    const file = writeConf('hashed.conf', buildConfig({
      accounts: [{ system_id: 'hashed', password_hash: hash }],
      storagePath: path.join(dir, 'hashed.db'),
    }));
    const c = await runCli(['--check-config', file]);
    assert.equal(c.code, 0, c.stderr);
  });

  describe('a hashed password binds over SMPP', () => {
    after(() => client.closeAll());

    it('the password given to hash-password binds; another one does not', async (t) => {
      const r = await runCli(['hash-password'], { input: 'h4shme\n' });
      assert.equal(r.code, 0, r.stderr);
      const d = await startDaemon(t, { config: { accounts: [{ system_id: 'hashed', password_hash: r.stdout.trim() }] } });
      const ok = await client.connectAndBind(d.ports.smpp, 'transceiver', { system_id: 'hashed', password: 'h4shme' });
      assert.equal(ok.resp.command_status, 0);
      const no = await client.connectAndBind(d.ports.smpp, 'transceiver', { system_id: 'hashed', password: 'h4shm3' });
      assert.equal(no.resp.command_status, client.smpp.ESME_RINVPASWD);
      ok.session.destroy();
      no.session.destroy();
    });
  });
});
