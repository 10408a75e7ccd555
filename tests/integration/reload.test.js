'use strict';
// reload.test.js - SIGHUP: a valid new configuration applies without
// dropping bound sessions; an invalid one is rejected with its file:line
// errors logged and the running configuration kept.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startDaemon } = require('./lib/daemon');
const db = require('./lib/db');
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
  it('moves the SMPP listener without dropping sessions; storage.path waits for a restart', async (t) => {
    const d = await startDaemon(t, { config: { accounts: [ALICE] } });
    const oldPort = d.ports.smpp;
    const { session: alice, resp } = await client.connectAndBind(oldPort, 'transceiver', ALICE);
    assert.equal(resp.command_status, smpp.ESME_ROK);

    // 127.0.0.2 is loopback too (all of 127/8 is), and a different endpoint.
    d.writeConfig({ ...d.spec, smpp: { listen: ['127.0.0.2:0'] }, storagePath: path.join(d.dir, 'other.db') });
    const mark = d.mark();
    d.signal('SIGHUP');
    await d.waitForLine(/ info reload\.done\b/, 5000, { since: mark });
    const moved = await d.waitForLine(/ info listening proto=smpp addr=127\.0\.0\.2:0 port=(\d+)/, 1000, { since: mark });
    const newPort = Number(moved[1]);
    assert.ok(d.findLine(/ warn reload\.needs_restart option=storage\.path\b/, mark), d.tail());

    const { session: again, resp: r2 } = await client.connectAndBind(newPort, 'transceiver', ALICE, { host: '127.0.0.2' });
    assert.equal(r2.command_status, smpp.ESME_ROK, 'binds on the new endpoint');
    again.destroy();
    await assert.rejects(client.connect(oldPort), /ECONNREFUSED/, 'the old endpoint is closed');

    // The session bound before the move still works, and still writes to the old database.
    assert.equal((await client.call(alice, 'enquire_link')).command_status, smpp.ESME_ROK);
    const sub = await client.call(alice, 'submit_sm', { destination_addr: '4917000001', short_message: 'after move' });
    assert.equal(sub.command_status, smpp.ESME_ROK);
    assert.deepEqual(db.query(d.dbPath, `SELECT CAST(payload AS TEXT) FROM messages WHERE id = ${Number(sub.message_id)};`),
      [['after move']]);
    assert.equal(await d.stop('SIGTERM', 5000), 0, d.tail());
  });
});
