/* store_sqlite_schema.h - the SQLite schema's migrations (store_sqlite.c and tests). */
#ifndef SMSB_STORE_SQLITE_SCHEMA_H
#define SMSB_STORE_SQLITE_SCHEMA_H

#include <sqlite3.h>
#include <stddef.h>

/* "SMSB" in PRAGMA application_id marks a database as ours. */
#define STORE_SQLITE_APP_ID 0x534d5342
#define STORE_SQLITE_APP_ID_PRAGMA "PRAGMA application_id=1397576514"

/* The schema version this binary writes. */
int store_sqlite_schema_latest(void);

/*
 * Applies migrations from the file's user_version up to target, one
 * transaction each. Returns SQLITE_OK or the SQLite error, with a sentence
 * in errbuf.
 */
int store_sqlite_migrate_to(sqlite3 *db, int target, char *errbuf, size_t errlen);

#endif
