/*
 * store_sqlite_queue.c - the queue side of messages: claiming due ones for
 * the dispatcher, waking an account's waiting deliveries, and the ESME's
 * cancel_sm and replace_sm, which only touch messages not yet handed on.
 */
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_internal.h"

int sq_exec_claim(struct sqlite_store *s, struct store_op *op)
{
	op->rows = NULL;
	op->n_rows = 0;
	if (op->limit == 0)
		return STORE_OK;
	op->rows = calloc(op->limit, sizeof *op->rows);
	if (!op->rows) {
		op->result = STORE_ENOMEM;
		return STORE_OK;
	}
	/* Scheduled ones that came due first, then the queue; highest priority first. */
	static const int states[] = {STORE_ST_SCHEDULED, STORE_ST_QUEUED};
	sqlite3_stmt *st = s->st[SQ_CLAIM];
	for (size_t k = 0; k < 2 && op->n_rows < op->limit; k++) {
		for (int prio = 3; prio >= 0 && op->n_rows < op->limit; prio--) {
			sqlite3_bind_int(st, 1, states[k]);
			sqlite3_bind_int(st, 2, prio);
			sqlite3_bind_int64(st, 3, op->at);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)(op->limit - op->n_rows));
			int rc;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				if (sq_read_msg(st, &op->rows[op->n_rows]) != 0) {
					op->result = STORE_ENOMEM;
					break;
				}
				op->n_rows++;
			}
			sq_reset(st);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return sq_map_error(rc);
		}
	}
	st = s->st[SQ_MARK_DISPATCHING];
	for (size_t i = 0; i < op->n_rows; i++) {
		sqlite3_bind_int64(st, 1, op->rows[i].id);
		sqlite3_bind_int64(st, 2, op->at);
		int rc = sq_run(st);
		if (rc != SQLITE_OK)
			return sq_map_error(rc);
		op->rows[i].state = STORE_ST_DISPATCHING;
	}
	return STORE_OK;
}

static int wake(struct sqlite_store *s, enum sq_stmt which, const char *key, int64_t at,
		int64_t *count)
{
	sqlite3_stmt *st = s->st[which];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	int rc = sq_run(st);
	if (rc == SQLITE_OK)
		*count += sqlite3_changes64(s->db);
	return sq_map_error(rc);
}

int sq_exec_wake_account(struct sqlite_store *s, struct store_op *op)
{
	int rc = STORE_OK;
	op->count = 0;
	if (op->account[0])
		rc = wake(s, SQ_WAKE_ACCOUNT, op->account, op->at, &op->count);
	/* Without an index on connector this scans the queue: once per bind, not per message. */
	if (rc == STORE_OK && op->connector[0])
		rc = wake(s, SQ_WAKE_CONNECTOR, op->connector, op->at, &op->count);
	return rc;
}

int sq_exec_cancel(struct sqlite_store *s, struct store_op *op)
{
	const struct store_cancel *c = &op->cancel;
	sqlite3_stmt *st;
	if (c->id) {
		st = s->st[SQ_CANCEL_ID];
		sqlite3_bind_int64(st, 1, c->id);
	} else {
		st = s->st[SQ_CANCEL_MATCH];
		sqlite3_bind_text(st, 2, c->dst_addr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, c->service_type, -1, SQLITE_STATIC);
	}
	if (c->id)
		sqlite3_bind_text(st, 2, op->account, -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, 1, op->account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, op->at);
	sqlite3_bind_text(st, 4, c->src_addr, -1, SQLITE_STATIC);
	/* RETURNING gives the ids; their history rows are written after the statement ends. */
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			int64_t *grown = realloc(ids, cap * sizeof *ids);
			if (!grown) {
				free(ids);
				sq_reset(st);
				return STORE_ENOMEM; /* spoils the transaction: nothing half-cancelled */
			}
			ids = grown;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sq_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return sq_map_error(rc);
	}
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++)
		if (sq_event(s, ids[i], op->at, STORE_ST_CANCELLED, 0) != STORE_OK)
			rc = SQLITE_IOERR;
	free(ids);
	op->count = (int64_t)n;
	if (n == 0)
		op->result = STORE_ENOTFOUND;
	return rc == SQLITE_DONE ? STORE_OK : STORE_EIO;
}

int sq_exec_replace(struct sqlite_store *s, struct store_op *op)
{
	const struct store_replace *r = &op->replace;
	sqlite3_stmt *st = s->st[SQ_REPLACE];
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_text(st, 2, op->account, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, r->payload ? (const void *)r->payload : "", (int)r->payload_len,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, r->schedule_at);
	sqlite3_bind_int64(st, 5, r->expire_at);
	sqlite3_bind_int(st, 6, r->registered_delivery);
	sqlite3_bind_int64(st, 7, op->at);
	sqlite3_bind_text(st, 8, r->src_addr, -1, SQLITE_STATIC);
	int rc = sq_run(st);
	if (rc != SQLITE_OK)
		return sq_map_error(rc);
	if (sqlite3_changes(s->db) > 0)
		return STORE_OK;
	/* Nothing changed: no such message of this account, or handed on already. */
	st = s->st[SQ_GET];
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_text(st, 2, op->account, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sq_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_map_error(rc);
	op->result = rc == SQLITE_ROW ? STORE_ESTATE : STORE_ENOTFOUND;
	return STORE_OK;
}
