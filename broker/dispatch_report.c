/*
 * dispatch_report.c - a next hop's report on a message it took earlier (an
 * upstream SMSC's receipt, a modem's status report): find the message by
 * each form of the id that hop gave it, record the new state (and the
 * submitter's receipt) through the dispatcher, or keep the report in
 * unmatched_reports when it matches nothing. The connector acknowledges
 * the report only from the done callback, after the commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "connector.h"
#include "dispatch.h"
#include "dispatch_internal.h"
#include "log.h"
#include "store.h"

/* A report in flight: find the message (by each form of its id in turn), then record its state. */
struct report_txn {
	struct store_op op;
	struct dispatcher *d;
	struct broker *b;
	int state;
	uint32_t error_code;
	bool log_unmatched;
	char ids[DISPATCH_REPORT_MAX_IDS][STORE_REMOTE_ID_MAX];
	size_t n_ids, next_id;
	void (*done)(void *arg, int result);
	void *arg;
};

static void report_find(struct report_txn *t);

/* An unmatched report is on disk: now the connector may acknowledge it. */
static void unmatched_kept_cb(struct store_op *op)
{
	struct report_txn *t = op->arg;
	if (op->result != STORE_OK)
		log_error("dispatch.unmatched_not_kept connector=%s remote_id=\"%s\" error=\"%s\"",
			  op->connector, op->remote_id, store_strerror(op->result));
	if (t->done)
		t->done(t->arg, STORE_ENOTFOUND);
	free((char *)op->text);
	free(op);
	free(t);
}

/* Returns true when t was handed to the op that keeps the report (it frees t then). */
static bool report_unmatched(struct report_txn *t, int result)
{
	if (t->log_unmatched && result == STORE_ENOTFOUND) {
		/* Kept for inspection, in the log and in unmatched_reports, with the id
		 * exactly as the hop gave it and the other forms tried. */
		char tried[DISPATCH_REPORT_MAX_IDS * (STORE_REMOTE_ID_MAX + 1)] = "";
		for (size_t i = 1; i < t->n_ids; i++)
			snprintf(tried + strlen(tried), sizeof tried - strlen(tried), "%s%s",
				 i > 1 ? "," : "", t->ids[i]);
		log_warn("dispatch.unmatched_report connector=%s remote_id=\"%s\" also_tried=\"%s\" "
			 "state=%s error_code=%u", t->op.connector, t->ids[0], tried,
			 store_state_name(t->state), t->error_code);
		struct store_op *keep = calloc(1, sizeof *keep);
		char *text = strdup(tried);
		if (keep && text) {
			keep->kind = STORE_OP_UNMATCHED_INSERT;
			snprintf(keep->connector, sizeof keep->connector, "%s", t->op.connector);
			snprintf(keep->remote_id, sizeof keep->remote_id, "%s", t->ids[0]);
			keep->text = text;
			keep->state = t->state;
			keep->error_code = t->error_code;
			keep->at = broker_now_ms();
			keep->cb = unmatched_kept_cb;
			keep->arg = t;
			store_submit(t->b->store, keep);
			return true; /* t is answered and freed when it is kept */
		}
		free(keep);
		free(text);
	} else if (result != STORE_ENOTFOUND) {
		log_error("dispatch.report_failed connector=%s remote_id=\"%s\" error=\"%s\"",
			  t->op.connector, t->ids[0], store_strerror(result));
	}
	if (t->done)
		t->done(t->arg, result);
	return false;
}

static void report_found_cb(struct store_op *op)
{
	struct report_txn *t = (struct report_txn *)op;
	if (op->result == STORE_ENOTFOUND && t->next_id < t->n_ids) {
		report_find(t); /* the next form of the id */
		return;
	}
	if (op->result != STORE_OK) {
		if (report_unmatched(t, op->result)) {
			store_op_clear(op);
			return;
		}
	} else if (store_state_is_final(op->msg.state)) {
		/* A second report for a message already final (duplicates happen): nothing changes. */
		log_info("dispatch.late_report message=%lld state=%s", (long long)op->msg.id,
			 store_state_name(op->msg.state));
		if (t->done)
			t->done(t->arg, STORE_OK);
	} else {
		struct store_msg *m = &op->msg;
		int64_t next_at = store_state_is_final(t->state) ? 0 : m->next_at;
		dispatch_record_msg(t->d, m, m->connector, t->state, t->error_code, next_at, m->attempts,
			   m->remote_id, t->done, t->arg);
	}
	store_op_clear(op);
	free(t);
}

static void report_find(struct report_txn *t)
{
	char connector[STORE_CONNECTOR_MAX];
	memcpy(connector, t->op.connector, sizeof connector);
	store_op_clear(&t->op);
	memset(&t->op, 0, sizeof t->op);
	t->op.kind = STORE_OP_MSG_FIND_REMOTE;
	memcpy(t->op.connector, connector, sizeof connector);
	memcpy(t->op.remote_id, t->ids[t->next_id++], sizeof t->op.remote_id);
	t->op.cb = report_found_cb;
	store_submit(t->b->store, &t->op);
}

void dispatch_report_any(struct broker *b, const char *connector, const char *const *ids,
			 size_t n, int state, uint32_t error_code, bool log_unmatched,
			 void (*done)(void *arg, int result), void *arg)
{
	struct report_txn *t = n > 0 ? calloc(1, sizeof *t) : NULL;
	if (!t) {
		if (done)
			done(arg, n > 0 ? STORE_ENOMEM : STORE_ENOTFOUND);
		return;
	}
	t->d = b->dispatcher;
	t->b = b;
	t->state = state;
	t->error_code = error_code;
	t->log_unmatched = log_unmatched;
	t->done = done;
	t->arg = arg;
	t->n_ids = n < DISPATCH_REPORT_MAX_IDS ? n : DISPATCH_REPORT_MAX_IDS;
	for (size_t i = 0; i < t->n_ids; i++)
		snprintf(t->ids[i], sizeof t->ids[i], "%s", ids[i]);
	snprintf(t->op.connector, sizeof t->op.connector, "%s", connector);
	report_find(t);
}

void dispatch_report(struct broker *b, const char *connector, const char *remote_id, int state,
		     uint32_t error_code, void (*done)(void *arg, int result), void *arg)
{
	dispatch_report_any(b, connector, &remote_id, 1, state, error_code, true, done, arg);
}

