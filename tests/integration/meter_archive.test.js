'use strict';
// meter_archive.test.js - a report's reading fetches the meter's archive
// records, against the real daemon and the TEM-106 simulator on TCP (its
// image holds one hourly record, the newest, with error bits; the older
// slots and the daily and reporting-date rings are erased): the record is
// stored once however many runs see it, its values (error bits by name
// included) fill the hour_ placeholders, kinds without records print "-",
// and archive_records = 0 reads no archive.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Daemon } = require('./lib/daemon');
const client = require('./lib/smppclient');
const db = require('./lib/db');
const meter = require('./lib/meter');
const { pollUntil } = require('./lib/wait');

const RX = { system_id: 'rx', password: 'secret1' };
const TO = '+4917612345678';
const TEMPLATE = 'H {hour_period} Q={hour_energy_total:.4} t1={hour_t[1]:.2} e1={hour_errors[1]}'
  + ' e2={hour_errors[2]} e3={hour_errors[3]} bits={hour_error_bits[1]} D={day_period} M={month_energy_total}';
const EXPECTED = 'H 2015-03-20 07:00:00 Q=2221.0025 t1=70.25 e1=G1 below min, power off'
  + ' e2=dt below min e3=none bits=129 D=- M=-';

describe('archive records in meter reports', { timeout: 90000 }, () => {
  let sim, d;
  before(async () => {
    sim = await meter.startSim(['--tcp']);
    d = new Daemon({
      config: {
        accounts: [RX],
        connectors: [{ name: 'apps', type: 'local', account: 'rx' }],
        routes: [{ name: 'all', connectors: ['apps'] }],
        extra: [
          'meters = (',
          `  { name = "heat1"; port = "tcp://127.0.0.1:${sim.port}"; address = 1; timeout = "300ms"; retries = 0; },`,
          `  { name = "noarch"; port = "tcp://127.0.0.1:${sim.port}"; address = 1; archive_records = 0; }`,
          ');',
          'reports = (',
          `  { name = "arch"; meters = ["heat1"]; interval = "1s"; recipients = ["${TO}"]; template = "${TEMPLATE}"; },`,
          `  { name = "plain"; meters = ["noarch"]; interval = "1s"; recipients = ["${TO}"]; template = "N {hour_period}"; }`,
          ');',
        ].join('\n'),
      },
    });
    await d.start();
  });
  after(async () => {
    client.closeAll();
    if (d) await d.cleanup();
    await meter.stopAll();
  });

  it('stores each record once and renders the newest with its error bits by name', async () => {
    const { session } = await client.connectAndBind(d.ports.smpp, 'receiver', RX);
    const got = [];
    session.on('deliver_sm', (pdu) => got.push(client.textOf(pdu)));
    // Two runs of the report: the second sees the same record, already stored.
    await pollUntil(() => got.filter((t) => t === EXPECTED).length >= 2,
      { timeoutMs: 20000, what: 'two reports with the record\'s values' });
    assert.ok(got.includes('N -'), 'a meter with archive_records = 0 reads no record');

    const rows = db.query(d.dbPath, "SELECT meter, kind, meter_time, json_extract(vals, '$.errors[0]'),"
      + " json_extract(vals, '$.error_bits[1]'), json_extract(vals, '$.energy_total'), length(raw)"
      + ' FROM meter_readings WHERE kind <> 0;');
    assert.deepEqual(rows, [['heat1', '1', '2015-03-20 07:00:00', 'G1 below min, power off', '16', '2221.0025', '384']]);
    assert.ok(d.findLine(/ info meter\.archive meter=heat1 hourly=1 daily=0 monthly=0$/), 'the first fetch stores it');
    assert.ok(d.findLine(/ info meter\.archive meter=heat1 hourly=0 daily=0 monthly=0$/), 'a later one finds it stored');
    assert.ok(!d.findLine(/meter\.archive meter=noarch/));
    assert.ok(!d.findLine(/meter\.archive_stopped/), 'erased slots end a ring quietly');
  });
});
