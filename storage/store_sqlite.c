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
#include "store_sqlite_schema.h"

enum stmt_id {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_INSERT,
	ST_GET,
	ST_SET_STATE,
	ST_EVENT,
	ST_COUNT_STATE,
	ST_COUNT_ALL,
	ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_INSERT] = "INSERT INTO messages (direction, state, account,"
		" src_addr, src_ton, src_npi, dst_addr, dst_ton, dst_npi, service_type,"
		" esm_class, protocol_id, priority, data_coding, registered_delivery,"
		" concat_ref, part_total, part_seq, schedule_at, expire_at, next_at,"
		" attempts, error_code, receipt_of, connector, remote_id,"
		" created_at, updated_at, done_at, payload, tlvs)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[ST_GET] = "SELECT id, direction, state, account,"
		" src_addr, src_ton, src_npi, dst_addr, dst_ton, dst_npi, service_type,"
		" esm_class, protocol_id, priority, data_coding, registered_delivery,"
		" concat_ref, part_total, part_seq, schedule_at, expire_at, next_at,"
		" attempts, error_code, receipt_of, connector, remote_id,"
		" created_at, updated_at, done_at, payload, tlvs"
		" FROM messages WHERE id = ?1 AND (?2 = '' OR account = ?2)",
	[ST_SET_STATE] = "UPDATE messages SET state = ?2, error_code = ?3, updated_at = ?4,"
		" done_at = CASE WHEN ?5 THEN ?4 ELSE done_at END WHERE id = ?1",
	[ST_EVENT] = "INSERT INTO message_events (message_id, at, state, error_code)"
		" VALUES (?,?,?,?)",
	[ST_COUNT_STATE] = "SELECT count(*) FROM messages WHERE state = ?",
	[ST_COUNT_ALL] = "SELECT count(*) FROM messages",
};

struct sqlite_store {
	sqlite3 *db;
	sqlite3_stmt *st[ST__COUNT];
};

static int map_error(int rc)
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
		return map_error(rc);
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
		return map_error(rc);
	}
	return STORE_OK;
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
	for (int i = 0; i < ST__COUNT; i++)
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
		err = (errno == EROFS || errno == EACCES) ? STORE_EREADONLY : map_error(rc);
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
		err = map_error(rc);
		goto fail;
	}
	info->schema_to = store_sqlite_schema_latest();
	rc = recover_in_flight(s->db, &info->requeued);
	if (rc != SQLITE_OK) {
		snprintf(errbuf, errlen, "cannot write %s: %s", path, sqlite3_errmsg(s->db));
		err = map_error(rc);
		goto fail;
	}
	for (int i = 0; i < ST__COUNT; i++) {
		rc = sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
					&s->st[i], NULL);
		if (rc != SQLITE_OK) {
			snprintf(errbuf, errlen, "cannot prepare statement %d: %s", i,
				 sqlite3_errmsg(s->db));
			err = map_error(rc);
			goto fail;
		}
	}
	*out = s;
	return STORE_OK;
fail:
	sqlite_close(s);
	return err;
}

/* Steps a statement that returns no rows and resets it. */
static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int sqlite_begin(void *h)
{
	return map_error(run(((struct sqlite_store *)h)->st[ST_BEGIN]));
}

static int sqlite_commit(void *h)
{
	return map_error(run(((struct sqlite_store *)h)->st[ST_COMMIT]));
}

static void sqlite_rollback(void *h)
{
	struct sqlite_store *s = h;
	/* SQLite may have rolled back already (SQLITE_FULL does); then this is a no-op error. */
	if (!sqlite3_get_autocommit(s->db))
		run(s->st[ST_ROLLBACK]);
}

static int exec_insert(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[ST_INSERT];
	for (size_t i = 0; i < op->n; i++) {
		struct store_msg *m = &op->msgs[i];
		int k = 1;
		sqlite3_bind_int(st, k++, m->direction);
		sqlite3_bind_int(st, k++, m->state);
		sqlite3_bind_text(st, k++, m->account, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, k++, m->src_addr, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, k++, m->src_ton);
		sqlite3_bind_int(st, k++, m->src_npi);
		sqlite3_bind_text(st, k++, m->dst_addr, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, k++, m->dst_ton);
		sqlite3_bind_int(st, k++, m->dst_npi);
		sqlite3_bind_text(st, k++, m->service_type, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, k++, m->esm_class);
		sqlite3_bind_int(st, k++, m->protocol_id);
		sqlite3_bind_int(st, k++, m->priority);
		sqlite3_bind_int(st, k++, m->data_coding);
		sqlite3_bind_int(st, k++, m->registered_delivery);
		sqlite3_bind_int(st, k++, m->concat_ref);
		sqlite3_bind_int(st, k++, m->part_total);
		sqlite3_bind_int(st, k++, m->part_seq);
		sqlite3_bind_int64(st, k++, m->schedule_at);
		sqlite3_bind_int64(st, k++, m->expire_at);
		sqlite3_bind_int64(st, k++, m->next_at);
		sqlite3_bind_int64(st, k++, m->attempts);
		sqlite3_bind_int64(st, k++, m->error_code);
		sqlite3_bind_int64(st, k++, m->receipt_of);
		sqlite3_bind_text(st, k++, m->connector, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, k++, m->remote_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, k++, m->created_at);
		sqlite3_bind_int64(st, k++, m->updated_at);
		sqlite3_bind_int64(st, k++, m->done_at);
		/* A zero-length blob, not NULL: payload is NOT NULL. */
		sqlite3_bind_blob(st, k++, m->payload ? (const void *)m->payload : "", (int)m->payload_len,
				  SQLITE_STATIC);
		if (m->tlvs_len)
			sqlite3_bind_blob(st, k++, m->tlvs, (int)m->tlvs_len, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, k++);
		int rc = run(st);
		if (rc != SQLITE_OK)
			return map_error(rc);
		m->id = sqlite3_last_insert_rowid(s->db);
	}
	return STORE_OK;
}

static void column_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

static int column_blob(sqlite3_stmt *st, int col, const uint8_t **out, uint32_t *len)
{
	int n = sqlite3_column_bytes(st, col);
	const void *p = sqlite3_column_blob(st, col);
	*out = NULL;
	*len = 0;
	if (n <= 0 || !p)
		return 0;
	uint8_t *copy = malloc((size_t)n);
	if (!copy)
		return -1;
	memcpy(copy, p, (size_t)n);
	*out = copy;
	*len = (uint32_t)n;
	return 0;
}

static int exec_get(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[ST_GET];
	struct store_msg *m = &op->msg;
	memset(m, 0, sizeof *m);
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_text(st, 2, op->account, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (rc != SQLITE_DONE)
			return map_error(rc);
		op->result = STORE_ENOTFOUND;
		return STORE_OK;
	}
	int k = 0;
	m->id = sqlite3_column_int64(st, k++);
	m->direction = (uint8_t)sqlite3_column_int(st, k++);
	m->state = (uint8_t)sqlite3_column_int(st, k++);
	column_text(st, k++, m->account, sizeof m->account);
	column_text(st, k++, m->src_addr, sizeof m->src_addr);
	m->src_ton = (uint8_t)sqlite3_column_int(st, k++);
	m->src_npi = (uint8_t)sqlite3_column_int(st, k++);
	column_text(st, k++, m->dst_addr, sizeof m->dst_addr);
	m->dst_ton = (uint8_t)sqlite3_column_int(st, k++);
	m->dst_npi = (uint8_t)sqlite3_column_int(st, k++);
	column_text(st, k++, m->service_type, sizeof m->service_type);
	m->esm_class = (uint8_t)sqlite3_column_int(st, k++);
	m->protocol_id = (uint8_t)sqlite3_column_int(st, k++);
	m->priority = (uint8_t)sqlite3_column_int(st, k++);
	m->data_coding = (uint8_t)sqlite3_column_int(st, k++);
	m->registered_delivery = (uint8_t)sqlite3_column_int(st, k++);
	m->concat_ref = (uint16_t)sqlite3_column_int(st, k++);
	m->part_total = (uint8_t)sqlite3_column_int(st, k++);
	m->part_seq = (uint8_t)sqlite3_column_int(st, k++);
	m->schedule_at = sqlite3_column_int64(st, k++);
	m->expire_at = sqlite3_column_int64(st, k++);
	m->next_at = sqlite3_column_int64(st, k++);
	m->attempts = (uint32_t)sqlite3_column_int64(st, k++);
	m->error_code = (uint32_t)sqlite3_column_int64(st, k++);
	m->receipt_of = sqlite3_column_int64(st, k++);
	column_text(st, k++, m->connector, sizeof m->connector);
	column_text(st, k++, m->remote_id, sizeof m->remote_id);
	m->created_at = sqlite3_column_int64(st, k++);
	m->updated_at = sqlite3_column_int64(st, k++);
	m->done_at = sqlite3_column_int64(st, k++);
	m->owns_buffers = true;
	int err = column_blob(st, k++, &m->payload, &m->payload_len);
	if (err == 0)
		err = column_blob(st, k++, &m->tlvs, &m->tlvs_len);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (err) {
		store_msg_clear(m);
		op->result = STORE_ENOMEM;
	}
	return STORE_OK;
}

static int exec_set_state(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[ST_SET_STATE];
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_int(st, 2, op->state);
	sqlite3_bind_int64(st, 3, op->error_code);
	sqlite3_bind_int64(st, 4, op->at);
	sqlite3_bind_int(st, 5, store_state_is_final(op->state));
	int rc = run(st);
	if (rc != SQLITE_OK)
		return map_error(rc);
	if (sqlite3_changes(s->db) == 0) {
		op->result = STORE_ENOTFOUND;
		return STORE_OK;
	}
	st = s->st[ST_EVENT];
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_int64(st, 2, op->at);
	sqlite3_bind_int(st, 3, op->state);
	sqlite3_bind_int64(st, 4, op->error_code);
	return map_error(run(st));
}

static int exec_count(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[op->state < 0 ? ST_COUNT_ALL : ST_COUNT_STATE];
	if (op->state >= 0)
		sqlite3_bind_int(st, 1, op->state);
	int rc = sqlite3_step(st);
	op->count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW ? STORE_OK : map_error(rc);
}

static int sqlite_exec(void *h, struct store_op *op)
{
	struct sqlite_store *s = h;
	switch (op->kind) {
	case STORE_OP_MSG_INSERT: return exec_insert(s, op);
	case STORE_OP_MSG_GET: return exec_get(s, op);
	case STORE_OP_MSG_SET_STATE: return exec_set_state(s, op);
	case STORE_OP_MSG_COUNT: return exec_count(s, op);
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
