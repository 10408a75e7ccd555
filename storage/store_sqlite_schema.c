/*
 * store_sqlite_schema.c - the SQLite schema, as a list of migrations.
 *
 * PRAGMA user_version is the number of migrations applied; application_id
 * marks the file as ours. Migrations only append: never edit one that has
 * shipped, add the next. Tests migrate from an empty file and from every
 * earlier version (store_sqlite_migrate_to).
 */
#include "store_sqlite_schema.h"

#include <stdio.h>

/* The columns of messages up to schema 10, in table order (migration 11 copies them). */
#define SQ_MIGRATE_MSG_COLUMNS                                                           \
	"id, direction, state, account, src_addr, src_ton, src_npi, dst_addr, dst_ton,"  \
	" dst_npi, service_type, esm_class, protocol_id, priority, data_coding,"         \
	" registered_delivery, concat_ref, part_total, part_seq, schedule_at, expire_at," \
	" next_at, attempts, error_code, receipt_of, connector, remote_id, created_at,"  \
	" updated_at, done_at, payload, tlvs, group_id"

static const char *const migrations[] = {
	/* 1: messages and their state history. */
	"CREATE TABLE messages ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" direction INTEGER NOT NULL,"
	" state INTEGER NOT NULL,"
	" account TEXT NOT NULL DEFAULT '',"
	" src_addr TEXT NOT NULL DEFAULT '', src_ton INTEGER NOT NULL DEFAULT 0,"
	" src_npi INTEGER NOT NULL DEFAULT 0,"
	" dst_addr TEXT NOT NULL DEFAULT '', dst_ton INTEGER NOT NULL DEFAULT 0,"
	" dst_npi INTEGER NOT NULL DEFAULT 0,"
	" service_type TEXT NOT NULL DEFAULT '',"
	" esm_class INTEGER NOT NULL DEFAULT 0, protocol_id INTEGER NOT NULL DEFAULT 0,"
	" priority INTEGER NOT NULL DEFAULT 0, data_coding INTEGER NOT NULL DEFAULT 0,"
	" registered_delivery INTEGER NOT NULL DEFAULT 0,"
	" concat_ref INTEGER NOT NULL DEFAULT 0, part_total INTEGER NOT NULL DEFAULT 0,"
	" part_seq INTEGER NOT NULL DEFAULT 0,"
	" schedule_at INTEGER NOT NULL DEFAULT 0, expire_at INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
	" error_code INTEGER NOT NULL DEFAULT 0,"
	" receipt_of INTEGER NOT NULL DEFAULT 0,"
	" connector TEXT NOT NULL DEFAULT '', remote_id TEXT NOT NULL DEFAULT '',"
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
	" done_at INTEGER NOT NULL DEFAULT 0,"
	" payload BLOB NOT NULL, tlvs BLOB);"
	/* The dispatcher asks for due rows of one state in priority and time order. */
	"CREATE INDEX messages_due ON messages(state, priority DESC, next_at);"
	"CREATE TABLE message_events ("
	" id INTEGER PRIMARY KEY,"
	" message_id INTEGER NOT NULL,"
	" at INTEGER NOT NULL,"
	" state INTEGER NOT NULL,"
	" error_code INTEGER NOT NULL DEFAULT 0,"
	" detail TEXT);"
	"CREATE INDEX message_events_message ON message_events(message_id);",

	/* 2: per-target deliveries (forwarding, email, HTTP), and lookups of the
	 * ids other hops gave our messages (for their receipts). */
	"CREATE TABLE outbox ("
	" id INTEGER PRIMARY KEY,"
	" message_id INTEGER NOT NULL,"
	" target_kind TEXT NOT NULL,"
	" target_name TEXT NOT NULL,"
	" state INTEGER NOT NULL,"
	" attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL DEFAULT 0,"
	" expire_at INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT,"
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
	" UNIQUE (message_id, target_kind, target_name));"
	"CREATE INDEX outbox_due ON outbox(state, next_at);"
	"CREATE INDEX messages_remote_id ON messages(connector, remote_id)"
	" WHERE remote_id <> '';",

	/* 3: receipts and MO messages waiting for an account's receiver, found
	 * when one binds (STORE_OP_MSG_WAKE_ACCOUNT). */
	"CREATE INDEX messages_account_waiting ON messages(account, state)"
	" WHERE direction <> 0;",

	/* 4: emails turned into SMS (or refused), so a crash between the SMS
	 * commit and the POP3 DELE never sends twice (store_sqlite_mail.c). */
	"CREATE TABLE mail_seen ("
	" id INTEGER PRIMARY KEY,"
	" inbox TEXT NOT NULL,"
	" uidl TEXT NOT NULL DEFAULT '',"
	" message_id TEXT NOT NULL DEFAULT '',"
	" recipient INTEGER NOT NULL,"
	" total INTEGER NOT NULL DEFAULT 0,"
	" outcome INTEGER NOT NULL,"
	" message INTEGER NOT NULL DEFAULT 0,"
	" at INTEGER NOT NULL);"
	"CREATE INDEX mail_seen_uidl ON mail_seen(inbox, uidl) WHERE uidl <> '';"
	"CREATE INDEX mail_seen_message_id ON mail_seen(inbox, message_id) WHERE message_id <> '';",

	/* 5: TEM-106 meter readings (current values and archive records), and
	 * when each report last ran (its missed-run policy at start-up). */
	"CREATE TABLE meter_readings ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" meter TEXT NOT NULL,"
	" serial INTEGER NOT NULL,"
	" kind INTEGER NOT NULL,"
	" meter_time TEXT NOT NULL,"
	" broker_time INTEGER NOT NULL,"
	" vals TEXT NOT NULL,"
	" raw BLOB);"
	"CREATE INDEX meter_readings_meter ON meter_readings(meter, kind, broker_time);"
	"CREATE UNIQUE INDEX meter_readings_record ON meter_readings(meter, kind, meter_time)"
	" WHERE kind <> 0;"
	"CREATE TABLE schedule_runs ("
	" report TEXT PRIMARY KEY,"
	" last_run INTEGER NOT NULL);",

	/* 6: the HTTP API: a message's receipts (store_sqlite_api.c), and the
	 * URL its receipts are to be posted to. */
	"CREATE INDEX messages_receipt_of ON messages(receipt_of) WHERE receipt_of <> 0;"
	"CREATE TABLE message_callbacks ("
	" message_id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL,"
	" created_at INTEGER NOT NULL);",

	/* 7: the parts of a message the broker split itself, so they share one
	 * receipt (STORE_OP_MSG_UPDATE looks at the siblings). */
	"ALTER TABLE messages ADD COLUMN group_id INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX messages_group ON messages(group_id) WHERE group_id <> 0;",

	/* 8: forwarding (issue 7, store_sqlite_outbox.c): the rule's "don't save"
	 * flag on its outbox rows, claims per target, a long message's parts by
	 * sender and reference, and a receipt callback row for every receipt of
	 * a message that has a callback URL, in the transaction that makes the
	 * receipt (the trigger). */
	"ALTER TABLE outbox ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX outbox_target ON outbox(target_kind, target_name, state, next_at);"
	"CREATE INDEX messages_concat ON messages(src_addr, concat_ref, created_at)"
	" WHERE part_total > 1;"
	"CREATE TRIGGER outbox_receipt_callback AFTER INSERT ON messages"
	" WHEN NEW.direction = 2 AND NEW.receipt_of <> 0 BEGIN"
	" INSERT OR IGNORE INTO outbox (message_id, target_kind, target_name, state, next_at,"
	" expire_at, created_at, updated_at)"
	" SELECT NEW.id, 'callback', 'receipts', 0, NEW.created_at, 0, NEW.created_at,"
	" NEW.created_at FROM message_callbacks WHERE message_id = NEW.receipt_of; END;",

	/* 9: reports (receipts, status reports) that matched no message, kept for
	 * inspection with the id exactly as the next hop gave it. */
	"CREATE TABLE unmatched_reports ("
	" id INTEGER PRIMARY KEY,"
	" connector TEXT NOT NULL,"
	" remote_id TEXT NOT NULL,"
	" also_tried TEXT,"
	" state INTEGER NOT NULL,"
	" error_code INTEGER NOT NULL DEFAULT 0,"
	" at INTEGER NOT NULL);",

	/* 10: the receipt-callback outbox row is written by the store's insert
	 * (store_sqlite_msg.c) instead of a trigger: an AFTER INSERT trigger,
	 * even one whose WHEN is false, runs a sub-program and a statement
	 * journal for every row inserted, a third of the cost of a submit_sm
	 * (docs/benchmarks.md, store profile). */
	"DROP TRIGGER IF EXISTS outbox_receipt_callback;",

	/* 11: messages without AUTOINCREMENT, whose sqlite_sequence row was a
	 * B-tree read and write on every insert. Ids must still never be reused:
	 * the store assigns them itself from the highest id ever used
	 * (store_sqlite.c: max of the rows and store_meta's messages_id_hwm),
	 * and deleting a row raises that mark (the trigger), so deleting the
	 * newest message and restarting cannot hand its id out again. The table
	 * is rebuilt (SQLite cannot drop AUTOINCREMENT in place): same columns,
	 * indexes as before. */
	"CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT INTO store_meta (key, value) SELECT 'messages_id_hwm',"
	" max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0),"
	" coalesce((SELECT max(id) FROM messages), 0));"
	"CREATE TABLE messages_new ("
	" id INTEGER PRIMARY KEY,"
	" direction INTEGER NOT NULL,"
	" state INTEGER NOT NULL,"
	" account TEXT NOT NULL DEFAULT '',"
	" src_addr TEXT NOT NULL DEFAULT '', src_ton INTEGER NOT NULL DEFAULT 0,"
	" src_npi INTEGER NOT NULL DEFAULT 0,"
	" dst_addr TEXT NOT NULL DEFAULT '', dst_ton INTEGER NOT NULL DEFAULT 0,"
	" dst_npi INTEGER NOT NULL DEFAULT 0,"
	" service_type TEXT NOT NULL DEFAULT '',"
	" esm_class INTEGER NOT NULL DEFAULT 0, protocol_id INTEGER NOT NULL DEFAULT 0,"
	" priority INTEGER NOT NULL DEFAULT 0, data_coding INTEGER NOT NULL DEFAULT 0,"
	" registered_delivery INTEGER NOT NULL DEFAULT 0,"
	" concat_ref INTEGER NOT NULL DEFAULT 0, part_total INTEGER NOT NULL DEFAULT 0,"
	" part_seq INTEGER NOT NULL DEFAULT 0,"
	" schedule_at INTEGER NOT NULL DEFAULT 0, expire_at INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,"
	" error_code INTEGER NOT NULL DEFAULT 0,"
	" receipt_of INTEGER NOT NULL DEFAULT 0,"
	" connector TEXT NOT NULL DEFAULT '', remote_id TEXT NOT NULL DEFAULT '',"
	" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
	" done_at INTEGER NOT NULL DEFAULT 0,"
	" payload BLOB NOT NULL, tlvs BLOB,"
	" group_id INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO messages_new SELECT " SQ_MIGRATE_MSG_COLUMNS " FROM messages;"
	"DROP TABLE messages;"
	"ALTER TABLE messages_new RENAME TO messages;"
	"DELETE FROM sqlite_sequence WHERE name = 'messages';"
	"CREATE INDEX messages_due ON messages(state, priority DESC, next_at);"
	"CREATE INDEX messages_remote_id ON messages(connector, remote_id) WHERE remote_id <> '';"
	"CREATE INDEX messages_account_waiting ON messages(account, state) WHERE direction <> 0;"
	"CREATE INDEX messages_receipt_of ON messages(receipt_of) WHERE receipt_of <> 0;"
	"CREATE INDEX messages_group ON messages(group_id) WHERE group_id <> 0;"
	"CREATE INDEX messages_concat ON messages(src_addr, concat_ref, created_at)"
	" WHERE part_total > 1;"
	"CREATE TRIGGER messages_id_hwm AFTER DELETE ON messages BEGIN"
	" UPDATE store_meta SET value = OLD.id WHERE key = 'messages_id_hwm' AND value < OLD.id; END;",

	/* 12: a meter report's outcome for one meter, as its forwarding targets
	 * get it (issue 9): the rendered text and the JSON body. Its outbox rows
	 * have target_kind 'report' and message_id = this row's id. */
	"CREATE TABLE meter_reports ("
	" id INTEGER PRIMARY KEY,"
	" report TEXT NOT NULL,"
	" meter TEXT NOT NULL,"
	" at INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" body TEXT NOT NULL);",
};

int store_sqlite_schema_latest(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

int store_sqlite_migrate_to(sqlite3 *db, int target, char *errbuf, size_t errlen)
{
	int version = 0;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		goto sql_error;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);

	for (int v = version; v < target; v++) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
		/* Each step is its own transaction: a crash leaves a whole version. */
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, STORE_SQLITE_APP_ID_PRAGMA, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(errbuf, errlen, "migration to schema version %d failed: %s",
				 v + 1, sqlite3_errmsg(db));
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return sqlite3_errcode(db);
		}
	}
	return SQLITE_OK;

sql_error:
	snprintf(errbuf, errlen, "cannot read the schema version: %s", sqlite3_errmsg(db));
	return sqlite3_errcode(db);
}
