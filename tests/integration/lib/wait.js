'use strict';
// wait.js - bounded waiting without fixed sleeps: poll a condition until it
// holds or a deadline passes, and give a promise a deadline.

const { setTimeout: delay } = require('node:timers/promises');

/*
 * Calls check() (sync or async) every intervalMs until it returns a truthy
 * value, which is returned. Throws after timeoutMs with `what` in the message;
 * an exception from check() counts as "not yet" and the last one is reported.
 */
async function pollUntil(check, { timeoutMs = 5000, intervalMs = 20, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
        (last ? ` (last error: ${last.message})` : ''));
    }
    await delay(intervalMs);
  }
}

/* Resolves or rejects like p, or rejects after timeoutMs with `what` in the message. */
function withTimeout(p, timeoutMs, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

module.exports = { pollUntil, withTimeout };
