'use strict';
// daemon.js - runs the real smsbroker binary for a test.
//
// A Daemon owns a fresh temporary folder with its configuration file and
// database, starts the binary from SMSBROKER_BIN on it (listeners on loopback
// port 0), reads the bound ports from the "listening proto=... port=N" lines
// on stderr, and keeps every stderr line so tests can wait for log events.
// It never sleeps to synchronise: every wait is on a log line, a process exit
// or a polled condition, and every wait has a timeout.
//
// Every process started here is killed when the test file ends, even on
// failure: tests call cleanup() from an after() hook, and a process 'exit'
// handler SIGKILLs whatever is still alive as a last resort. Any
// AddressSanitizer / UBSan / LeakSanitizer report on stderr fails the test
// (stop(), kill9(), waitExit() and cleanup() throw).

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildConfig } = require('./config');
const { withTimeout } = require('./wait');

const SANITIZER_RE = /ERROR: AddressSanitizer|runtime error:|LeakSanitizer|ERROR: ThreadSanitizer/;
const VERBOSE = !!process.env.SMSB_IT_VERBOSE;

// Children still running; killed on process exit whatever happened.
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch (_) { /* already gone */ }
  }
});

/* The daemon binary under test; throws a clear error when the variable is missing. */
function binPath() {
  const bin = process.env.SMSBROKER_BIN;
  if (!bin) throw new Error('SMSBROKER_BIN is not set (ctest sets it; by hand: SMSBROKER_BIN=build/broker/smsbroker)');
  if (!fs.existsSync(bin)) throw new Error(`SMSBROKER_BIN=${bin} does not exist; build it first`);
  return path.resolve(bin);
}

/* A fresh folder under the system temp dir, removed by cleanup unless SMSB_KEEP_TMP is set. */
function makeTempDir(prefix = 'smsb-it-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function removeTempDir(dir) {
  if (process.env.SMSB_KEEP_TMP) {
    process.stderr.write(`# kept ${dir}\n`);
    return;
  }
  // A test may have made the folder read-only; take it back first.
  try {
    fs.chmodSync(dir, 0o700);
  } catch (_) { /* gone already */ }
  fs.rmSync(dir, { recursive: true, force: true });
}

/* The sanitizer report lines in lines (an array of strings), or null. */
function sanitizerReport(lines) {
  const i = lines.findIndex((l) => SANITIZER_RE.test(l));
  if (i < 0) return null;
  return lines.slice(Math.max(0, i - 2), i + 40).join('\n');
}

function describeExit(r) {
  return r.signal ? `signal ${r.signal}` : `exit code ${r.code}`;
}

/*
 * Runs the binary once with args (for --help, --check-config, hash-password)
 * and resolves { code, signal, stdout, stderr }. input is written to stdin.
 * Rejects on timeout (after SIGKILL) and when stderr has a sanitizer report.
 */
function runCli(args, { input, timeoutMs = 10000, cwd, env } = {}) {
  const bin = binPath();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdin.on('error', () => { /* the binary may exit before reading */ });
    child.stdin.end(input === undefined ? '' : input);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(bin)} ${args.join(' ')}: no exit within ${timeoutMs} ms\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); live.delete(child); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      const report = sanitizerReport(stderr.split('\n'));
      if (report) {
        reject(new Error(`sanitizer report from ${args.join(' ')}:\n${report}`));
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

class Daemon {
  /*
   * opts.config: a spec for buildConfig (the storage path defaults to
   * <dir>/smsbroker.db), or opts.configText: the file's text as is.
   * opts.dir: an existing folder to use (not removed by cleanup).
   */
  constructor(opts = {}) {
    this.ownDir = !opts.dir;
    this.dir = opts.dir || makeTempDir();
    this.configPath = path.join(this.dir, 'smsbroker.conf');
    this.dbPath = path.join(this.dir, 'smsbroker.db');
    this.child = null;
    this.lines = [];    // stderr lines of the current run (a restart starts over)
    this.history = [];  // stderr lines of every run, for the sanitizer check
    this.stdout = '';
    this.ports = {};    // proto -> first port bound, from the current run's log
    this.listeners = []; // [{ proto, addr, port }]
    this.exit = null;   // { code, signal } once the current run ended
    this._waiters = [];
    this._partial = '';
    this._exitPromise = null;
    if (opts.configText !== undefined) this.writeConfigText(opts.configText);
    else this.writeConfig(opts.config || {});
  }

  /* Writes a config from a buildConfig spec; storage goes to this.dbPath unless given. */
  writeConfig(spec) {
    this.spec = { storagePath: this.dbPath, ...spec };
    this.writeConfigText(buildConfig(this.spec));
  }

  writeConfigText(text) {
    // Write then rename, so a SIGHUP never reads half a file.
    const tmp = this.configPath + '.tmp';
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.configPath);
  }

  get running() {
    return this.child !== null && this.exit === null;
  }

  get pid() {
    return this.child ? this.child.pid : undefined;
  }

  /*
   * Starts the binary with --config. With waitReady (the default), resolves
   * once "started" and every enabled listener's "listening" line are logged,
   * with this.ports filled in; rejects if the process exits first or nothing
   * comes within timeoutMs. uid/gid run it as another user (root only).
   */
  async start({ waitReady = true, timeoutMs = 10000, args, env, uid, gid, wrap } = {}) {
    if (this.running) throw new Error('daemon already running');
    const bin = binPath();
    this.lines = [];
    this.ports = {};
    this.listeners = [];
    this.exit = null;
    this._partial = '';
    const argv = args || ['--config', this.configPath];
    // wrap (optional) runs the binary through another command: { cmd, args, env } = wrap([bin, ...argv]).
    const w = wrap ? wrap([bin, ...argv]) : { cmd: bin, args: argv, env: {} };
    const child = spawn(w.cmd, w.args, { cwd: this.dir, env: { ...process.env, ...w.env, ...env }, uid, gid, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    child.stdout.on('data', (d) => { this.stdout += d; });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => this._onStderr(d));
    this._exitPromise = new Promise((resolve) => {
      child.on('error', (e) => {
        this._onLine(`[harness] spawn error: ${e.message}`);
        this._onExit({ code: null, signal: null, error: e }, child);
        resolve(this.exit);
      });
      // 'close' comes after stderr is drained, so every line is in this.lines.
      child.on('close', (code, signal) => {
        this._onExit({ code, signal }, child);
        resolve(this.exit);
      });
    });
    if (!waitReady) return this;
    await this.waitReady(timeoutMs);
    return this;
  }

  /* Waits for "started" and the "listening" lines of the enabled listeners. */
  async waitReady(timeoutMs = 10000) {
    await this.waitForLine(/ info started\b/, timeoutMs);
    const want = [];
    const spec = this.spec || {};
    if (spec.smpp !== false) want.push('smpp');
    if (spec.http) want.push('http');
    for (const proto of want) {
      await this.waitForLine(new RegExp(`listening proto=${proto}\\b.* port=\\d+`), timeoutMs);
    }
    assert.ok(!want.includes('smpp') || this.ports.smpp > 0, 'smpp port parsed from the log');
  }

  _onStderr(chunk) {
    const parts = (this._partial + chunk).split('\n');
    this._partial = parts.pop();
    for (const line of parts) this._onLine(line);
  }

  _onLine(line) {
    this.lines.push(line);
    this.history.push(line);
    if (VERBOSE) process.stderr.write(`[smsbroker ${this.pid}] ${line}\n`);
    const m = / listening proto=(\S+).*? addr=(\S+).*? port=(\d+)/.exec(line) ||
              / listening proto=(\S+)().*? port=(\d+)/.exec(line);
    if (m) {
      const l = { proto: m[1], addr: m[2], port: Number(m[3]) };
      this.listeners.push(l);
      if (!(l.proto in this.ports)) this.ports[l.proto] = l.port;
    }
    const index = this.lines.length - 1;
    for (const w of this._waiters.slice()) {
      if (index >= w.since) {
        const mm = w.re.exec(line);
        if (mm) this._settle(w, null, mm);
      }
    }
  }

  _onExit(r, child) {
    if (child !== this.child) return;
    if (this._partial) {
      this._onLine(this._partial);
      this._partial = '';
    }
    live.delete(child);
    this.exit = r;
    for (const w of this._waiters.slice()) {
      this._settle(w, new Error(`daemon ended (${describeExit(r)}) before logging ${w.re}\n${this.tail()}`));
    }
  }

  _settle(w, err, match) {
    clearTimeout(w.timer);
    this._waiters = this._waiters.filter((x) => x !== w);
    if (err) w.reject(err);
    else w.resolve(match);
  }

  /*
   * The index the next stderr line of this run will get: pass as `since` to
   * wait for lines after now. Indexes are per run: start()/restart() reset them.
   */
  mark() {
    return this.lines.length;
  }

  /* The last n stderr lines, for error messages. */
  tail(n = 40) {
    return this.lines.slice(-n).map((l) => `  | ${l}`).join('\n');
  }

  /* The first stderr line at or after since that matches re (its match array), or null. */
  findLine(re, since = 0) {
    for (let i = since; i < this.lines.length; i++) {
      const m = re.exec(this.lines[i]);
      if (m) return m;
    }
    return null;
  }

  /*
   * Resolves with the match of the first stderr line (index >= since) that
   * matches re; rejects after timeoutMs, or when the daemon exits first.
   */
  waitForLine(re, timeoutMs = 5000, { since = 0 } = {}) {
    const found = this.findLine(re, since);
    if (found) return Promise.resolve(found);
    if (this.exit) {
      return Promise.reject(new Error(`daemon ended (${describeExit(this.exit)}) without logging ${re}\n${this.tail()}`));
    }
    return new Promise((resolve, reject) => {
      const w = { re, since, resolve, reject };
      w.timer = setTimeout(() => this._settle(w, new Error(`no log line matching ${re} within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      this._waiters.push(w);
    });
  }

  /* Sends a signal (name or number) to the running daemon. */
  signal(sig) {
    if (!this.running) throw new Error(`cannot send ${sig}: daemon not running`);
    this.child.kill(sig);
  }

  /*
   * Resolves { code, signal } when the current run ends; rejects after
   * timeoutMs (leaving the process running: the caller decides) and when the
   * run's stderr holds a sanitizer report.
   */
  async waitExit(timeoutMs = 5000) {
    if (!this.child) throw new Error('daemon never started');
    const r = await withTimeout(this._exitPromise, timeoutMs, `daemon pid ${this.pid} to exit\n${this.tail()}`);
    this.assertNoSanitizerReport();
    return r;
  }

  /*
   * Sends sig (SIGTERM by default) and resolves the exit code (a number), or
   * the signal's name if the process died of a signal. If it has not exited
   * within timeoutMs it is SIGKILLed and stop() throws.
   */
  async stop(sig = 'SIGTERM', timeoutMs = 5000) {
    this.signal(sig);
    try {
      const r = await this.waitExit(timeoutMs);
      return r.signal || r.code;
    } catch (e) {
      if (this.running) {
        this.child.kill('SIGKILL');
        await this._exitPromise;
      }
      throw e;
    }
  }

  /* SIGKILL, and wait for the process to be gone. */
  async kill9(timeoutMs = 5000) {
    this.signal('SIGKILL');
    await this.waitExit(timeoutMs);
  }

  /* Starts again on the same folder, config and database (after stop or kill9). */
  async restart(opts) {
    if (this.running) throw new Error('restart: stop the daemon first');
    return this.start(opts);
  }

  assertNoSanitizerReport() {
    const report = sanitizerReport(this.history);
    if (report) throw new Error(`sanitizer report on smsbroker's stderr:\n${report}`);
  }

  /*
   * For after() hooks: SIGKILLs the process if still running, removes the
   * temp folder, and throws if any run logged a sanitizer report.
   */
  async cleanup() {
    if (this.running) {
      this.child.kill('SIGKILL');
      await withTimeout(this._exitPromise, 5000, 'SIGKILLed daemon to exit').catch(() => {});
    }
    for (const w of this._waiters.slice()) this._settle(w, new Error('daemon cleaned up'));
    if (this.ownDir) removeTempDir(this.dir);
    this.assertNoSanitizerReport();
  }
}

/*
 * Starts a daemon and registers its cleanup with the test context t (a
 * node:test TestContext or suite hook owner with .after()), so it is killed
 * even when the test fails. Returns the started Daemon.
 */
async function startDaemon(t, opts = {}) {
  const d = new Daemon(opts);
  t.after(() => d.cleanup());
  await d.start(opts.start);
  return d;
}

module.exports = { Daemon, startDaemon, runCli, binPath, makeTempDir, removeTempDir, sanitizerReport };
