/*
 * store_sqlite.c - the SQLite backend: the embedded default.
 *
 * WAL mode with synchronous=FULL: a transaction is on disk when COMMIT
 * returns, and a crash at any moment loses nothing committed. The worker in
 * store.c runs one transaction per batch, so the fsync cost is shared by
 * every op in it. Statements are prepared once at open. This file is the
 * only one that speaks SQL to the messages tables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store_backend.h"
#include "store_sqlite_internal.h"
#include "store_sqlite_schema.h"

const char *const sq_stmt_sql[SQ__COUNT] = {
	[SQ_BEGIN] = "BEGIN IMMEDIATE",
	[SQ_COMMIT] = "COMMIT",
	[SQ_ROLLBACK] = "ROLLBACK",
	[SQ_INSERT] = "INSERT INTO messages (id, direction, state, account,"
		" src_addr, src_ton, src_npi, dst_addr, dst_ton, dst_npi, service_type,"
		" esm_class, protocol_id, priority, data_coding, registered_delivery,"
		" concat_ref, part_total, part_seq, schedule_at, expire_at, next_at,"
		" attempts, error_code, receipt_of, connector, remote_id,"
		" created_at, updated_at, done_at, payload, tlvs, group_id)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[SQ_GET] = "SELECT " SQ_MSG_COLUMNS " FROM messages WHERE id = ?1 AND (?2 = '' OR account = ?2)",
	[SQ_SET_STATE] = "UPDATE messages SET state = ?2, error_code = ?3, updated_at = ?4,"
		" done_at = CASE WHEN ?5 THEN ?4 ELSE done_at END WHERE id = ?1",
	[SQ_EVENT] = "INSERT INTO message_events (message_id, at, state, error_code)"
		" VALUES (?,?,?,?)",
	[SQ_COUNT_STATE] = "SELECT count(*) FROM messages WHERE state = ?",
	[SQ_COUNT_ALL] = "SELECT count(*) FROM messages",
	[SQ_FIND_REMOTE] = "SELECT " SQ_MSG_COLUMNS " FROM messages"
		" WHERE connector = ?1 AND remote_id = ?2 AND remote_id <> '' ORDER BY id DESC LIMIT 1",
	[SQ_UPDATE] = "UPDATE messages SET state = ?2, next_at = ?3, attempts = ?4,"
		" error_code = ?5, connector = ?6, remote_id = ?7, updated_at = ?8,"
		" done_at = CASE WHEN ?9 THEN ?8 ELSE done_at END WHERE id = ?1",
	/* One state and priority at a time: an index range scan on messages_due. */
	[SQ_CLAIM] = "SELECT " SQ_MSG_COLUMNS " FROM messages"
		" WHERE state = ?1 AND priority = ?2 AND next_at <= ?3 ORDER BY next_at LIMIT ?4",
	[SQ_MARK_DISPATCHING] = "UPDATE messages SET state = 3, updated_at = ?2 WHERE id = ?1",
	[SQ_WAKE_ACCOUNT] = "UPDATE messages SET next_at = ?2 WHERE account = ?1"
		" AND direction <> 0 AND state = 2 AND next_at > ?2",
	[SQ_WAKE_CONNECTOR] = "UPDATE messages SET next_at = ?2 WHERE state = 2"
		" AND connector = ?1 AND next_at > ?2",
	[SQ_CANCEL_ID] = "UPDATE messages SET state = 9, updated_at = ?3, done_at = ?3"
		" WHERE id = ?1 AND account = ?2 AND direction = 0 AND state IN (0, 1, 2)"
		" AND (?4 = '' OR src_addr = ?4) RETURNING id",
	[SQ_CANCEL_MATCH] = "UPDATE messages SET state = 9, updated_at = ?3, done_at = ?3"
		" WHERE account = ?1 AND dst_addr = ?2 AND direction = 0 AND state IN (0, 1, 2)"
		" AND (?4 = '' OR src_addr = ?4) AND (?5 = '' OR service_type = ?5) RETURNING id",
	[SQ_REPLACE] = "UPDATE messages SET payload = ?3,"
		" schedule_at = CASE WHEN ?4 >= 0 THEN ?4 ELSE schedule_at END,"
		" expire_at = CASE WHEN ?5 >= 0 THEN ?5 ELSE expire_at END,"
		" next_at = CASE WHEN ?4 > 0 THEN ?4 WHEN ?4 = 0 THEN ?7 ELSE next_at END,"
		" state = CASE WHEN ?4 > ?7 THEN 1 WHEN ?4 >= 0 THEN 2 ELSE state END,"
		" registered_delivery = ?6, updated_at = ?7"
		" WHERE id = ?1 AND account = ?2 AND direction = 0 AND state IN (0, 1, 2)"
		" AND (?8 = '' OR src_addr = ?8)",
	/* Email-to-SMS records (store_sqlite_mail.c). */
	[SQ_MAIL_FIND] = "SELECT 1 FROM mail_seen WHERE inbox = ?1 AND recipient = ?4"
		" AND ((?2 <> '' AND uidl = ?2) OR (?3 <> '' AND message_id = ?3)) LIMIT 1",
	[SQ_MAIL_INSERT] = "INSERT INTO mail_seen (inbox, uidl, message_id, recipient, total,"
		" outcome, message, at) VALUES (?,?,?,?,?,?,?,?)",
	[SQ_MAIL_LOOKUP_UIDL] = "SELECT recipient, total, outcome FROM mail_seen"
		" WHERE inbox = ?1 AND uidl = ?2",
	[SQ_MAIL_LOOKUP_MID] = "SELECT recipient, total, outcome FROM mail_seen"
		" WHERE inbox = ?1 AND message_id = ?2",
	/* Meter readings (store_sqlite_meter.c). Archive records come again on
	 * every read: the unique index keeps the first. */
	[SQ_METER_INSERT] = "INSERT OR IGNORE INTO meter_readings (meter, serial, kind, meter_time,"
		" broker_time, vals, raw) VALUES (?,?,?,?,?,?,?)",
	[SQ_SCHEDULE_GET] = "SELECT last_run FROM schedule_runs WHERE report = ?",
	[SQ_SCHEDULE_SET] = "INSERT INTO schedule_runs (report, last_run) VALUES (?1, ?2)"
		" ON CONFLICT (report) DO UPDATE SET last_run = ?2",
	/* The HTTP API's views (store_sqlite_api.c): newest first, by the primary key. */
	[SQ_API_LIST] = "SELECT " SQ_MSG_COLUMNS " FROM messages"
		" WHERE (?1 = 0 OR id < ?1) AND (?2 < 0 OR direction = ?2) AND (?3 < 0 OR state = ?3)"
		" AND (?4 = '' OR src_addr = ?4 OR dst_addr = ?4) AND (?5 = 0 OR created_at >= ?5)"
		" AND (?6 = 0 OR created_at < ?6) AND part_seq <= 1 ORDER BY id DESC",
	[SQ_API_PARTS] = "SELECT " SQ_MSG_COLUMNS " FROM messages"
		" WHERE id > ?1 AND id <= ?1 + 255 AND concat_ref = ?2 AND part_total = ?3"
		" AND direction = ?4 AND src_addr = ?5 AND dst_addr = ?6 AND part_seq > 1"
		" ORDER BY part_seq, id LIMIT ?3",
	[SQ_API_EVENTS] = "SELECT at, state, error_code FROM message_events WHERE message_id = ?"
		" ORDER BY id",
	[SQ_API_RECEIPTS] = "SELECT " SQ_MSG_COLUMNS " FROM messages WHERE receipt_of = ? ORDER BY id",
	[SQ_API_DELETE_ROW] = "DELETE FROM messages WHERE id = ?",
	[SQ_API_DELETE_EVENTS] = "DELETE FROM message_events WHERE message_id = ?",
	[SQ_API_DELETE_RECEIPTS] = "DELETE FROM messages WHERE receipt_of = ?1 AND receipt_of <> 0"
		" RETURNING id",
	[SQ_API_TOTALS] = "SELECT direction, state, count(*) FROM messages WHERE part_seq <= 1"
		" GROUP BY direction, state",
	[SQ_API_CALLBACK_SET] = "INSERT INTO message_callbacks (message_id, url, created_at)"
		" VALUES (?1, ?2, ?3) ON CONFLICT (message_id) DO UPDATE SET url = ?2",
	[SQ_API_CALLBACK_GET] = "SELECT url FROM message_callbacks WHERE message_id = ?",
	[SQ_API_CALLBACK_DELETE] = "DELETE FROM message_callbacks WHERE message_id = ?",
	/* The first part of a split message names its group after itself. */
	[SQ_GROUP_SET] = "UPDATE messages SET group_id = ?1 WHERE id = ?1",
	/* The other parts: how many are not delivered, and how many failed. */
	[SQ_GROUP_OTHERS] = "SELECT coalesce(sum(state <> 5), 0), coalesce(sum(state IN (6, 7, 8, 9)), 0)"
		" FROM messages WHERE group_id = ?1 AND id <> ?2",
	/* The forwarding outbox (store_sqlite_outbox.c). */
	[SQ_OUTBOX_INSERT] = "INSERT OR IGNORE INTO outbox (message_id, target_kind, target_name,"
		" state, attempts, next_at, expire_at, created_at, updated_at, flags)"
		" VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, ?4, ?4, ?6)",
	[SQ_OUTBOX_DUE] = "SELECT " SQ_OUTBOX_COLUMNS " FROM outbox WHERE target_kind = ?1"
		" AND (?2 = '' OR target_name = ?2) AND state = 0 AND next_at <= ?3"
		" ORDER BY next_at, id LIMIT ?4",
	/* A long message's parts (the partial index messages_concat). */
	[SQ_OUTBOX_SIBLINGS] = "SELECT id FROM messages WHERE src_addr = ?1 AND concat_ref = ?2"
		" AND part_total = ?3 AND created_at BETWEEN ?4 AND ?5 AND part_total > 1"
		" AND direction = ?6 AND dst_addr = ?7 ORDER BY id LIMIT 256",
	[SQ_OUTBOX_ROW_OF] = "SELECT id, state FROM outbox WHERE message_id = ?1"
		" AND target_kind = ?2 AND target_name = ?3",
	[SQ_OUTBOX_LEASE] = "UPDATE outbox SET next_at = ?2 WHERE id = ?1",
	/* Finished rows keep next_at = when they finished: the index outbox_target covers it. */
	[SQ_OUTBOX_RECENT] = "SELECT count(*) FROM outbox WHERE target_kind = ?1 AND target_name = ?2"
		" AND state = 1 AND next_at >= ?3",
	[SQ_OUTBOX_SET] = "UPDATE outbox SET state = ?2, next_at = ?3, attempts = ?4, last_error = ?5,"
		" updated_at = ?6 WHERE id = ?1 RETURNING message_id",
	/* Report rows number meter_reports, not messages: they never hold a message back. */
	[SQ_OUTBOX_DROP_CHECK] = "SELECT coalesce(sum(state = 0), 0), coalesce(max(flags & 1), 0)"
		" FROM outbox WHERE message_id = ?1 AND target_kind <> 'report'",
	/* Not while it waits for (or is being handed to) its account's receiver. */
	[SQ_OUTBOX_DROP] = "DELETE FROM messages WHERE id = ?1 AND direction = 1"
		" AND NOT (account <> '' AND state IN (0, 1, 2, 3))",
	[SQ_OUTBOX_LIST] = "SELECT " SQ_OUTBOX_COLUMNS " FROM outbox WHERE (?1 < 0 OR state = ?1)"
		" ORDER BY id DESC LIMIT ?2",
	[SQ_UNMATCHED_INSERT] = "INSERT INTO unmatched_reports (connector, remote_id, also_tried,"
		" state, error_code, at) VALUES (?,?,?,?,?,?)",
	/* Most new rows (a plain submit_sm): the other columns keep their defaults.
	 * Fewer binds per row on the store's hottest statement (store_sqlite_msg.c). */
	[SQ_INSERT_NARROW] = "INSERT INTO messages (id, direction, state, account, src_addr, src_ton,"
		" src_npi, dst_addr, dst_ton, dst_npi, data_coding, registered_delivery, expire_at,"
		" next_at, created_at, updated_at, payload) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	/* A receipt of a message with a callback URL gets its callback outbox row in
	 * the transaction that makes the receipt (was a trigger: migration 10). */
	[SQ_RECEIPT_CALLBACK] = "INSERT OR IGNORE INTO outbox (message_id, target_kind, target_name,"
		" state, next_at, expire_at, created_at, updated_at)"
		" SELECT ?1, 'callback', 'receipts', 0, ?2, 0, ?2, ?2 FROM message_callbacks"
		" WHERE message_id = ?3",
	/* Meter reports to forwarding targets (store_sqlite_meter.c). */
	[SQ_METER_REPORT_INSERT] = "INSERT INTO meter_reports (report, meter, at, text, body)"
		" VALUES (?,?,?,?,?)",
	[SQ_METER_REPORT_GET] = "SELECT report, meter, at, text, body FROM meter_reports WHERE id = ?",
};

int sq_map_error(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return STORE_OK;
	case SQLITE_FULL: return STORE_EFULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return STORE_EBUSY;
	case SQLITE_READONLY: return STORE_EREADONLY;
	case SQLITE_NOTADB: return STORE_EFOREIGN;
	case SQLITE_NOMEM: return STORE_ENOMEM;
	}
	return STORE_EIO;
}

/* Creates the folders above path, so "data/smsbroker.db" works on a fresh clone. */
static int make_parent_dirs(const char *path)
{
	char buf[4096];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

static int pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Is this file ours, foreign, or too new? Sets *fresh for an empty file. */
static int check_identity(sqlite3 *db, const char *path, int *version, char *errbuf, size_t errlen)
{
	int app_id = 0, tables = 0;
	int rc = pragma_int(db, "PRAGMA application_id", &app_id);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB)
			snprintf(errbuf, errlen, "%s is not a SQLite database (not an smsbroker store)", path);
		else
			snprintf(errbuf, errlen, "cannot read %s: %s", path, sqlite3_errmsg(db));
		return sq_map_error(rc);
	}
	if (app_id != STORE_SQLITE_APP_ID && (app_id != 0 || tables > 0)) {
		snprintf(errbuf, errlen,
			 "%s is a SQLite database of another program (application_id %d,"
			 " %d tables); refusing to touch it", path, app_id, tables);
		return STORE_EFOREIGN;
	}
	if (*version > store_sqlite_schema_latest()) {
		snprintf(errbuf, errlen,
			 "%s has schema version %d, newer than this smsbroker knows (%d);"
			 " run the newer smsbroker or restore a backup", path, *version,
			 store_sqlite_schema_latest());
		return STORE_ENEWER;
	}
	return STORE_OK;
}

static int configure(sqlite3 *db, const struct store_options *opt, const char *path,
		     char *errbuf, size_t errlen)
{
	sqlite3_busy_timeout(db, (int)(opt->busy_timeout_ms > 0 ? opt->busy_timeout_ms : 5000));
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		const unsigned char *mode = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
		if (rc == SQLITE_ROW && mode && strcmp((const char *)mode, "wal") == 0)
			rc = SQLITE_OK;
		else if (rc == SQLITE_ROW)
			rc = SQLITE_READONLY; /* WAL refused: its -wal/-shm files cannot be made */
		sqlite3_finalize(st);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(errbuf, errlen, "cannot set %s to WAL mode: %s", path,
			 (rc & 0xff) == SQLITE_READONLY ? "the file or its folder is read-only"
							 : sqlite3_errmsg(db));
		return sq_map_error(rc);
	}
	return STORE_OK;
}

/* The first id never used: above every row and every id deleted (schema 11). */
static int read_next_id(sqlite3 *db, int64_t *next_id)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT max(coalesce((SELECT max(id) FROM messages), 0),"
				    " coalesce((SELECT value FROM store_meta"
				    " WHERE key = 'messages_id_hwm'), 0))", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*next_id = sqlite3_column_int64(st, 0) + 1;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Messages that were being dispatched when the broker stopped go back to the queue. */
static int recover_in_flight(sqlite3 *db, int64_t *requeued)
{
	int rc = sqlite3_exec(db, "UPDATE messages SET state = 2 WHERE state = 3", NULL, NULL, NULL);
	*requeued = rc == SQLITE_OK ? sqlite3_changes64(db) : 0;
	return rc;
}

static void sqlite_close(void *handle)
{
	struct sqlite_store *s = handle;
	if (!s)
		return;
	for (int i = 0; i < SQ__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s);
}

static int sqlite_open(const struct store_options *opt, void **out,
		       struct store_open_info *info, char *errbuf, size_t errlen)
{
	const char *path = opt->path;
	struct sqlite_store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(errbuf, errlen, "out of memory");
		return STORE_ENOMEM;
	}
	int err = STORE_OK, rc;
	/* Memory statistics take a global mutex on every SQLite allocation; we read none.
	 * Only possible before SQLite initialises: later calls are refused, harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (make_parent_dirs(path) != 0) {
		snprintf(errbuf, errlen, "cannot create the folder for %s: %s", path, strerror(errno));
		err = errno == EROFS || errno == EACCES ? STORE_EREADONLY : STORE_EIO;
		goto fail;
	}
	rc = sqlite3_open_v2(path, &s->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(errbuf, errlen, "cannot open %s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		err = (errno == EROFS || errno == EACCES) ? STORE_EREADONLY : sq_map_error(rc);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		snprintf(errbuf, errlen, "%s is read-only; the store needs to write", path);
		err = STORE_EREADONLY;
		goto fail;
	}
	err = check_identity(s->db, path, &info->schema_from, errbuf, errlen);
	if (err != STORE_OK)
		goto fail;
	err = configure(s->db, opt, path, errbuf, errlen);
	if (err != STORE_OK)
		goto fail;
	rc = store_sqlite_migrate_to(s->db, store_sqlite_schema_latest(), errbuf, errlen);
	if (rc != SQLITE_OK) {
		err = sq_map_error(rc);
		goto fail;
	}
	info->schema_to = store_sqlite_schema_latest();
	rc = read_next_id(s->db, &s->next_id);
	if (rc == SQLITE_OK)
		rc = recover_in_flight(s->db, &info->requeued);
	if (rc != SQLITE_OK) {
		snprintf(errbuf, errlen, "cannot write %s: %s", path, sqlite3_errmsg(s->db));
		err = sq_map_error(rc);
		goto fail;
	}
	for (int i = 0; i < SQ__COUNT; i++) {
		rc = sqlite3_prepare_v3(s->db, sq_stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					&s->st[i], NULL);
		if (rc != SQLITE_OK) {
			snprintf(errbuf, errlen, "cannot prepare statement %d: %s", i,
				 sqlite3_errmsg(s->db));
			err = sq_map_error(rc);
			goto fail;
		}
	}
	*out = s;
	return STORE_OK;
fail:
	sqlite_close(s);
	return err;
}

int sq_run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sq_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

void sq_reset(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static int sqlite_begin(void *h)
{
	struct sqlite_store *s = h;
	s->next_id_at_begin = s->next_id;
	return sq_map_error(sq_run(s->st[SQ_BEGIN]));
}

static int sqlite_commit(void *h)
{
	return sq_map_error(sq_run(((struct sqlite_store *)h)->st[SQ_COMMIT]));
}

static void sqlite_rollback(void *h)
{
	struct sqlite_store *s = h;
	/* SQLite may have rolled back already (SQLITE_FULL does); then this is a no-op error. */
	if (!sqlite3_get_autocommit(s->db))
		sq_run(s->st[SQ_ROLLBACK]);
	s->next_id = s->next_id_at_begin; /* the ids of the rows rolled back were never seen */
}

static int sqlite_exec(void *h, struct store_op *op)
{
	struct sqlite_store *s = h;
	switch (op->kind) {
	case STORE_OP_MSG_INSERT: return sq_exec_insert(s, op);
	case STORE_OP_MSG_GET: return sq_exec_get(s, op);
	case STORE_OP_MSG_SET_STATE: return sq_exec_set_state(s, op);
	case STORE_OP_MSG_COUNT: return sq_exec_count(s, op);
	case STORE_OP_MSG_FIND_REMOTE: return sq_exec_find_remote(s, op);
	case STORE_OP_MSG_UPDATE: return sq_exec_update(s, op);
	case STORE_OP_MSG_CLAIM: return sq_exec_claim(s, op);
	case STORE_OP_MSG_WAKE_ACCOUNT: return sq_exec_wake_account(s, op);
	case STORE_OP_MSG_CANCEL: return sq_exec_cancel(s, op);
	case STORE_OP_MSG_REPLACE: return sq_exec_replace(s, op);
	case STORE_OP_MAIL_INSERT: return sq_exec_mail_insert(s, op);
	case STORE_OP_MAIL_LOOKUP: return sq_exec_mail_lookup(s, op);
	case STORE_OP_METER_READING_INSERT: return sq_exec_meter_insert(s, op);
	case STORE_OP_SCHEDULE_GET: return sq_exec_schedule_get(s, op);
	case STORE_OP_SCHEDULE_SET: return sq_exec_schedule_set(s, op);
	case STORE_OP_MSG_LIST: return sq_exec_api_list(s, op);
	case STORE_OP_MSG_DETAIL: return sq_exec_api_detail(s, op);
	case STORE_OP_MSG_DELETE: return sq_exec_api_delete(s, op);
	case STORE_OP_MSG_TOTALS: return sq_exec_api_totals(s, op);
	case STORE_OP_MSG_CALLBACK_SET: return sq_exec_api_callback_set(s, op);
	case STORE_OP_MSG_INSERT_FWD: return sq_exec_insert_fwd(s, op);
	case STORE_OP_OUTBOX_CLAIM: return sq_exec_outbox_claim(s, op);
	case STORE_OP_OUTBOX_RESULT: return sq_exec_outbox_result(s, op);
	case STORE_OP_OUTBOX_LIST: return sq_exec_outbox_list(s, op);
	case STORE_OP_UNMATCHED_INSERT: return sq_exec_unmatched_insert(s, op);
	case STORE_OP_METER_REPORT_INSERT: return sq_exec_meter_report_insert(s, op);
	case STORE_OP_SYNC: return STORE_OK;
	}
	op->result = STORE_EINVAL;
	return STORE_OK;
}

const struct store_backend store_backend_sqlite = {
	.name = "sqlite",
	.open = sqlite_open,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.exec = sqlite_exec,
	.close = sqlite_close,
};
