/*
 * conn_smpp_deliver.c - deliver_sm from the SMSC: delivery receipts for
 * what we sent, and MO messages. Either way deliver_sm_resp goes out only
 * after the store has committed what it said (or found it says nothing we
 * know): an SMSC whose deliver_sm was not answered sends it again.
 *
 * Receipts (esm_class message type bits set): the upstream id comes from
 * the receipted_message_id TLV, else from the text's "id:"; the state from
 * the message_state TLV, else "stat:"; the error from network_error_code,
 * else "err:". The id is tried in every form it may take (smpp_dlr.h:
 * decimal as hex, hex as decimal, case, leading zeros). A receipt that
 * matches nothing is held (unanswered) and tried again - at once when a
 * submit_sm_resp comes, else after 50 ms doubling to 1 s - for up to
 * response_timeout, since a receipt may overtake the submit_sm_resp of its
 * message. Then it is logged as unmatched (dispatch.unmatched_report with
 * every form tried) and acknowledged, so the SMSC does not send it forever.
 *
 * Non-final receipts (ENROUTE, ACCEPTD, or a stat we do not know) are
 * acknowledged and logged; the message stays SENT until a final one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conn_smpp.h"
#include "dispatch.h"
#include "inbound.h"
#include "log.h"
#include "store.h"
#include "udh.h"

#define RETRY_FIRST_MS 50
#define RETRY_MAX_MS 1000

struct dlr_report {
	struct broker *b;
	uint64_t link_id; /* the connection it came on, and ... */
	uint32_t seq;     /* ... the sequence number its resp answers */
	char connector[STORE_CONNECTOR_MAX];
	char forms[SMPP_DLR_MAX_FORMS][SMPP_DLR_ID_MAX];
	size_t n_forms;
	int state;        /* enum store_state */
	uint32_t error_code;
	int64_t first_ms; /* when it came (monotonic) */
	unsigned tries;
	bool last;        /* this try gives up (and logs) if nothing matches */
};

/* The final store state an SMPP message_state reports, or -1 when it is not final. */
static int store_state_of(uint8_t smpp_state)
{
	switch (smpp_state) {
	case SMPP_STATE_DELIVERED: return STORE_ST_DELIVERED;
	case SMPP_STATE_EXPIRED: return STORE_ST_EXPIRED;
	case SMPP_STATE_DELETED: return STORE_ST_CANCELLED;
	case SMPP_STATE_UNDELIVERABLE: return STORE_ST_UNDELIVERABLE;
	case SMPP_STATE_REJECTED: return STORE_ST_REJECTED;
	case SMPP_STATE_UNKNOWN: return STORE_ST_UNDELIVERABLE;
	default: return -1; /* ENROUTE, ACCEPTED (often "accepted by the SMSC"), unknown words */
	}
}

/* The octets of the message: short_message, or message_payload. */
static const uint8_t *payload_of(const struct smpp_pdu *pdu, size_t *len)
{
	if (pdu->sm.sm_length > 0) {
		*len = pdu->sm.sm_length;
		return pdu->sm.short_message;
	}
	const struct smpp_tlv *t = smpp_tlv_find(&pdu->tlvs, SMPP_TLV_MESSAGE_PAYLOAD);
	*len = t ? t->len : 0;
	return t ? smpp_tlv_value(t) : (const uint8_t *)"";
}

static uint32_t error_of(const struct smpp_pdu *pdu, const struct smpp_dlr *d)
{
	const struct smpp_tlv *t = smpp_tlv_find(&pdu->tlvs, SMPP_TLV_NETWORK_ERROR_CODE);
	if (t && t->len == 3) {
		const uint8_t *v = smpp_tlv_value(t);
		return (uint32_t)v[1] << 8 | v[2];
	}
	bool hex = d->err[strspn(d->err, "0123456789")] != '\0';
	return (uint32_t)strtoul(d->err, NULL, hex ? 16 : 10);
}

static void answer(struct smpp_link *l, uint32_t seq, uint32_t status)
{
	conn_smpp_link_send_resp(l, SMPP_CMD_DELIVER_SM_RESP, status, seq);
	if (l->reports > 0)
		l->reports--;
}

static void report_done(void *arg, int result);

static void start_match(struct dlr_report *r)
{
	const char *ids[SMPP_DLR_MAX_FORMS];
	for (size_t i = 0; i < r->n_forms; i++)
		ids[i] = r->forms[i];
	dispatch_report_any(r->b, r->connector, ids, r->n_forms, r->state, r->error_code, r->last,
			    report_done, r);
}

static void hold(struct smpp_link *l, struct dlr_report *r)
{
	struct link_held *h = calloc(1, sizeof *h);
	if (!h) {
		answer(l, r->seq, SMPP_ESME_RX_T_APPN); /* the SMSC sends it again */
		free(r);
		return;
	}
	int64_t now = broker_mono_ms();
	int64_t delay = (int64_t)RETRY_FIRST_MS << (r->tries < 5 ? r->tries : 5);
	if (delay > RETRY_MAX_MS)
		delay = RETRY_MAX_MS;
	r->tries++;
	r->last = now + delay - r->first_ms >= l->c->o.response_timeout_ms;
	log_debug("smpp_link.receipt_held connector=%s remote_id=%s tries=%u last=%d", r->connector,
		  r->forms[0], r->tries, r->last);
	h->r = r;
	h->due_ms = now + delay;
	h->next = l->held;
	l->held = h;
}

static void report_done(void *arg, int result)
{
	struct dlr_report *r = arg;
	struct smpp_link *l = conn_smpp_link_find(r->link_id);
	if (!l) {
		free(r); /* its connection is gone; unanswered, the SMSC sends it again */
		return;
	}
	if (result == STORE_ENOTFOUND && !r->last) {
		hold(l, r);
		return;
	}
	if (result == STORE_OK)
		log_debug("smpp_link.receipt connector=%s remote_id=%s state=%s tries=%u",
			  r->connector, r->forms[0], store_state_name(r->state), r->tries + 1);
	/* Unmatched (logged by dispatch_report_any): acknowledged all the same. */
	answer(l, r->seq,
	       result == STORE_OK || result == STORE_ENOTFOUND ? SMPP_ESME_ROK : SMPP_ESME_RX_T_APPN);
	free(r);
}

static void on_receipt(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	uint32_t seq = pdu->hdr.sequence_number;
	size_t len;
	const uint8_t *text = payload_of(pdu, &len);
	struct smpp_dlr d;
	smpp_dlr_parse(text, len, &d);
	char tlv_id[SMPP_DLR_ID_MAX];
	if (smpp_tlv_get_cstring(&pdu->tlvs, SMPP_TLV_RECEIPTED_MESSAGE_ID, tlv_id,
				 sizeof tlv_id) == SMPP_OK && tlv_id[0])
		snprintf(d.id, sizeof d.id, "%s", tlv_id);
	uint8_t smpp_state = 0;
	if (smpp_tlv_get_u8(&pdu->tlvs, SMPP_TLV_MESSAGE_STATE, &smpp_state) != SMPP_OK)
		smpp_state = smpp_dlr_state(d.stat);
	int state = store_state_of(smpp_state);
	if (!d.id[0] || state < 0) {
		log_info("smpp_link.receipt_ignored connector=%s remote_id=\"%s\" stat=\"%s\" "
			 "note=\"%s\"", l->c->base.name, d.id, d.stat,
			 d.id[0] ? "not a final state" : "no message id in it");
		conn_smpp_link_send_resp(l, SMPP_CMD_DELIVER_SM_RESP, SMPP_ESME_ROK, seq);
		return;
	}
	struct dlr_report *r = calloc(1, sizeof *r);
	if (!r) {
		conn_smpp_link_send_resp(l, SMPP_CMD_DELIVER_SM_RESP, SMPP_ESME_RX_T_APPN, seq);
		return;
	}
	r->b = l->c->base.b;
	r->link_id = l->id;
	r->seq = seq;
	snprintf(r->connector, sizeof r->connector, "%s", l->c->base.name);
	r->n_forms = smpp_dlr_id_forms(d.id, r->forms, SMPP_DLR_MAX_FORMS);
	r->state = state;
	r->error_code = error_of(pdu, &d);
	r->first_ms = broker_mono_ms();
	l->reports++;
	start_match(r);
}

struct mo_ctx {
	uint64_t link_id;
	uint32_t seq;
};

static void mo_done(void *arg, int result, int64_t id)
{
	(void)id;
	struct mo_ctx *m = arg;
	struct smpp_link *l = conn_smpp_link_find(m->link_id);
	if (l)
		answer(l, m->seq, result == STORE_OK ? SMPP_ESME_ROK : SMPP_ESME_RX_T_APPN);
	free(m);
}

/* Concatenation of an MO part: from its UDH, or the sar_* TLVs. */
static void concat_of(const struct smpp_pdu *pdu, const uint8_t *p, size_t len,
		      struct inbound_sms *in)
{
	struct udh udh;
	size_t octets;
	if (pdu->sm.esm_class & 0x40) {
		if (udh_parse(p, len, &udh, &octets) == 0 && udh.f.concat) {
			in->concat_ref = udh.f.ref;
			in->part_total = udh.f.total;
			in->part_seq = udh.f.seq;
		}
		return;
	}
	uint16_t ref;
	uint8_t total, seq;
	if (smpp_tlv_get_u16(&pdu->tlvs, SMPP_TLV_SAR_MSG_REF_NUM, &ref) == SMPP_OK &&
	    smpp_tlv_get_u8(&pdu->tlvs, SMPP_TLV_SAR_TOTAL_SEGMENTS, &total) == SMPP_OK &&
	    smpp_tlv_get_u8(&pdu->tlvs, SMPP_TLV_SAR_SEGMENT_SEQNUM, &seq) == SMPP_OK) {
		in->concat_ref = ref;
		in->part_total = total;
		in->part_seq = seq;
	}
}

static void on_mo(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	const struct smpp_sm *sm = &pdu->sm;
	size_t len;
	const uint8_t *payload = payload_of(pdu, &len);
	struct inbound_sms in = {
		.connector = l->c->base.name,
		.account = l->c->o.mo_account[0] ? l->c->o.mo_account : NULL,
		.src_addr = sm->source_addr,
		.src_ton = sm->source_addr_ton,
		.src_npi = sm->source_addr_npi,
		.dst_addr = sm->destination_addr,
		.dst_ton = sm->dest_addr_ton,
		.dst_npi = sm->dest_addr_npi,
		.data_coding = sm->data_coding,
		.esm_class = sm->esm_class & 0xC0,
		.protocol_id = sm->protocol_id,
		.payload = payload,
		.payload_len = (uint32_t)len,
	};
	concat_of(pdu, payload, len, &in);
	struct mo_ctx *m = malloc(sizeof *m);
	if (m) {
		*m = (struct mo_ctx){l->id, pdu->hdr.sequence_number};
		l->reports++;
		if (inbound_submit(l->c->base.b, &in, mo_done, m) == 0)
			return;
		l->reports--;
		free(m);
	}
	conn_smpp_link_send_resp(l, SMPP_CMD_DELIVER_SM_RESP, SMPP_ESME_RX_T_APPN,
				 pdu->hdr.sequence_number);
}

void conn_smpp_deliver(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	/* Message type bits 2..5: 0 is a message, anything else a receipt or an ack. */
	if (pdu->sm.esm_class & 0x3C)
		on_receipt(l, pdu);
	else
		on_mo(l, pdu);
}

void conn_smpp_deliver_retry(struct smpp_link *l, int64_t now)
{
	/* Take the due ones out first: a retry may hold its receipt again. */
	struct link_held *due = NULL, **pp = &l->held;
	while (*pp) {
		struct link_held *h = *pp;
		if (h->due_ms <= now) {
			*pp = h->next;
			h->next = due;
			due = h;
		} else {
			pp = &h->next;
		}
	}
	while (due) {
		struct link_held *h = due;
		due = h->next;
		start_match(h->r);
		free(h);
	}
}

void conn_smpp_deliver_resp_came(struct conn_smpp *c)
{
	int64_t now = broker_mono_ms();
	for (unsigned i = 0; i < c->n_links; i++) {
		struct smpp_link *l = c->links[i];
		if (!l->held)
			continue;
		/* Early tries only: a receipt that stays unmatched waits for its timer. */
		for (struct link_held *h = l->held; h; h = h->next)
			if (h->r->tries < 4)
				h->due_ms = now;
		conn_smpp_deliver_retry(l, now);
	}
}

void conn_smpp_deliver_drop_held(struct smpp_link *l)
{
	while (l->held) {
		struct link_held *h = l->held;
		l->held = h->next;
		free(h->r);
		free(h);
	}
}
