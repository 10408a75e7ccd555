'use strict';
// db.js - reads the daemon's SQLite file with the sqlite3 command-line tool
// (Debian's sqlite3 package, installed by scripts/install-deps.sh
// --with-tests); node 18 has no SQLite of its own.
//
// snapshot() copies the database and its WAL aside first, so looking at the
// data never checkpoints or otherwise changes the file the daemon restarts
// on: after a kill -9 the daemon must recover its own WAL.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/* Runs sql on file and returns the output rows, each an array of column strings. */
function query(file, sql) {
  const out = execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '\t', file, sql], {
    encoding: 'utf8',
    timeout: 20000,
    maxBuffer: 64 << 20,
  });
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

/*
 * Copies dbPath and its -wal (if any) into destDir under a new name and
 * returns the copy's path. Call only while the daemon is not running.
 */
function snapshot(dbPath, destDir, name = 'snapshot') {
  fs.mkdirSync(destDir, { recursive: true });
  const dest = path.join(destDir, `${name}.db`);
  for (const suffix of ['-wal', '-shm', '-journal', '']) fs.rmSync(dest + suffix, { force: true });
  fs.copyFileSync(dbPath, dest);
  if (fs.existsSync(dbPath + '-wal')) fs.copyFileSync(dbPath + '-wal', dest + '-wal');
  return dest;
}

/* A Set of the message ids (as decimal strings) in the messages table. */
function messageIds(file) {
  return new Set(query(file, 'SELECT id FROM messages;').map((r) => r[0]));
}

module.exports = { query, snapshot, messageIds };
