/*
 * store_sqlite_meter.c - meter readings and report schedule runs (issue 9):
 * appending a reading, reading / recording a report's last run, and a
 * report's outcome for the forwarding targets (meter_reports, with its
 * outbox rows of kind "report").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int sq_exec_meter_report_insert(struct sqlite_store *s, struct store_op *op)
{
	struct store_meter_report *r = op->meter_report;
	if (!r || !r->report || !r->meter || !r->text || !r->body) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[SQ_METER_REPORT_INSERT];
	sqlite3_bind_text(st, 1, r->report, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->meter, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->at);
	sqlite3_bind_text(st, 4, r->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->body, -1, SQLITE_STATIC);
	int rc = sq_run(st);
	if (rc != SQLITE_OK)
		return sq_map_error(rc);
	r->id = sqlite3_last_insert_rowid(s->db);
	/* Its outbox rows, due at once, in this transaction. */
	st = s->st[SQ_OUTBOX_INSERT];
	for (size_t k = 0; k < op->n_targets; k++) {
		const struct store_outbox_target *t = &op->targets[k];
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_text(st, 2, t->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, r->at);
		sqlite3_bind_int64(st, 5, t->expire_at);
		sqlite3_bind_int(st, 6, (int)t->flags);
		if ((rc = sq_run(st)) != SQLITE_OK)
			return sq_map_error(rc);
	}
	return STORE_OK;
}

static char *column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return strdup(t ? (const char *)t : "");
}

int sq_load_meter_report(struct sqlite_store *s, struct store_outbox_job *j)
{
	sqlite3_stmt *st = s->st[SQ_METER_REPORT_GET];
	sqlite3_bind_int64(st, 1, j->row.message_id);
	int rc = sqlite3_step(st);
	int err = STORE_OK;
	if (rc == SQLITE_ROW) {
		const unsigned char *report = sqlite3_column_text(st, 0);
		const unsigned char *meter = sqlite3_column_text(st, 1);
		snprintf(j->report_name, sizeof j->report_name, "%s", report ? (const char *)report : "");
		snprintf(j->report_meter, sizeof j->report_meter, "%s", meter ? (const char *)meter : "");
		j->report_at = sqlite3_column_int64(st, 2);
		j->report_text = column_dup(st, 3);
		j->report_body = column_dup(st, 4);
		if (!j->report_text || !j->report_body)
			err = STORE_ENOMEM;
	}
	sq_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_map_error(rc);
	return err;
}
