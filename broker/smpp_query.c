/*
 * smpp_query.c - query_sm, cancel_sm and replace_sm: an ESME asking about,
 * withdrawing or changing a message it submitted. Each is one store op on
 * the submitting account's own messages; the answer comes from the op's
 * completion (the session found by id). cancel and replace only touch
 * messages not yet handed on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker.h"
#include "log.h"
#include "smpp_fields.h"
#include "smpp_server_internal.h"
#include "smpp_time.h"
#include "status_map.h"
#include "store.h"

struct query_txn {
	struct store_op op;
	struct smpp_server *srv;
	uint64_t session_id;
	uint32_t seq;
	uint32_t command; /* the request's command_id */
	char message_id[65];
	char source_addr[21];
	uint8_t payload[SMPP_MAX_SM_LEN];
};

static struct query_txn *txn_new(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	struct query_txn *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->srv = s->srv;
	t->session_id = s->id;
	t->seq = pdu->hdr.sequence_number;
	t->command = pdu->hdr.command_id;
	t->op.at = broker_now_ms();
	snprintf(t->op.account, sizeof t->op.account, "%s", s->system_id);
	return t;
}

static void send_query_resp(struct smpp_session *s, const struct query_txn *t, uint32_t status,
			    const struct store_msg *m)
{
	struct smpp_pdu *p = &s->srv->out;
	memset(&p->hdr, 0, sizeof p->hdr);
	memset(&p->query_sm_resp, 0, sizeof p->query_sm_resp);
	p->tlvs.count = 0;
	p->hdr.command_id = SMPP_CMD_QUERY_SM_RESP;
	p->hdr.command_status = status;
	p->hdr.sequence_number = t->seq;
	struct smpp_query_sm_resp *r = &p->query_sm_resp;
	memcpy(r->message_id, t->message_id, sizeof r->message_id);
	if (status == SMPP_ESME_ROK) {
		r->message_state = status_smpp_message_state(m->state);
		r->error_code = (uint8_t)(m->error_code > 255 ? 255 : m->error_code);
		if (m->done_at)
			smpp_time_format_absolute(m->done_at, 0, r->final_date);
	}
	sess_send(s, p);
}

static void done_cb(struct store_op *op)
{
	struct query_txn *t = (struct query_txn *)op;
	struct smpp_session *s = smpp_server_find(t->srv, t->session_id);
	if (s) {
		uint32_t st;
		switch (t->command) {
		case SMPP_CMD_QUERY_SM:
			st = op->result == STORE_OK ? SMPP_ESME_ROK
			     : op->result == STORE_ENOTFOUND ? SMPP_ESME_RINVMSGID
							     : status_smpp_from_store(op->result);
			/* The source address, when given, must be the message's own. */
			if (st == SMPP_ESME_ROK && t->source_addr[0] &&
			    strcmp(t->source_addr, op->msg.src_addr) != 0)
				st = SMPP_ESME_RINVMSGID;
			send_query_resp(s, t, st, &op->msg);
			break;
		case SMPP_CMD_CANCEL_SM:
			st = op->result == STORE_OK ? SMPP_ESME_ROK
			     : op->result == STORE_ENOTFOUND ? SMPP_ESME_RCANCELFAIL
							     : status_smpp_from_store(op->result);
			sess_send_status(s, SMPP_CMD_CANCEL_SM_RESP, st, t->seq);
			break;
		default:
			st = op->result == STORE_OK ? SMPP_ESME_ROK
			     : op->result == STORE_ENOTFOUND ? SMPP_ESME_RINVMSGID
			     : op->result == STORE_ESTATE ? SMPP_ESME_RREPLACEFAIL
							  : status_smpp_from_store(op->result);
			sess_send_status(s, SMPP_CMD_REPLACE_SM_RESP, st, t->seq);
		}
		log_debug("smpp.%s session=%llu message=%s status=%s", smpp_command_name(t->command),
			  (unsigned long long)t->session_id, t->message_id, smpp_status_name(st));
		sess_op_finished(s);
	}
	store_op_clear(op);
	free(t);
}

static void submit(struct smpp_session *s, struct query_txn *t)
{
	t->op.cb = done_cb;
	sess_op_started(s);
	store_submit(s->srv->b->store, &t->op);
}

static void refuse(struct smpp_session *s, const struct smpp_pdu *pdu, uint32_t status)
{
	if (pdu->hdr.command_id == SMPP_CMD_QUERY_SM) {
		struct query_txn t = {.seq = pdu->hdr.sequence_number};
		memcpy(t.message_id, pdu->query_sm.message_id, sizeof t.message_id);
		send_query_resp(s, &t, status, NULL);
	} else {
		sess_send_status(s, smpp_response_id(pdu->hdr.command_id), status,
				 pdu->hdr.sequence_number);
	}
}

void smpp_handle_query(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	const struct smpp_query_sm *q = &pdu->query_sm;
	int64_t id;
	if (!smpp_field_message_id(q->message_id, &id)) {
		refuse(s, pdu, SMPP_ESME_RINVMSGID);
		return;
	}
	struct query_txn *t = txn_new(s, pdu);
	if (!t) {
		refuse(s, pdu, SMPP_ESME_RSYSERR);
		return;
	}
	memcpy(t->message_id, q->message_id, sizeof t->message_id);
	memcpy(t->source_addr, q->source_addr, sizeof t->source_addr);
	t->op.kind = STORE_OP_MSG_GET;
	t->op.id = id;
	submit(s, t);
}

void smpp_handle_cancel(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	const struct smpp_cancel_sm *c = &pdu->cancel_sm;
	int64_t id = 0;
	if (c->message_id[0] && !smpp_field_message_id(c->message_id, &id)) {
		refuse(s, pdu, SMPP_ESME_RINVMSGID);
		return;
	}
	/* Without an id, the destination says which messages (v3.4 4.9.1). */
	if (!id && !c->destination_addr[0]) {
		refuse(s, pdu, SMPP_ESME_RINVDSTADR);
		return;
	}
	struct query_txn *t = txn_new(s, pdu);
	if (!t) {
		refuse(s, pdu, SMPP_ESME_RSYSERR);
		return;
	}
	memcpy(t->message_id, c->message_id, sizeof t->message_id);
	t->op.kind = STORE_OP_MSG_CANCEL;
	t->op.cancel.id = id;
	snprintf(t->op.cancel.src_addr, sizeof t->op.cancel.src_addr, "%s", c->source_addr);
	snprintf(t->op.cancel.dst_addr, sizeof t->op.cancel.dst_addr, "%s", c->destination_addr);
	snprintf(t->op.cancel.service_type, sizeof t->op.cancel.service_type, "%s", c->service_type);
	submit(s, t);
}

void smpp_handle_replace(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	const struct smpp_replace_sm *r = &pdu->replace_sm;
	int64_t id;
	if (!smpp_field_message_id(r->message_id, &id)) {
		refuse(s, pdu, SMPP_ESME_RINVMSGID);
		return;
	}
	uint32_t status = SMPP_ESME_ROK;
	int64_t now = broker_now_ms();
	int64_t schedule = smpp_field_time(r->schedule_delivery_time, now, SMPP_ESME_RINVSCHED, &status);
	int64_t expire = smpp_field_time(r->validity_period, now, SMPP_ESME_RINVEXPIRY, &status);
	if ((r->registered_delivery & 0x03) == 0x03)
		status = SMPP_ESME_RINVREGDLVFLG;
	struct query_txn *t = status == SMPP_ESME_ROK ? txn_new(s, pdu) : NULL;
	if (!t) {
		refuse(s, pdu, status == SMPP_ESME_ROK ? SMPP_ESME_RSYSERR : status);
		return;
	}
	memcpy(t->message_id, r->message_id, sizeof t->message_id);
	memcpy(t->payload, r->short_message, r->sm_length);
	t->op.kind = STORE_OP_MSG_REPLACE;
	struct store_replace *rep = &t->op.replace;
	rep->id = id;
	snprintf(rep->src_addr, sizeof rep->src_addr, "%s", r->source_addr);
	rep->payload = t->payload;
	rep->payload_len = r->sm_length;
	/* An empty time keeps the message's own (v3.4 4.10.1). */
	rep->schedule_at = r->schedule_delivery_time[0] ? schedule : -1;
	rep->expire_at = r->validity_period[0] ? expire : -1;
	rep->registered_delivery = r->registered_delivery;
	submit(s, t);
}
