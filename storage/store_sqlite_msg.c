/*
 * store_sqlite_msg.c - message rows: insert, read, state changes and the
 * outcome of dispatch attempts (with the receipt a final state produces,
 * in the same transaction, so a receipt is never lost nor made twice).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sqlite_internal.h"

/* The columns both INSERT statements start with (id .. dst_npi); returns the next index. */
static int bind_head(sqlite3_stmt *st, int64_t id, const struct store_msg *m)
{
	int k = 1;
	sqlite3_bind_int64(st, k++, id);
	sqlite3_bind_int(st, k++, m->direction);
	sqlite3_bind_int(st, k++, m->state);
	sqlite3_bind_text(st, k++, m->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k++, m->src_addr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, k++, m->src_ton);
	sqlite3_bind_int(st, k++, m->src_npi);
	sqlite3_bind_text(st, k++, m->dst_addr, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, k++, m->dst_ton);
	sqlite3_bind_int(st, k++, m->dst_npi);
	return k;
}

static int bind_msg(sqlite3_stmt *st, int64_t id, const struct store_msg *m)
{
	int k = bind_head(st, id, m);
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
	sqlite3_bind_int64(st, k++, m->group_id);
	return k;
}

/* True when every column SQ_INSERT_NARROW leaves out has its default value. */
static bool narrow_ok(const struct store_msg *m)
{
	return !m->service_type[0] && !m->esm_class && !m->protocol_id && !m->priority &&
	       !m->concat_ref && !m->part_total && !m->part_seq && !m->schedule_at &&
	       !m->attempts && !m->error_code && !m->receipt_of && !m->connector[0] &&
	       !m->remote_id[0] && !m->done_at && !m->tlvs_len && !m->group_id;
}

static void bind_narrow(sqlite3_stmt *st, int64_t id, const struct store_msg *m)
{
	int k = bind_head(st, id, m);
	sqlite3_bind_int(st, k++, m->data_coding);
	sqlite3_bind_int(st, k++, m->registered_delivery);
	sqlite3_bind_int64(st, k++, m->expire_at);
	sqlite3_bind_int64(st, k++, m->next_at);
	sqlite3_bind_int64(st, k++, m->created_at);
	sqlite3_bind_int64(st, k++, m->updated_at);
	sqlite3_bind_blob(st, k++, m->payload ? (const void *)m->payload : "", (int)m->payload_len,
			  SQLITE_STATIC);
}

static int insert_one(struct sqlite_store *s, struct store_msg *m)
{
	/*
	 * The store's hottest statement (docs/benchmarks.md: measured with
	 * tests/bench/store/bench_store). Every parameter is bound again for
	 * each row, so the bindings need no clearing; the pointers bound are
	 * the caller's and stay valid while the op runs.
	 */
	bool narrow = narrow_ok(m);
	sqlite3_stmt *st = s->st[narrow ? SQ_INSERT_NARROW : SQ_INSERT];
	/* Ids come from the store, not SQLite: never one used before (schema 11). */
	int64_t id = s->next_id;
	if (narrow)
		bind_narrow(st, id, m);
	else
		bind_msg(st, id, m);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_map_error(rc);
	s->next_id = id + 1;
	m->id = id;
	if (m->direction == STORE_DIR_DR && m->receipt_of) {
		st = s->st[SQ_RECEIPT_CALLBACK];
		sqlite3_bind_int64(st, 1, m->id);
		sqlite3_bind_int64(st, 2, m->created_at);
		sqlite3_bind_int64(st, 3, m->receipt_of);
		rc = sq_run(st);
		if (rc != SQLITE_OK)
			return sq_map_error(rc);
	}
	return STORE_OK;
}

int sq_exec_insert(struct sqlite_store *s, struct store_op *op)
{
	for (size_t i = 0; i < op->n; i++) {
		struct store_msg *m = &op->msgs[i];
		if (op->group_parts && op->n > 1)
			m->group_id = i ? op->msgs[0].id : 0;
		int rc = insert_one(s, m);
		if (rc == STORE_OK && op->group_parts && op->n > 1 && i == 0) {
			/* Its id is known only now: the group is named after it. */
			m->group_id = m->id;
			sqlite3_stmt *st = s->st[SQ_GROUP_SET];
			sqlite3_bind_int64(st, 1, m->id);
			rc = sq_map_error(sq_run(st));
		}
		if (rc != STORE_OK)
			return rc;
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

int sq_read_msg(sqlite3_stmt *st, struct store_msg *m)
{
	memset(m, 0, sizeof *m);
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
	if (column_blob(st, k++, &m->payload, &m->payload_len) != 0 ||
	    column_blob(st, k++, &m->tlvs, &m->tlvs_len) != 0) {
		store_msg_clear(m);
		return -1;
	}
	m->group_id = sqlite3_column_int64(st, k++);
	return 0;
}

/* Runs a SELECT of one message row into op->msg. */
static int select_one(sqlite3_stmt *st, struct store_op *op)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sq_read_msg(st, &op->msg) != 0)
		op->result = STORE_ENOMEM;
	else if (rc == SQLITE_DONE)
		op->result = STORE_ENOTFOUND;
	sq_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_map_error(rc);
}

int sq_exec_get(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_GET];
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_text(st, 2, op->account, -1, SQLITE_STATIC);
	return select_one(st, op);
}

int sq_exec_find_remote(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_FIND_REMOTE];
	sqlite3_bind_text(st, 1, op->connector, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, op->remote_id, -1, SQLITE_STATIC);
	return select_one(st, op);
}

int sq_event(struct sqlite_store *s, int64_t id, int64_t at, int state, uint32_t error_code)
{
	sqlite3_stmt *st = s->st[SQ_EVENT];
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, state);
	sqlite3_bind_int64(st, 4, error_code);
	return sq_map_error(sq_run(st));
}

int sq_exec_set_state(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_SET_STATE];
	sqlite3_bind_int64(st, 1, op->id);
	sqlite3_bind_int(st, 2, op->state);
	sqlite3_bind_int64(st, 3, op->error_code);
	sqlite3_bind_int64(st, 4, op->at);
	sqlite3_bind_int(st, 5, store_state_is_final(op->state));
	int rc = sq_run(st);
	if (rc != SQLITE_OK)
		return sq_map_error(rc);
	if (sqlite3_changes(s->db) == 0) {
		op->result = STORE_ENOTFOUND;
		return STORE_OK;
	}
	return sq_event(s, op->id, op->at, op->state, op->error_code);
}

/*
 * A part of a split message reports for the whole only when it decides it:
 * delivered and every other part delivered, or failed and no other part
 * failed before. Intermediate (non-final) notifications always go.
 */
static bool group_receipt_due(struct sqlite_store *s, const struct store_update *u, int *rc)
{
	if (!u->group_id || !store_state_is_final(u->state))
		return true;
	sqlite3_stmt *st = s->st[SQ_GROUP_OTHERS];
	sqlite3_bind_int64(st, 1, u->group_id);
	sqlite3_bind_int64(st, 2, u->id);
	int step = sqlite3_step(st);
	int64_t undelivered = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int64_t failed = step == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
	sq_reset(st);
	if (step != SQLITE_ROW) {
		*rc = sq_map_error(step);
		return false;
	}
	return u->state == STORE_ST_DELIVERED ? undelivered == 0 : failed == 0;
}

int sq_exec_update(struct sqlite_store *s, struct store_op *op)
{
	struct store_update *u = &op->update;
	sqlite3_stmt *st = s->st[SQ_UPDATE];
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_int(st, 2, u->state);
	sqlite3_bind_int64(st, 3, u->next_at);
	sqlite3_bind_int64(st, 4, u->attempts);
	sqlite3_bind_int64(st, 5, u->error_code);
	sqlite3_bind_text(st, 6, u->connector, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, u->remote_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, op->at);
	sqlite3_bind_int(st, 9, store_state_is_final(u->state));
	int rc = sq_run(st);
	if (rc != SQLITE_OK)
		return sq_map_error(rc);
	if (sqlite3_changes(s->db) == 0) {
		op->result = STORE_ENOTFOUND;
		return STORE_OK;
	}
	rc = sq_event(s, u->id, op->at, u->state, u->error_code);
	if (rc == STORE_OK && u->receipt && group_receipt_due(s, u, &rc))
		rc = insert_one(s, u->receipt);
	return rc;
}

int sq_exec_unmatched_insert(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[SQ_UNMATCHED_INSERT];
	sqlite3_bind_text(st, 1, op->connector, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, op->remote_id, -1, SQLITE_STATIC);
	if (op->text && *op->text)
		sqlite3_bind_text(st, 3, op->text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int(st, 4, op->state);
	sqlite3_bind_int64(st, 5, op->error_code);
	sqlite3_bind_int64(st, 6, op->at);
	return sq_map_error(sq_run(st));
}

int sq_exec_count(struct sqlite_store *s, struct store_op *op)
{
	sqlite3_stmt *st = s->st[op->state < 0 ? SQ_COUNT_ALL : SQ_COUNT_STATE];
	if (op->state >= 0)
		sqlite3_bind_int(st, 1, op->state);
	int rc = sqlite3_step(st);
	op->count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sq_reset(st);
	return rc == SQLITE_ROW ? STORE_OK : sq_map_error(rc);
}
