/*
 * store_sqlite_internal.h - what the SQLite backend's files share: the
 * connection, its prepared statements, and the row <-> struct helpers.
 */
#ifndef SMSB_STORE_SQLITE_INTERNAL_H
#define SMSB_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* Every column of messages in struct store_msg order, for SELECTs. */
#define SQ_MSG_COLUMNS                                                                  \
	"id, direction, state, account, src_addr, src_ton, src_npi, dst_addr, dst_ton,"  \
	" dst_npi, service_type, esm_class, protocol_id, priority, data_coding,"         \
	" registered_delivery, concat_ref, part_total, part_seq, schedule_at, expire_at," \
	" next_at, attempts, error_code, receipt_of, connector, remote_id, created_at,"  \
	" updated_at, done_at, payload, tlvs, group_id"

/* Every column of outbox, in struct store_outbox order. */
#define SQ_OUTBOX_COLUMNS                                                              \
	"id, message_id, target_kind, target_name, state, attempts, next_at, expire_at," \
	" created_at, updated_at, flags, coalesce(last_error, '')"

enum sq_stmt {
	SQ_BEGIN,
	SQ_COMMIT,
	SQ_ROLLBACK,
	SQ_INSERT,
	SQ_GET,
	SQ_SET_STATE,
	SQ_EVENT,
	SQ_COUNT_STATE,
	SQ_COUNT_ALL,
	SQ_FIND_REMOTE,
	SQ_UPDATE,
	SQ_CLAIM,
	SQ_MARK_DISPATCHING,
	SQ_WAKE_ACCOUNT,
	SQ_WAKE_CONNECTOR,
	SQ_CANCEL_ID,
	SQ_CANCEL_MATCH,
	SQ_REPLACE,
	SQ_MAIL_FIND,
	SQ_MAIL_INSERT,
	SQ_MAIL_LOOKUP_UIDL,
	SQ_MAIL_LOOKUP_MID,
	SQ_METER_INSERT,
	SQ_SCHEDULE_GET,
	SQ_SCHEDULE_SET,
	SQ_API_LIST,
	SQ_API_PARTS,
	SQ_API_EVENTS,
	SQ_API_RECEIPTS,
	SQ_API_DELETE_ROW,
	SQ_API_DELETE_EVENTS,
	SQ_API_DELETE_RECEIPTS,
	SQ_API_TOTALS,
	SQ_API_CALLBACK_SET,
	SQ_API_CALLBACK_GET,
	SQ_API_CALLBACK_DELETE,
	SQ_GROUP_SET,
	SQ_GROUP_OTHERS,
	SQ_OUTBOX_INSERT,
	SQ_OUTBOX_DUE,
	SQ_OUTBOX_SIBLINGS,
	SQ_OUTBOX_ROW_OF,
	SQ_OUTBOX_LEASE,
	SQ_OUTBOX_RECENT,
	SQ_OUTBOX_SET,
	SQ_OUTBOX_DROP_CHECK,
	SQ_OUTBOX_DROP,
	SQ_OUTBOX_LIST,
	SQ_UNMATCHED_INSERT,
	SQ_INSERT_NARROW,
	SQ_RECEIPT_CALLBACK,
	SQ_METER_REPORT_INSERT,
	SQ_METER_REPORT_GET,
	SQ__COUNT
};

struct sqlite_store {
	sqlite3 *db;
	sqlite3_stmt *st[SQ__COUNT];
	/* The id the next message row gets: above every id ever used (never
	 * reused, schema 11); next_id_at_begin restores it on a rollback. */
	int64_t next_id, next_id_at_begin;
};

extern const char *const sq_stmt_sql[SQ__COUNT];

/* An SQLite result code as an enum store_err. */
int sq_map_error(int rc);
/* Steps a statement that returns no rows, resets it; SQLITE_OK or the error. */
int sq_run(sqlite3_stmt *st);
/* Resets st and clears its bindings. */
void sq_reset(sqlite3_stmt *st);
/* Reads the SQ_MSG_COLUMNS of the current row into m (m owns its buffers). -1: no memory. */
int sq_read_msg(sqlite3_stmt *st, struct store_msg *m);
/* Writes a message_events row. */
int sq_event(struct sqlite_store *s, int64_t id, int64_t at, int state, uint32_t error_code);

/* Ops, by family. Each returns 0 or an error that spoils the transaction. */
int sq_exec_insert(struct sqlite_store *s, struct store_op *op);
int sq_exec_unmatched_insert(struct sqlite_store *s, struct store_op *op);
int sq_exec_get(struct sqlite_store *s, struct store_op *op);
int sq_exec_set_state(struct sqlite_store *s, struct store_op *op);
int sq_exec_count(struct sqlite_store *s, struct store_op *op);
int sq_exec_find_remote(struct sqlite_store *s, struct store_op *op);
int sq_exec_update(struct sqlite_store *s, struct store_op *op);
int sq_exec_claim(struct sqlite_store *s, struct store_op *op);
int sq_exec_wake_account(struct sqlite_store *s, struct store_op *op);
int sq_exec_cancel(struct sqlite_store *s, struct store_op *op);
int sq_exec_replace(struct sqlite_store *s, struct store_op *op);
int sq_exec_mail_insert(struct sqlite_store *s, struct store_op *op);
int sq_exec_mail_lookup(struct sqlite_store *s, struct store_op *op);
int sq_exec_meter_insert(struct sqlite_store *s, struct store_op *op);
int sq_exec_schedule_get(struct sqlite_store *s, struct store_op *op);
int sq_exec_schedule_set(struct sqlite_store *s, struct store_op *op);
int sq_exec_meter_report_insert(struct sqlite_store *s, struct store_op *op);
/* A "report" outbox job's report row (j->row.message_id) into j; gone: left empty. */
int sq_load_meter_report(struct sqlite_store *s, struct store_outbox_job *j);
/* The HTTP API's views (store_sqlite_api.c). */
int sq_exec_api_list(struct sqlite_store *s, struct store_op *op);
int sq_exec_api_detail(struct sqlite_store *s, struct store_op *op);
int sq_exec_api_delete(struct sqlite_store *s, struct store_op *op);
int sq_exec_api_totals(struct sqlite_store *s, struct store_op *op);
int sq_exec_api_callback_set(struct sqlite_store *s, struct store_op *op);
/* The forwarding outbox (store_sqlite_outbox.c). */
int sq_exec_insert_fwd(struct sqlite_store *s, struct store_op *op);
int sq_exec_outbox_claim(struct sqlite_store *s, struct store_op *op);
int sq_exec_outbox_result(struct sqlite_store *s, struct store_op *op);
int sq_exec_outbox_list(struct sqlite_store *s, struct store_op *op);

#endif
