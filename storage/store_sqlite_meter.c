/*
 * store_sqlite_meter.c - meter readings and report schedule runs (issue 9):
 * appending a reading, and reading / recording a report's last run.
 */
#include "store_sqlite_internal.h"

int sq_exec_meter_insert(struct sqlite_store *s, struct store_op *op)
{
	struct store_meter_reading *r = op->reading;
	if (!r || !r->meter || !r->meter_time || !r->values_json) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[SQ_METER_INSERT];
	sqlite3_bind_text(st, 1, r->meter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->serial);
	sqlite3_bind_int(st, 3, r->kind);
	sqlite3_bind_text(st, 4, r->meter_time, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, r->broker_time);
	sqlite3_bind_text(st, 6, r->values_json, -1, SQLITE_STATIC);
	if (r->raw)
		sqlite3_bind_blob(st, 7, r->raw, (int)r->raw_len, SQLITE_STATIC);
	int rc = sq_run(st);
	if (rc != SQLITE_OK)
		return sq_map_error(rc);
	op->count = sqlite3_changes(s->db);
	r->id = op->count ? sqlite3_last_insert_rowid(s->db) : 0;
	return STORE_OK;
}

int sq_exec_schedule_get(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_SCHEDULE_GET];
	sqlite3_bind_text(st, 1, op->name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		op->at = sqlite3_column_int64(st, 0);
	sq_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_map_error(rc);
	if (rc == SQLITE_DONE)
		op->result = STORE_ENOTFOUND;
	return STORE_OK;
}

int sq_exec_schedule_set(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_SCHEDULE_SET];
	sqlite3_bind_text(st, 1, op->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, op->at);
	return sq_map_error(sq_run(st));
}
