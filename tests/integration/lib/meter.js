'use strict';
// meter.js - the TEM-106 meter simulator (tests/support/tem106_sim.c) and
// the pseudo-terminal fixtures for the meter tests.
//
// startSim() runs the simulator on TCP (loopback, port from the kernel) or
// on one end of a socat pty pair, and resolves once it printed "ready".
// startPtyPair() runs socat and resolves the two ends' real /dev/pts paths.
// runInPtyNamespace() runs a command the way serial-testing.md describes:
// in a private mount namespace (unshare -m, root only) with a tmpfs over
// /sys/class/tty giving the pty a `device` link, and the ioctl shim
// preloaded, so libserialport's real open path runs against the pty.
// Every process started here is killed by stopAll() and on process exit.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pollUntil, withTimeout } = require('./wait');

const live = new Set();
process.on('exit', () => {
  for (const c of live) {
    try { c.kill('SIGKILL'); } catch (_) { /* gone */ }
  }
});

function envPath(name, what) {
  const p = process.env[name];
  if (!p) throw new Error(`${name} is not set (ctest sets it to the built ${what})`);
  if (!fs.existsSync(p)) throw new Error(`${name}=${p} does not exist; build it first`);
  return path.resolve(p);
}

const simPath = () => envPath('SMSB_TEM106_SIM', 'tem106_sim');
const shimPath = () => envPath('SMSB_IOCTL_SHIM', 'ioctl_shim');

function track(child) {
  live.add(child);
  child.exited = new Promise((resolve) => child.on('close', (code, signal) => {
    live.delete(child);
    resolve({ code, signal });
  }));
  return child;
}

async function stop(child) {
  if (!child || !live.has(child)) return;
  child.kill('SIGTERM');
  await withTimeout(child.exited, 5000, `pid ${child.pid} to exit`);
}

/*
 * args: ['--tcp'] or ['--tty', path], plus --addr/--fault/--faults/--echo.
 * Resolves { child, port, requests(), stop() }; requests() counts the
 * frames the simulator saw (its stderr "request" lines).
 */
async function startSim(args) {
  const child = track(spawn(simPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready (?:tcp_port=(\d+)|tty=\S+)/.exec(out);
      if (m) resolve(m[1] ? Number(m[1]) : 0);
    });
    child.on('close', (code) => reject(new Error(`tem106_sim exited (${code}) before ready: ${err}`)));
  });
  const port = await withTimeout(ready, 5000, 'tem106_sim ready');
  return {
    child,
    port,
    requests: () => (err.match(/^request /gm) || []).length,
    stderr: () => err,
    stop: () => stop(child),
  };
}

/* socat pty pair under dir; resolves { broker, peer, stop() } with real /dev/pts paths. */
async function startPtyPair(dir) {
  const a = path.join(dir, 'dev-broker');
  const b = path.join(dir, 'dev-peer');
  const child = track(spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] }));
  await pollUntil(() => fs.existsSync(a) && fs.existsSync(b), { timeoutMs: 5000, what: 'socat pty links' });
  return { broker: fs.realpathSync(a), peer: fs.realpathSync(b), stop: () => stop(child) };
}

/* True when this process may make mount namespaces (root, as CI runs). */
function canUsePtyNamespace() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/*
 * Runs argv (absolute binary first) inside the fixture for pty pts (a
 * /dev/pts/N path); resolves { code, stdout, stderr }.
 */
/*
 * The command, arguments and environment that run argv inside the fixture
 * for the ptys pts (a /dev/pts/N path, or a list of them): for spawn(), or a
 * Daemon's wrap. The exec keeps the pid: signals reach argv[0] itself.
 */
function ptyNamespaceCommand(argv, pts) {
  const devs = (Array.isArray(pts) ? pts : [pts]).map((p) => p.replace(/^\/dev\//, ''));
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const script = [
    'set -e',
    'mount -t tmpfs none /sys/class/tty',
    ...devs.flatMap((dev) => [`mkdir -p /sys/class/tty/${dev}`, `ln -s /dev/null /sys/class/tty/${dev}/device`]),
    `exec ${argv.map(q).join(' ')}`,
  ].join('\n');
  const env = {
    LD_PRELOAD: shimPath(),
    // The shim comes before ASan's runtime in the preload list; that is fine here.
    ASAN_OPTIONS: [process.env.ASAN_OPTIONS, 'verify_asan_link_order=0'].filter(Boolean).join(':'),
  };
  return { cmd: 'unshare', args: ['-m', 'sh', '-c', script], env };
}

function runInPtyNamespace(argv, pts, { timeoutMs = 20000 } = {}) {
  const ns = ptyNamespaceCommand(argv, pts);
  const env = { ...process.env, ...ns.env };
  return new Promise((resolve, reject) => {
    const child = track(spawn(ns.cmd, ns.args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${argv.join(' ')}: no exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.exited.then(({ code }) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function stopAll() {
  await Promise.all([...live].map((c) => stop(c)));
}

module.exports = {
  startSim, startPtyPair, canUsePtyNamespace, runInPtyNamespace, ptyNamespaceCommand, stopAll, simPath,
};
