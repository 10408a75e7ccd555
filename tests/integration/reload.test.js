'use strict';
// reload.test.js - SIGHUP: a valid new configuration applies without
// dropping bound sessions; an invalid one is rejected with its file:line
// errors logged and the running configuration kept.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDaemon } = require('./lib/daemon');
const { buildConfig } = require('./lib/config');
const client = require('./lib/smppclient');
const { smpp } = client;

const ALICE = { system_id: 'alice', password: 'alice123' };
const BOB = { system_id: 'bob', password: 'bob12345' };
const CAROL = { system_id: 'carol', password: 'carol123' };

async function bindStatus(port, account) {
  const { session, resp } = await client.connectAndBind(port, 'transceiver', account);
  session.destroy();
  return resp.command_status;
}

describe('reload on SIGHUP', { timeout: 60000 }, () => {
  after(() => client.closeAll());

  it('applies a valid config, keeps bound sessions; rejects an invalid one and keeps the old', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [ALICE] } });
    const port = d.ports.smpp;

    const { session: alice, resp } = await client.connectAndBind(port, 'transceiver', ALICE);
    assert.equal(resp.command_status, smpp.ESME_ROK);
    assert.equal(await bindStatus(port, BOB), smpp.ESME_RINVSYSID, 'bob is not configured yet');

    // 1. A valid config with a new account.
    d.writeConfig({ ...d.spec, accounts: [ALICE, BOB] });
    let mark = d.mark();
    d.signal('SIGHUP');
    await d.waitForLine(/ info reload\.done\b/, 5000, { since: mark });
    assert.equal(d.findLine(/ error reload\.rejected/, mark), null, d.tail());
    assert.equal(await bindStatus(port, BOB), smpp.ESME_ROK, 'the new account binds after reload');
    assert.equal(alice.closed, false, 'the session bound before the reload is still open');
    const el = await client.call(alice, 'enquire_link');
    assert.equal(el.command_status, smpp.ESME_ROK, 'and still answered');
    assert.equal(d.pid > 0 && d.running, true, 'same process');

    // 2. An invalid config: one bad option on a known line, plus a new
    // account that must not appear since the file is rejected whole.
    const good = buildConfig({ ...d.spec, accounts: [ALICE, BOB, CAROL] });
    const badLine = good.split('\n').length; // the line appended below
    d.writeConfigText(good + 'logging_typo: { level = "info"; };\n');
    mark = d.mark();
    d.signal('SIGHUP');
    const rej = await d.waitForLine(/ error reload\.rejected (.*)$/, 5000, { since: mark });
    assert.ok(rej[1].startsWith(`${d.configPath}:${badLine}: `), `file:line of the mistake in: ${rej[0]}`);
    assert.match(rej[1], /logging_typo/);
    assert.equal(d.findLine(/ info reload\.done\b/, mark), null, d.tail());

    assert.equal(await bindStatus(port, CAROL), smpp.ESME_RINVSYSID, 'nothing of the rejected file applied');
    assert.equal(await bindStatus(port, BOB), smpp.ESME_ROK, 'the previous config is still in force');
    assert.equal(await bindStatus(port, ALICE), smpp.ESME_ROK);
    assert.equal((await client.call(alice, 'enquire_link')).command_status, smpp.ESME_ROK);

    // The daemon is still healthy and stops cleanly.
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });
});
