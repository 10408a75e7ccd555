/*
 * store_sqlite_api.c - the HTTP API's views of the messages: pages of
 * messages with filters and a cursor, one message with its parts, history,
 * receipts and callback URL, deletion, totals by direction and state, and
 * the receipt callback URL a sender gave.
 *
 * A message is its first part's row with the other parts of the same
 * concatenation (store.h, STORE_OP_MSG_LIST). Rows are read whole
 * (sq_read_msg); the text search is the caller's predicate, since this
 * layer knows no SMS encodings.
 */
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_internal.h"

/* Appends a row read from st to *rows (grown as needed). 0 or STORE_ENOMEM. */
static int push_row(sqlite3_stmt *st, struct store_msg **rows, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct store_msg *r = realloc(*rows, c * sizeof *r);
		if (!r)
			return STORE_ENOMEM;
		*rows = r;
		*cap = c;
	}
	memset(&(*rows)[*n], 0, sizeof **rows);
	if (sq_read_msg(st, &(*rows)[*n]) != 0)
		return STORE_ENOMEM;
	(*n)++;
	return STORE_OK;
}

/* Appends head's other parts (head is already at the end of *rows). */
static int push_parts(struct sqlite_store *s, const struct store_msg *head, struct store_msg **rows,
		      size_t *n, size_t *cap)
{
	if (head->part_total <= 1)
		return STORE_OK;
	struct store_msg h = *head; /* *rows may move while growing */
	sqlite3_stmt *st = s->st[SQ_API_PARTS];
	sqlite3_bind_int64(st, 1, h.id);
	sqlite3_bind_int(st, 2, h.concat_ref);
	sqlite3_bind_int(st, 3, h.part_total);
	sqlite3_bind_int(st, 4, h.direction);
	sqlite3_bind_text(st, 5, h.src_addr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, h.dst_addr, -1, SQLITE_TRANSIENT);
	int rc, err = STORE_OK;
	while (err == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		err = push_row(st, rows, n, cap);
	sq_reset(st);
	if (err == STORE_OK && rc != SQLITE_DONE)
		err = sq_map_error(rc);
	return err;
}

static void drop_rows(struct store_msg *rows, size_t from, size_t *n)
{
	for (size_t i = from; i < *n; i++)
		store_msg_clear(&rows[i]);
	*n = from;
}

int sq_exec_api_list(struct sqlite_store *s, struct store_op *op)
{
	const struct store_list_filter *f = op->list;
	if (!f || f->limit == 0) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[SQ_API_LIST];
	sqlite3_bind_int64(st, 1, f->before_id);
	sqlite3_bind_int(st, 2, f->direction);
	sqlite3_bind_int(st, 3, f->state);
	sqlite3_bind_text(st, 4, f->number ? f->number : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, f->since);
	sqlite3_bind_int64(st, 6, f->until);
	size_t cap = 0, scanned = 0;
	int64_t last_seen = 0;
	op->count = 0;
	op->id = 0;
	int rc, err = STORE_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if ((unsigned)op->count == f->limit) {
			op->id = last_seen; /* there is more: go on below the last one given */
			break;
		}
		if (f->match && scanned == STORE_LIST_SCAN_MAX) {
			op->id = last_seen; /* looked at enough for one page: the client goes on */
			break;
		}
		size_t first = op->n_rows;
		err = push_row(st, &op->rows, &op->n_rows, &cap);
		if (err == STORE_OK)
			err = push_parts(s, &op->rows[first], &op->rows, &op->n_rows, &cap);
		if (err != STORE_OK)
			break;
		scanned++;
		last_seen = id;
		if (f->match && !f->match(&op->rows[first], op->n_rows - first, f->match_arg)) {
			drop_rows(op->rows, first, &op->n_rows);
			continue;
		}
		op->count++;
	}
	sq_reset(st);
	if (err == STORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = sq_map_error(rc);
	if (err != STORE_OK) {
		/* A read failed: the op fails, the batch goes on. */
		store_op_clear(op);
		op->result = err;
	}
	return STORE_OK;
}

static int read_detail(struct sqlite_store *s, struct store_op *op)
{
	size_t cap = 0;
	sqlite3_stmt *st = s->st[SQ_GET];
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int err = rc == SQLITE_ROW ? push_row(st, &op->rows, &op->n_rows, &cap)
		  : rc == SQLITE_DONE ? STORE_ENOTFOUND : sq_map_error(rc);
	sq_reset(st);
	if (err == STORE_OK)
		err = push_parts(s, &op->rows[0], &op->rows, &op->n_rows, &cap);
	/* History and receipts of every part. */
	size_t ecap = 0, rcap = 0;
	for (size_t i = 0; err == STORE_OK && i < op->n_rows; i++) {
		st = s->st[SQ_API_EVENTS];
		sqlite3_bind_int64(st, 1, op->rows[i].id);
		while (err == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (op->n_events == ecap) {
				size_t c = ecap ? ecap * 2 : 16;
				struct store_event *e = realloc(op->events, c * sizeof *e);
				if (!e) {
					err = STORE_ENOMEM;
					break;
				}
				op->events = e;
				ecap = c;
			}
			op->events[op->n_events++] = (struct store_event){
				.at = sqlite3_column_int64(st, 0),
				.state = sqlite3_column_int(st, 1),
				.error_code = (uint32_t)sqlite3_column_int64(st, 2),
			};
		}
		sq_reset(st);
		if (err == STORE_OK && rc != SQLITE_DONE)
			err = sq_map_error(rc);
		st = s->st[SQ_API_RECEIPTS];
		sqlite3_bind_int64(st, 1, op->rows[i].id);
		while (err == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
			err = push_row(st, &op->receipts, &op->n_receipts, &rcap);
		sq_reset(st);
		if (err == STORE_OK && rc != SQLITE_DONE)
			err = sq_map_error(rc);
	}
	if (err == STORE_OK) {
		st = s->st[SQ_API_CALLBACK_GET];
		sqlite3_bind_int64(st, 1, op->id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *url = sqlite3_column_text(st, 0);
			op->callback_url = strdup(url ? (const char *)url : "");
			if (!op->callback_url)
				err = STORE_ENOMEM;
		} else if (rc != SQLITE_DONE) {
			err = sq_map_error(rc);
		}
		sq_reset(st);
	}
	return err;
}

int sq_exec_api_detail(struct sqlite_store *s, struct store_op *op)
{
	int err = read_detail(s, op);
	if (err != STORE_OK) {
		store_op_clear(op);
		op->result = err;
	}
	return STORE_OK;
}

static int run_id(sqlite3_stmt *st, int64_t id)
{
	sqlite3_bind_int64(st, 1, id);
	return sq_map_error(sq_run(st));
}

int sq_exec_api_delete(struct sqlite_store *s, struct store_op *op)
{
	/* Which rows: read the message first (a read error fails this op only). */
	struct store_op probe = {.kind = STORE_OP_MSG_DETAIL, .id = op->id};
	int err = read_detail(s, &probe);
	op->count = 0;
	if (err != STORE_OK) {
		store_op_clear(&probe);
		op->result = err;
		return STORE_OK;
	}
	for (size_t i = 0; i < probe.n_rows; i++) {
		int st = probe.rows[i].state;
		if (st == STORE_ST_DISPATCHING || st == STORE_ST_SENT) {
			store_op_clear(&probe);
			op->result = STORE_ESTATE;
			return STORE_OK;
		}
	}
	/* From here a failure spoils the transaction: nothing half deleted. */
	for (size_t i = 0; i < probe.n_rows && err == STORE_OK; i++) {
		int64_t id = probe.rows[i].id;
		sqlite3_stmt *st = s->st[SQ_API_DELETE_RECEIPTS];
		sqlite3_bind_int64(st, 1, id);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			op->count++;
			/* Their history goes after the RETURNING rows are all read. */
		}
		sq_reset(st);
		if (rc != SQLITE_DONE)
			err = sq_map_error(rc);
		if (err == STORE_OK)
			err = run_id(s->st[SQ_API_DELETE_EVENTS], id);
		if (err == STORE_OK)
			err = run_id(s->st[SQ_API_DELETE_ROW], id);
		if (err == STORE_OK)
			op->count++;
	}
	/* Receipts' own history rows. */
	for (size_t i = 0; i < probe.n_receipts && err == STORE_OK; i++)
		err = run_id(s->st[SQ_API_DELETE_EVENTS], probe.receipts[i].id);
	if (err == STORE_OK)
		err = run_id(s->st[SQ_API_CALLBACK_DELETE], op->id);
	store_op_clear(&probe);
	return err;
}

int sq_exec_api_totals(struct sqlite_store *s, struct store_op *op)
{
	if (!op->totals) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	memset(op->totals, 0, sizeof *op->totals);
	sqlite3_stmt *st = s->st[SQ_API_TOTALS];
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int dir = sqlite3_column_int(st, 0), state = sqlite3_column_int(st, 1);
		if (dir >= 0 && dir < 3 && state >= 0 && state < STORE_STATES)
			op->totals->by[dir][state] = sqlite3_column_int64(st, 2);
	}
	sq_reset(st);
	if (rc != SQLITE_DONE)
		op->result = sq_map_error(rc);
	return STORE_OK;
}

int sq_exec_api_callback_set(struct sqlite_store *s, struct store_op *op)
{
	if (!op->url || !*op->url || op->id <= 0) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[SQ_API_CALLBACK_SET];
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_text(st, 2, op->url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, op->at);
	return sq_map_error(sq_run(st));
}
