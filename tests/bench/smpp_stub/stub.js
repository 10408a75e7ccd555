'use strict';
// stub.js - an in-memory SMSC made with the npm `smpp` package, the
// independent SMPP server the benchmarks compare smsbroker against
// (issue 11). It accepts any bind, answers submit_sm at once with a
// counter as message_id, and stores nothing: an upper bound for what a
// node SMSC can acknowledge, not a durable one.
//
// usage: node stub.js [port]   (default 0: any free port)
// Prints "listening port=N" on stdout once ready; SIGTERM stops it.
// Uses the smpp package installed for the integration tests
// (tests/integration/node_modules; run `npm ci` there first).

const path = require('node:path');
const smpp = require(path.join(__dirname, '..', '..', 'integration', 'node_modules', 'smpp'));

let nextId = 1;
let submits = 0;

const server = smpp.createServer((session) => {
  const bind = (pdu) => session.send(pdu.response({ system_id: 'stub' }));
  session.on('bind_transmitter', bind);
  session.on('bind_receiver', bind);
  session.on('bind_transceiver', bind);
  session.on('submit_sm', (pdu) => {
    submits++;
    session.send(pdu.response({ message_id: String(nextId++) }));
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => {
    session.send(pdu.response());
    session.close();
  });
  session.on('error', () => {}); // a peer vanishing must not stop the stub
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  process.stdout.write(`listening port=${server.address().port}\n`);
});

process.on('SIGTERM', () => {
  process.stderr.write(`stub: ${submits} submit_sm answered\n`);
  process.exit(0);
});
