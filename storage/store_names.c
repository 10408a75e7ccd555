/* store_names.c - names of store errors and states; freeing what ops and rows own. */
#include <stdlib.h>

#include "store.h"

const char *store_strerror(int err)
{
	switch (err) {
	case STORE_OK: return "ok";
	case STORE_ENOTFOUND: return "not found";
	case STORE_EFULL: return "disk or database full";
	case STORE_EIO: return "database I/O error";
	case STORE_EFOREIGN: return "not an smsbroker database";
	case STORE_ENEWER: return "database written by a newer smsbroker";
	case STORE_EREADONLY: return "database is read-only";
	case STORE_ENOMEM: return "out of memory";
	case STORE_ECLOSED: return "store is closing";
	case STORE_EBUSY: return "database locked by another process";
	case STORE_EINVAL: return "invalid request";
	case STORE_ESTATE: return "message is not in a state that allows this";
	case STORE_EDUPLICATE: return "email already handled";
	}
	return "unknown store error";
}

static const char *const state_names[] = {
	[STORE_ST_ACCEPTED] = "accepted",
	[STORE_ST_SCHEDULED] = "scheduled",
	[STORE_ST_QUEUED] = "queued",
	[STORE_ST_DISPATCHING] = "dispatching",
	[STORE_ST_SENT] = "sent",
	[STORE_ST_DELIVERED] = "delivered",
	[STORE_ST_UNDELIVERABLE] = "undeliverable",
	[STORE_ST_EXPIRED] = "expired",
	[STORE_ST_REJECTED] = "rejected",
	[STORE_ST_CANCELLED] = "cancelled",
};

const char *store_state_name(int state)
{
	if (state < 0 || (size_t)state >= sizeof state_names / sizeof state_names[0])
		return "unknown";
	return state_names[state];
}

bool store_state_is_final(int state)
{
	return state >= STORE_ST_DELIVERED && state <= STORE_ST_CANCELLED;
}

void store_msg_clear(struct store_msg *m)
{
	if (m->owns_buffers) {
		free((void *)m->payload);
		free((void *)m->tlvs);
	}
	m->payload = m->tlvs = NULL;
	m->payload_len = m->tlvs_len = 0;
	m->owns_buffers = false;
}

void store_op_clear(struct store_op *op)
{
	store_msg_clear(&op->msg);
	for (size_t i = 0; i < op->n_rows; i++)
		store_msg_clear(&op->rows[i]);
	free(op->rows);
	op->rows = NULL;
	op->n_rows = 0;
	for (size_t i = 0; i < op->n_receipts; i++)
		store_msg_clear(&op->receipts[i]);
	free(op->receipts);
	op->receipts = NULL;
	op->n_receipts = 0;
	free(op->events);
	op->events = NULL;
	op->n_events = 0;
	free(op->callback_url);
	op->callback_url = NULL;
	for (size_t i = 0; i < op->n_jobs; i++) {
		struct store_outbox_job *j = &op->jobs[i];
		for (size_t k = 0; k < j->n_parts; k++)
			store_msg_clear(&j->parts[k]);
		free(j->parts);
		free(j->ids);
		store_msg_clear(&j->about);
		free(j->url);
		free(j->report_text);
		free(j->report_body);
	}
	free(op->jobs);
	op->jobs = NULL;
	op->n_jobs = 0;
	free(op->outbox_rows);
	op->outbox_rows = NULL;
	op->n_outbox_rows = 0;
}

const char *store_outbox_state_name(int state)
{
	static const char *const names[] = {"pending", "done", "failed", "expired", "skipped"};
	return state >= 0 && state < (int)(sizeof names / sizeof names[0]) ? names[state] : "unknown";
}
