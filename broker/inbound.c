/* inbound.c - MO messages into the store and on to their account (see inbound.h). */
#include "inbound.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "dispatch.h"
#include "fwd_rules.h"
#include "log.h"
#include "outbox.h"
#include "store.h"

struct inbound_txn {
	struct store_op op;
	struct store_msg msg;
	struct broker *b;
	inbound_done_fn done;
	void *arg;
	struct store_outbox_target *targets; /* the forwarding rows stored with it */
	size_t n_targets;
	uint8_t payload[];
};

const char *inbound_account_for(const struct broker *b, const char *dst, const char *fallback)
{
	const char *acct = dispatcher_account_for(b->dispatcher, dst);
	return acct ? acct : fallback ? fallback : "";
}

static void stored_cb(struct store_op *op)
{
	struct inbound_txn *t = (struct inbound_txn *)op;
	if (op->result == STORE_OK) {
		log_info("inbound.stored message=%lld connector=%s account=%s from=%s to=%s",
			 (long long)t->msg.id, t->msg.connector, t->msg.account[0] ? t->msg.account : "-",
			 t->msg.src_addr, t->msg.dst_addr);
		if (!t->msg.account[0])
			log_warn("inbound.no_account message=%lld to=%s note=\"no account's address_range"
				 " takes it; it waits in the store\"", (long long)t->msg.id, t->msg.dst_addr);
		dispatcher_kick(t->b->dispatcher);
		if (t->n_targets) {
			log_info("inbound.forwarding message=%lld rows=%zu", (long long)t->msg.id,
				 t->n_targets);
			outbox_kick(t->b->outbox);
		}
	} else {
		log_error("inbound.store_failed connector=%s error=\"%s\"", t->msg.connector,
			  store_strerror(op->result));
	}
	if (t->done)
		t->done(t->arg, op->result, op->result == STORE_OK ? t->msg.id : 0);
	free(t->targets);
	free(t);
}

/* Stores the message with a row for each forwarding target it has (one transaction). */
static void insert(struct inbound_txn *t)
{
	memset(&t->op, 0, sizeof t->op);
	struct fwd_incoming fi = {.src = t->msg.src_addr, .dst = t->msg.dst_addr,
				  .connector = t->msg.connector, .created_at = t->msg.created_at};
	t->targets = fwd_rules_alloc(t->b->conf, &fi, &t->n_targets);
	t->op.kind = t->n_targets ? STORE_OP_MSG_INSERT_FWD : STORE_OP_MSG_INSERT;
	t->op.targets = t->targets;
	t->op.n_targets = t->n_targets;
	t->op.msgs = &t->msg;
	t->op.n = 1;
	t->op.cb = stored_cb;
	store_submit(t->b->store, &t->op);
}

/* The lookup of a dedupe submit: stored already, or insert now. */
static void looked_up_cb(struct store_op *op)
{
	struct inbound_txn *t = (struct inbound_txn *)op;
	if (op->result == STORE_OK) {
		int64_t id = op->msg.id;
		log_info("inbound.duplicate message=%lld connector=%s remote_id=%s", (long long)id,
			 t->msg.connector, t->msg.remote_id);
		store_op_clear(op);
		if (t->done)
			t->done(t->arg, STORE_OK, id);
		free(t->targets);
		free(t);
		return;
	}
	store_op_clear(op);
	insert(t);
}

static void copy_text(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

int inbound_submit(struct broker *b, const struct inbound_sms *in, inbound_done_fn done, void *arg)
{
	struct inbound_txn *t = calloc(1, sizeof *t + in->payload_len);
	if (!t)
		return -1;
	struct store_msg *m = &t->msg;
	int64_t now = broker_now_ms();
	m->direction = STORE_DIR_MO;
	m->state = STORE_ST_QUEUED;
	copy_text(m->connector, sizeof m->connector, in->connector);
	copy_text(m->remote_id, sizeof m->remote_id, in->remote_id);
	copy_text(m->src_addr, sizeof m->src_addr, in->src_addr);
	copy_text(m->dst_addr, sizeof m->dst_addr, in->dst_addr);
	copy_text(m->account, sizeof m->account, inbound_account_for(b, m->dst_addr, in->account));
	m->src_ton = in->src_ton;
	m->src_npi = in->src_npi;
	m->dst_ton = in->dst_ton;
	m->dst_npi = in->dst_npi;
	m->data_coding = in->data_coding;
	m->esm_class = in->esm_class;
	m->protocol_id = in->protocol_id;
	m->concat_ref = in->concat_ref;
	m->part_total = in->part_total;
	m->part_seq = in->part_seq;
	m->next_at = m->created_at = m->updated_at = now;
	memcpy(t->payload, in->payload, in->payload_len);
	m->payload = t->payload;
	m->payload_len = in->payload_len;
	t->b = b;
	t->done = done;
	t->arg = arg;
	if (in->dedupe && m->remote_id[0]) {
		t->op.kind = STORE_OP_MSG_FIND_REMOTE;
		snprintf(t->op.connector, sizeof t->op.connector, "%s", m->connector);
		snprintf(t->op.remote_id, sizeof t->op.remote_id, "%s", m->remote_id);
		t->op.cb = looked_up_cb;
		store_submit(b->store, &t->op);
		return 0;
	}
	insert(t);
	return 0;
}
