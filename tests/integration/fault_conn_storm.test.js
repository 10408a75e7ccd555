'use strict';
// fault_conn_storm.test.js - 10,000 connections opened at once.
//
// 1. With file descriptors to spare (the daemon inherits this process's
//    limit; 10,000 needs about 10,050 on each side, so the test is scaled
//    down to what `ulimit -n` allows and says so): 10,000 clients connect
//    at once and each sends a bind as soon as it is connected; the daemon
//    stays up and answers every bind ESME_ROK.
// 2. With too few descriptors (the daemon started under `ulimit -n 256`):
//    it accepts what it can, the refusals are logged a bounded number of
//    times (no busy loop spinning on EMFILE), and once the storm's sockets
//    close it accepts and answers binds again.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const { startDaemon } = require('./lib/daemon');
const { RawSmpp, CMD, STATUS, pdu, bindBody } = require('./lib/rawsmpp');
const { pollUntil } = require('./lib/wait');

const ACC = { system_id: 'storm', password: 'st0rm', max_binds: 1000 };

/* This process's open-file limit (soft), from /proc. */
function fdLimit() {
  const m = /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : 1024;
}

function cpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in ticks (USER_HZ 100)
}

/*
 * Opens n connections at once; with bindOf(i) each sends that bind as soon
 * as it connects (a connection the kernel completed with a SYN cookie but
 * never queued only becomes real once the client sends). Resolves
 * { sockets, connected, failed, bound, refused } once each settled or
 * timeoutMs passed.
 */
async function storm(port, n, timeoutMs = 30000, bindOf = null) {
  const sockets = [];
  const r = { sockets, connected: 0, failed: 0, bound: 0, refused: 0 };
  for (let i = 0; i < n; i++) {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('connect', () => {
      r.connected++;
      if (bindOf) s.write(bindOf(i));
    });
    s.on('error', () => { r.failed++; });
    if (bindOf) {
      let buf = Buffer.alloc(0);
      s.on('data', (d) => {
        if (buf === null) return;
        buf = Buffer.concat([buf, d]);
        if (buf.length < 16) return;
        if (buf.readUInt32BE(4) === 0x80000002 && buf.readUInt32BE(8) === 0) r.bound++;
        else r.refused++;
        buf = null;
      });
    }
    sockets.push(s);
  }
  const done = () => (bindOf ? r.bound + r.refused + r.failed : r.connected + r.failed) >= n;
  await pollUntil(done, { timeoutMs, intervalMs: 100, what: `${n} connections to settle` }).catch(() => {});
  return r;
}

describe('fault: a connection storm', { timeout: 120000 }, () => {
  it('accepts 10,000 connections opened at once and answers every bind', async (t) => {
    const limit = fdLimit();
    const n = Math.min(10000, limit - 200);
    if (n < 10000) t.diagnostic(`scaled down to ${n} connections: ulimit -n is ${limit}`);
    const accounts = Array.from({ length: 10 }, (_, i) => ({ system_id: `storm${i}`, password: 'st0rm', max_binds: 1000 }));
    const d = await startDaemon(t, { config: { accounts, smppOptions: { bind_timeout: '60s' }, logLevel: 'info' } });
    const cpu0 = cpuSeconds(d.pid);
    const t0 = Date.now();
    const bindOf = (i) => pdu(CMD.bind_transmitter, 1, bindBody({ system_id: `storm${i % 10}`, password: 'st0rm' }));
    const st = await storm(d.ports.smpp, n, 90000, bindOf);
    t.after(() => st.sockets.forEach((s) => s.destroy()));
    const ms = Date.now() - t0;
    assert.equal(d.running, true, 'the daemon stays up');
    assert.equal(st.bound, n, `every bind answered ESME_ROK (bound ${st.bound}, refused ${st.refused}, failed ${st.failed})`);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${d.pid}/status`, 'utf8'))[1]);

    // And a fresh client after the storm, while all of it stays open.
    const c = await RawSmpp.connect(d.ports.smpp);
    t.after(() => c.destroy());
    const r = await c.enquireLink({ timeoutMs: 5000 });
    assert.ok(r.seq > 0, 'a fresh connection is answered after the storm');
    t.diagnostic(`${n} connections opened at once, all bound in ${ms} ms; daemon RSS ${rss} kB, CPU ${(cpuSeconds(d.pid) - cpu0).toFixed(2)} s`);
    st.sockets.forEach((s) => s.destroy());
    c.destroy();
    assert.equal(await d.stop('SIGTERM', 15000), 0);
  });

  it('out of descriptors: accepts what it can, logs without spinning, recovers', async (t) => {
    const d = await startDaemon(t, {
      config: { accounts: [ACC], logLevel: 'info' },
      start: { wrap: (argv) => ({ cmd: 'sh', args: ['-c', 'ulimit -n 256 && exec "$@"', 'sh', ...argv], env: {} }) },
    });
    const cpu0 = cpuSeconds(d.pid);
    const st = await storm(d.ports.smpp, 2000, 10000);
    t.after(() => st.sockets.forEach((s) => s.destroy()));
    // Hold the storm for 2 s: the daemon has no descriptor left for most of it.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const accepted = d.lines.filter((l) => / smpp\.connect /.test(l)).length;
    const refusals = d.lines.filter((l) => / listener\.accept_failed /.test(l)).length;
    const cpu = cpuSeconds(d.pid) - cpu0;
    assert.ok(accepted > 100 && accepted < 256, `accepted what the limit allows (${accepted})`);
    assert.ok(refusals > 0, 'the refusal is logged');
    assert.ok(refusals < 100, `logged a bounded number of times, not per retry (${refusals} lines)`);
    assert.ok(cpu < 1.5, `no busy loop while out of descriptors (${cpu.toFixed(2)} s CPU in ~2 s)`);

    st.sockets.forEach((s) => s.destroy());
    await pollUntil(async () => {
      const c = await RawSmpp.connect(d.ports.smpp);
      try {
        const r = await c.bind('transmitter', ACC, { timeoutMs: 1000 });
        return r.status === STATUS.ESME_ROK;
      } finally {
        c.destroy();
      }
    }, { timeoutMs: 15000, intervalMs: 200, what: 'a bind answered once descriptors are free' });
    t.diagnostic(`ulimit 256: accepted ${accepted} of 2000, ${refusals} accept_failed lines, ${cpu.toFixed(2)} s CPU during the storm`);
    assert.equal(d.running, true);
    assert.equal(await d.stop('SIGTERM', 15000), 0);
  });
});
