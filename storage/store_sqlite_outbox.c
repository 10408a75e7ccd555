/*
 * store_sqlite_outbox.c - the forwarding outbox (issue 7): rows inserted
 * with the message that makes them (STORE_OP_MSG_INSERT_FWD), claimed per
 * target with a lease (STORE_OP_OUTBOX_CLAIM), finished with what the
 * delivery produced (STORE_OP_OUTBOX_RESULT: the SMS a rule sends commits
 * with its row), and listed for status (STORE_OP_OUTBOX_LIST).
 *
 * A long incoming message arrives part by part, each its own row with its
 * own outbox rows. A claim of one part's row brings the other parts stored
 * (same sender, destination, reference and total, within the window) and
 * their rows of the same target, so the loop can deliver the whole text
 * once and finish every row of the set together. This layer knows no SMS
 * encodings: whether the set is complete is the caller's question.
 *
 * Rows of kind "report" name a meter_reports row, not a message: the
 * claim brings that row (text and JSON body) instead of a message.
 *
 * Receipt callbacks need no code here: the trigger of schema version 8
 * adds a "callback" row whenever a receipt row is inserted for a message
 * that has a callback URL, in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_internal.h"

static void column_text(sqlite3_stmt *st, int col, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* Reads the SQ_OUTBOX_COLUMNS of the current row. */
static void read_row(sqlite3_stmt *st, struct store_outbox *r)
{
	memset(r, 0, sizeof *r);
	int k = 0;
	r->id = sqlite3_column_int64(st, k++);
	r->message_id = sqlite3_column_int64(st, k++);
	column_text(st, k++, r->kind, sizeof r->kind);
	column_text(st, k++, r->name, sizeof r->name);
	r->state = sqlite3_column_int(st, k++);
	r->attempts = (uint32_t)sqlite3_column_int64(st, k++);
	r->next_at = sqlite3_column_int64(st, k++);
	r->expire_at = sqlite3_column_int64(st, k++);
	r->created_at = sqlite3_column_int64(st, k++);
	r->updated_at = sqlite3_column_int64(st, k++);
	r->flags = (unsigned)sqlite3_column_int(st, k++);
	column_text(st, k++, r->last_error, sizeof r->last_error);
}

int sq_exec_insert_fwd(struct sqlite_store *s, struct store_op *op)
{
	int rc = sq_exec_insert(s, op);
	sqlite3_stmt *st = s->st[SQ_OUTBOX_INSERT];
	for (size_t i = 0; rc == STORE_OK && i < op->n; i++) {
		for (size_t k = 0; rc == STORE_OK && k < op->n_targets; k++) {
			const struct store_outbox_target *t = &op->targets[k];
			sqlite3_bind_int64(st, 1, op->msgs[i].id);
			sqlite3_bind_text(st, 2, t->kind, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 4, op->msgs[i].created_at);
			sqlite3_bind_int64(st, 5, t->expire_at);
			sqlite3_bind_int(st, 6, (int)t->flags);
			rc = sq_map_error(sq_run(st));
		}
	}
	return rc;
}

/* ---- claim ---- */

static int push_id(struct store_outbox_job *j, int64_t id)
{
	for (size_t i = 0; i < j->n_ids; i++)
		if (j->ids[i] == id)
			return STORE_OK;
	int64_t *ids = realloc(j->ids, (j->n_ids + 1) * sizeof *ids);
	if (!ids)
		return STORE_ENOMEM;
	j->ids = ids;
	j->ids[j->n_ids++] = id;
	return STORE_OK;
}

static int push_part(struct store_outbox_job *j, sqlite3_stmt *st)
{
	struct store_msg *p = realloc(j->parts, (j->n_parts + 1) * sizeof *p);
	if (!p)
		return STORE_ENOMEM;
	j->parts = p;
	if (sq_read_msg(st, &j->parts[j->n_parts]) != 0)
		return STORE_ENOMEM;
	j->n_parts++;
	return STORE_OK;
}

/* One message row by id into the job's parts (absent: nothing added). */
static int load_message(struct sqlite_store *s, int64_t id, struct store_outbox_job *j)
{
	sqlite3_stmt *st = s->st[SQ_GET];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int err = rc == SQLITE_ROW ? push_part(j, st) : STORE_OK;
	sq_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_map_error(rc);
	return err;
}

/* The target's row of message id: its id and state, or *row_id 0. */
static int row_of(struct sqlite_store *s, int64_t message_id, const struct store_outbox *like,
		  int64_t *row_id, int *state)
{
	sqlite3_stmt *st = s->st[SQ_OUTBOX_ROW_OF];
	sqlite3_bind_int64(st, 1, message_id);
	sqlite3_bind_text(st, 2, like->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, like->name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*row_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	*state = rc == SQLITE_ROW ? sqlite3_column_int(st, 1) : -1;
	sq_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_map_error(rc);
}

/*
 * The other parts of a long message (j->parts[0] is the claimed one): each
 * with a pending row of the target joins the job; one whose row is finished
 * already makes the claimed part late (its set went out without it), and
 * the job is that part alone.
 */
static int load_siblings(struct sqlite_store *s, const struct store_outbox_claim *c,
			 struct store_outbox_job *j)
{
	struct store_msg head = j->parts[0];
	sqlite3_stmt *st = s->st[SQ_OUTBOX_SIBLINGS];
	sqlite3_bind_text(st, 1, head.src_addr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, head.concat_ref);
	sqlite3_bind_int(st, 3, head.part_total);
	sqlite3_bind_int64(st, 4, head.created_at - c->window_ms);
	sqlite3_bind_int64(st, 5, head.created_at + c->window_ms);
	sqlite3_bind_int(st, 6, head.direction);
	sqlite3_bind_text(st, 7, head.dst_addr, -1, SQLITE_TRANSIENT);
	int64_t ids[256];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 256) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id != head.id)
			ids[n++] = id;
	}
	sq_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_map_error(rc);
	for (size_t i = 0; i < n; i++) {
		int64_t row_id;
		int state;
		int err = row_of(s, ids[i], &j->row, &row_id, &state);
		if (err != STORE_OK)
			return err;
		if (row_id && state != STORE_OUTBOX_PENDING) {
			j->late = true;
			break;
		}
	}
	for (size_t i = 0; !j->late && i < n; i++) {
		int64_t row_id;
		int state;
		int err = row_of(s, ids[i], &j->row, &row_id, &state);
		if (err == STORE_OK && row_id)
			err = push_id(j, row_id);
		if (err == STORE_OK && row_id)
			err = load_message(s, ids[i], j);
		if (err != STORE_OK)
			return err;
	}
	return STORE_OK;
}

/* A receipt's callback: the message it is about and the URL. */
static int load_callback(struct sqlite_store *s, struct store_outbox_job *j)
{
	struct store_outbox_job about = {0};
	int err = load_message(s, j->parts[0].receipt_of, &about);
	if (err == STORE_OK && about.n_parts) {
		j->about = about.parts[0];
		free(about.parts);
	}
	sqlite3_stmt *st = s->st[SQ_API_CALLBACK_GET];
	sqlite3_bind_int64(st, 1, j->parts[0].receipt_of);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *u = sqlite3_column_text(st, 0);
		j->url = strdup(u ? (const char *)u : "");
		if (!j->url)
			err = STORE_ENOMEM;
	}
	sq_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_map_error(rc);
	return err;
}

static int count_recent(struct sqlite_store *s, const struct store_outbox_claim *c,
			struct store_outbox_job *j)
{
	sqlite3_stmt *st = s->st[SQ_OUTBOX_RECENT];
	sqlite3_bind_text(st, 1, j->row.kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, j->row.name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, c->recent_since);
	int rc = sqlite3_step(st);
	j->recent = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sq_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : sq_map_error(rc);
}

static bool claimed_already(const struct store_op *op, int64_t id)
{
	for (size_t i = 0; i < op->n_jobs; i++)
		for (size_t k = 0; k < op->jobs[i].n_ids; k++)
			if (op->jobs[i].ids[k] == id)
				return true;
	return false;
}

/* Fills job from its row (already in j->row): the message, its parts, its extras. */
static int build_job(struct sqlite_store *s, const struct store_outbox_claim *c,
		     struct store_outbox_job *j)
{
	int err = push_id(j, j->row.id);
	if (err == STORE_OK && strcmp(j->row.kind, "report") == 0)
		return sq_load_meter_report(s, j); /* a meter report, not a message */
	if (err == STORE_OK)
		err = load_message(s, j->row.message_id, j);
	if (err != STORE_OK || j->n_parts == 0)
		return err; /* a message deleted meanwhile: the loop finishes the row */
	if (j->parts[0].part_total > 1 && j->parts[0].direction == STORE_DIR_MO)
		err = load_siblings(s, c, j);
	if (err == STORE_OK && j->parts[0].direction == STORE_DIR_DR)
		err = load_callback(s, j);
	if (err == STORE_OK && c->recent_since > 0)
		err = count_recent(s, c, j);
	return err;
}

static int lease(struct sqlite_store *s, const struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_OUTBOX_LEASE];
	for (size_t i = 0; i < op->n_jobs; i++) {
		for (size_t k = 0; k < op->jobs[i].n_ids; k++) {
			sqlite3_bind_int64(st, 1, op->jobs[i].ids[k]);
			sqlite3_bind_int64(st, 2, op->at + op->claim->lease_ms);
			int rc = sq_run(st);
			if (rc != SQLITE_OK)
				return sq_map_error(rc);
		}
	}
	return STORE_OK;
}

int sq_exec_outbox_claim(struct sqlite_store *s, struct store_op *op)
{
	const struct store_outbox_claim *c = op->claim;
	op->jobs = NULL;
	op->n_jobs = 0;
	if (!c || !c->kind || c->limit == 0) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	op->jobs = calloc(c->limit, sizeof *op->jobs);
	if (!op->jobs) {
		op->result = STORE_ENOMEM;
		return STORE_OK;
	}
	/* The due rows first: building jobs runs other statements. */
	struct store_outbox *due = calloc(c->limit, sizeof *due);
	if (!due) {
		op->result = STORE_ENOMEM;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[SQ_OUTBOX_DUE];
	sqlite3_bind_text(st, 1, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->name ? c->name : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, op->at);
	sqlite3_bind_int64(st, 4, c->limit);
	size_t n_due = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n_due < c->limit)
		read_row(st, &due[n_due++]);
	sq_reset(st);
	int err = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_map_error(rc);
	for (size_t i = 0; err == STORE_OK && i < n_due; i++) {
		if (claimed_already(op, due[i].id))
			continue; /* a part of a set claimed with an earlier row */
		struct store_outbox_job *j = &op->jobs[op->n_jobs++];
		j->row = due[i];
		err = build_job(s, c, j);
	}
	free(due);
	if (err == STORE_ENOMEM) {
		op->result = STORE_ENOMEM;
		return STORE_OK;
	}
	return err == STORE_OK ? lease(s, op) : err;
}

/* ---- results ---- */

/* Deletes message id if its rows are all finished and one asked for it. */
static int maybe_drop(struct sqlite_store *s, int64_t id, int64_t *dropped)
{
	sqlite3_stmt *st = s->st[SQ_OUTBOX_DROP_CHECK];
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int64_t pending = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	int64_t drop = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sq_reset(st);
	if (rc != SQLITE_ROW)
		return sq_map_error(rc);
	if (pending || !drop)
		return STORE_OK;
	st = s->st[SQ_OUTBOX_DROP];
	sqlite3_bind_int64(st, 1, id);
	rc = sq_run(st);
	if (rc != SQLITE_OK)
		return sq_map_error(rc);
	if (sqlite3_changes(s->db) == 0)
		return STORE_OK; /* still waiting for its account's receiver */
	(*dropped)++;
	st = s->st[SQ_API_DELETE_EVENTS];
	sqlite3_bind_int64(st, 1, id);
	return sq_map_error(sq_run(st));
}

int sq_exec_outbox_result(struct sqlite_store *s, struct store_op *op)
{
	const struct store_outbox_result *r = op->outbox;
	if (!r || r->n == 0) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	int err = op->n ? sq_exec_insert(s, op) : STORE_OK;
	op->count = 0;
	sqlite3_stmt *st = s->st[SQ_OUTBOX_SET];
	for (size_t i = 0; err == STORE_OK && i < r->n; i++) {
		sqlite3_bind_int64(st, 1, r->ids[i]);
		sqlite3_bind_int(st, 2, r->state);
		sqlite3_bind_int64(st, 3, r->next_at);
		sqlite3_bind_int64(st, 4, r->attempts);
		if (r->error)
			sqlite3_bind_text(st, 5, r->error, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_int64(st, 6, op->at);
		int rc = sqlite3_step(st);
		int64_t message_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		while (rc == SQLITE_ROW)
			rc = sqlite3_step(st);
		sq_reset(st);
		if (rc != SQLITE_DONE)
			err = sq_map_error(rc);
		else if (message_id && r->state != STORE_OUTBOX_PENDING)
			err = maybe_drop(s, message_id, &op->count);
	}
	return err;
}

int sq_exec_outbox_list(struct sqlite_store *s, struct store_op *op)
{
	op->outbox_rows = NULL;
	op->n_outbox_rows = 0;
	if (op->limit == 0)
		return STORE_OK;
	op->outbox_rows = calloc(op->limit, sizeof *op->outbox_rows);
	if (!op->outbox_rows) {
		op->result = STORE_ENOMEM;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[SQ_OUTBOX_LIST];
	sqlite3_bind_int(st, 1, op->state);
	sqlite3_bind_int64(st, 2, op->limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && op->n_outbox_rows < op->limit)
		read_row(st, &op->outbox_rows[op->n_outbox_rows++]);
	sq_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_map_error(rc);
}
