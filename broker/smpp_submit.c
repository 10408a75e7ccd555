/*
 * smpp_submit.c - submit_sm, data_sm and submit_multi: validate, store
 * durably, and only then answer with our message id.
 *
 * Each destination is one row; a submit_multi stores all its accepted
 * destinations in one transaction and answers with the first row's id (the
 * k-th accepted destination is id + k) and the unsuccess_sme list of those
 * refused. The answer comes from the store's completion callback, which
 * finds the session by id: if the session closed meanwhile the message is
 * still stored (the ESME saw no ESME_ROK, so it may submit again:
 * at-least-once). The dispatcher takes stored messages from there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "dispatch.h"
#include "fwd_rules.h"
#include "inbound.h"
#include "log.h"
#include "outbox.h"
#include "metrics.h"
#include "smpp_fields.h"
#include "smpp_server_internal.h"
#include "status_map.h"
#include "store.h"
#include "udh.h"

/* The fields every submit form shares, whichever body they came in. */
struct submit_view {
	const char *service_type, *source_addr;
	uint8_t src_ton, src_npi;
	uint8_t esm_class, protocol_id, priority, registered_delivery, data_coding;
	const char *schedule, *validity;
	const uint8_t *payload;
	size_t payload_len;
};

/* One destination: an SME address, or a distribution list name (submit_multi). */
struct submit_dest {
	const char *addr;
	uint8_t ton, npi;
	bool is_list;
};

struct submit_txn {
	struct store_op op;
	struct smpp_server *srv;
	uint64_t session_id;
	uint32_t seq;
	uint32_t resp_id;
	uint8_t n_unsuccess;
	struct smpp_unsuccess_sme *unsuccess; /* submit_multi only */
	struct store_msg *rows;
	uint8_t *data; /* payload, then the TLVs we keep, in wire form; shared by the rows */
	struct store_outbox_target *targets; /* to one of our own numbers: its forwarding rows */
};

static void view_of(const struct smpp_pdu *pdu, struct submit_view *v)
{
	switch (pdu->hdr.command_id) {
	case SMPP_CMD_SUBMIT_SM: {
		const struct smpp_sm *b = &pdu->sm;
		*v = (struct submit_view){b->service_type, b->source_addr, b->source_addr_ton,
					  b->source_addr_npi, b->esm_class, b->protocol_id,
					  b->priority_flag, b->registered_delivery, b->data_coding,
					  b->schedule_delivery_time, b->validity_period,
					  b->short_message, b->sm_length};
		break;
	}
	case SMPP_CMD_SUBMIT_MULTI: {
		const struct smpp_submit_multi *b = &pdu->submit_multi;
		*v = (struct submit_view){b->service_type, b->source_addr, b->source_addr_ton,
					  b->source_addr_npi, b->esm_class, b->protocol_id,
					  b->priority_flag, b->registered_delivery, b->data_coding,
					  b->schedule_delivery_time, b->validity_period,
					  b->short_message, b->sm_length};
		break;
	}
	default: {
		const struct smpp_data_sm *b = &pdu->data_sm;
		*v = (struct submit_view){b->service_type, b->source_addr, b->source_addr_ton,
					  b->source_addr_npi, b->esm_class, 0, 0,
					  b->registered_delivery, b->data_coding, "", "", NULL, 0};
	}
	}
}

static bool ton_valid(uint8_t ton)
{
	return ton <= 6;
}

static bool npi_valid(uint8_t npi)
{
	switch (npi) {
	case 0: case 1: case 3: case 4: case 6: case 8: case 9: case 10: case 14: case 18:
		return true;
	}
	return false;
}

/* Checks the message itself (SMPP v3.4 5.2), not the account or destinations. */
static uint32_t validate(const struct smpp_pdu *pdu, struct submit_view *v, const char **why)
{
	/* The codec refuses message_payload beside a non-empty short_message. */
	const struct smpp_tlv *mp = smpp_tlv_find(&pdu->tlvs, SMPP_TLV_MESSAGE_PAYLOAD);
	if (mp) {
		v->payload = smpp_tlv_value(mp);
		v->payload_len = mp->len;
	}
	/* data_sm allows 64-character addresses; we keep SMPP's usual 20 (and a little more). */
	if (strlen(v->source_addr) >= STORE_ADDR_MAX)
		return *why = "source_addr too long", SMPP_ESME_RINVSRCADR;
	if (!ton_valid(v->src_ton))
		return *why = "source_addr_ton", SMPP_ESME_RINVSRCTON;
	if (!npi_valid(v->src_npi))
		return *why = "source_addr_npi", SMPP_ESME_RINVSRCNPI;
	if (v->priority > 3)
		return *why = "priority_flag above 3", SMPP_ESME_RINVPRTFLG;
	if ((v->registered_delivery & 0x03) == 0x03)
		return *why = "registered_delivery receipt bits 11", SMPP_ESME_RINVREGDLVFLG;
	/* Message type bits 2-5: an ESME submits default messages only. */
	if (v->esm_class & 0x3C)
		return *why = "esm_class message type", SMPP_ESME_RINVESMCLASS;
	return SMPP_ESME_ROK;
}

/* A destination's own checks: address, TON/NPI, a route that takes it. */
static uint32_t check_dest(struct smpp_session *s, const struct submit_view *v,
			   const struct submit_dest *dst)
{
	if (dst->is_list)
		return SMPP_ESME_RINVDLNAME; /* no distribution lists are configured */
	if (!dst->addr[0] || strlen(dst->addr) >= STORE_ADDR_MAX)
		return SMPP_ESME_RINVDSTADR;
	if (fwd_rules_own_number(s->srv->b->conf, dst->addr))
		return ton_valid(dst->ton) && npi_valid(dst->npi) ? SMPP_ESME_ROK : SMPP_ESME_RINVDSTTON;
	if (!ton_valid(dst->ton))
		return SMPP_ESME_RINVDSTTON;
	if (!npi_valid(dst->npi))
		return SMPP_ESME_RINVDSTNPI;
	/* A message no route would take is refused now, not accepted and left to expire. */
	struct dispatcher *d = s->srv->b->dispatcher;
	if (dispatcher_has_routes(d) &&
	    !dispatcher_route(d, s->system_id, v->source_addr, dst->addr, v->service_type))
		return SMPP_ESME_RINVDSTADR;
	return SMPP_ESME_ROK;
}

/* Concatenation from the UDH (esm_class UDHI) or the sar_* TLVs. */
static uint32_t concat_info(const struct smpp_pdu *pdu, const struct submit_view *v,
			    struct store_msg *m, const char **why)
{
	if (v->esm_class & 0x40) {
		struct udh udh;
		size_t octets;
		if (udh_parse(v->payload, v->payload_len, &udh, &octets) != 0)
			return *why = "UDHI set but the UDH is malformed", SMPP_ESME_RINVMSGLEN;
		if (udh.f.concat) {
			m->concat_ref = udh.f.ref;
			m->part_total = udh.f.total;
			m->part_seq = udh.f.seq;
		}
		return SMPP_ESME_ROK;
	}
	uint16_t ref;
	uint8_t total, seq;
	int have = (smpp_tlv_get_u16(&pdu->tlvs, SMPP_TLV_SAR_MSG_REF_NUM, &ref) == SMPP_OK) +
		   (smpp_tlv_get_u8(&pdu->tlvs, SMPP_TLV_SAR_TOTAL_SEGMENTS, &total) == SMPP_OK) +
		   (smpp_tlv_get_u8(&pdu->tlvs, SMPP_TLV_SAR_SEGMENT_SEQNUM, &seq) == SMPP_OK);
	if (have == 3) {
		if (total == 0 || seq == 0 || seq > total)
			return *why = "sar_segment_seqnum outside 1..sar_total_segments",
			       SMPP_ESME_RINVTLVVAL;
		m->concat_ref = ref;
		m->part_total = total;
		m->part_seq = seq;
	}
	return SMPP_ESME_ROK;
}

/* The TLVs we keep with the message (all but message_payload), in wire form. */
static size_t tlvs_size(const struct smpp_pdu *pdu)
{
	size_t n = 0;
	for (size_t i = 0; i < pdu->tlvs.count; i++)
		if (pdu->tlvs.items[i].tag != SMPP_TLV_MESSAGE_PAYLOAD)
			n += 4 + pdu->tlvs.items[i].len;
	return n;
}

static void tlvs_write(const struct smpp_pdu *pdu, uint8_t *out)
{
	for (size_t i = 0; i < pdu->tlvs.count; i++) {
		const struct smpp_tlv *t = &pdu->tlvs.items[i];
		if (t->tag == SMPP_TLV_MESSAGE_PAYLOAD)
			continue;
		out[0] = (uint8_t)(t->tag >> 8);
		out[1] = (uint8_t)t->tag;
		out[2] = (uint8_t)(t->len >> 8);
		out[3] = (uint8_t)t->len;
		memcpy(out + 4, smpp_tlv_value(t), t->len);
		out += 4 + t->len;
	}
}

static void send_resp(struct smpp_session *s, const struct submit_txn *t, uint32_t status,
		      int64_t message_id)
{
	struct smpp_pdu *p = &s->srv->out;
	memset(&p->hdr, 0, sizeof p->hdr);
	p->tlvs.count = 0;
	p->hdr.command_id = t->resp_id;
	p->hdr.command_status = status;
	p->hdr.sequence_number = t->seq;
	if (status != SMPP_ESME_ROK)
		metrics_submit_refused(status);
	/* submit_multi_resp starts with the same message_id as the others. */
	char *id = t->resp_id == SMPP_CMD_SUBMIT_MULTI_RESP ? p->submit_multi_resp.message_id
							    : p->sm_resp.message_id;
	id[0] = '\0';
	if (status == SMPP_ESME_ROK)
		snprintf(id, 65, "%lld", (long long)message_id);
	if (t->resp_id == SMPP_CMD_SUBMIT_MULTI_RESP) {
		p->submit_multi_resp.no_unsuccess = status == SMPP_ESME_ROK ? t->n_unsuccess : 0;
		if (status == SMPP_ESME_ROK)
			memcpy(p->submit_multi_resp.unsuccess_sme, t->unsuccess,
			       t->n_unsuccess * sizeof *t->unsuccess);
	}
	sess_send(s, p);
}

static void txn_free(struct submit_txn *t)
{
	if (!t)
		return;
	free(t->unsuccess);
	free(t->targets);
	free(t->rows);
	free(t->data);
	free(t);
}

/*
 * One line per second at most for refused submits with the same store error:
 * while the disk is full or the database locked, every submit fails, and a
 * line each would flood the log (perhaps on that same full disk). The next
 * line says how many were left out.
 */
static void log_store_failed(const struct submit_txn *t, int err, uint32_t status)
{
	static int64_t last_ms = -1;
	static int last_err;
	static unsigned suppressed;
	int64_t now = broker_mono_ms();
	if (last_ms >= 0 && err == last_err && now - last_ms < 1000) {
		suppressed++;
		return;
	}
	log_error("smpp.store_failed session=%llu seq=%u error=\"%s\" status=%s suppressed=%u",
		  (unsigned long long)t->session_id, t->seq, store_strerror(err),
		  smpp_status_name(status), suppressed);
	last_ms = now;
	last_err = err;
	suppressed = 0;
}

static void stored_cb(struct store_op *op)
{
	struct submit_txn *t = (struct submit_txn *)op;
	struct smpp_session *s = smpp_server_find(t->srv, t->session_id);
	uint32_t status = status_smpp_from_store(op->result);
	if (op->result != STORE_OK) {
		log_store_failed(t, op->result, status);
	} else {
		log_debug("smpp.accepted session=%llu message=%lld destinations=%zu",
			  (unsigned long long)t->session_id, (long long)t->rows[0].id, op->n);
		dispatcher_kick(t->srv->b->dispatcher);
		if (op->n_targets)
			outbox_kick(t->srv->b->outbox);
	}
	if (s) {
		send_resp(s, t, status, t->rows[0].id);
		sess_op_finished(s);
	}
	txn_free(t);
}

/* Refuses the whole request (nothing stored). */
static void refuse(struct smpp_session *s, struct submit_txn *t, uint32_t status, const char *why)
{
	if (status != SMPP_ESME_RTHROTTLED)
		log_info("smpp.submit_rejected session=%llu seq=%u status=%s reason=\"%s\"",
			 (unsigned long long)s->id, t->seq, smpp_status_name(status), why);
	send_resp(s, t, status, 0);
}

static void fill_row(struct store_msg *m, const struct smpp_session *s,
		     const struct submit_view *v, const struct submit_dest *dst, int64_t now,
		     int64_t schedule_at, int64_t expire_at)
{
	m->direction = STORE_DIR_MT;
	m->state = schedule_at > now ? STORE_ST_SCHEDULED : STORE_ST_QUEUED;
	snprintf(m->account, sizeof m->account, "%s", s->system_id);
	snprintf(m->src_addr, sizeof m->src_addr, "%s", v->source_addr);
	snprintf(m->dst_addr, sizeof m->dst_addr, "%s", dst->addr);
	snprintf(m->service_type, sizeof m->service_type, "%s", v->service_type);
	m->src_ton = v->src_ton;
	m->src_npi = v->src_npi;
	m->dst_ton = dst->ton;
	m->dst_npi = dst->npi;
	m->esm_class = v->esm_class;
	m->protocol_id = v->protocol_id;
	m->priority = v->priority;
	m->data_coding = v->data_coding;
	m->registered_delivery = v->registered_delivery;
	m->schedule_at = schedule_at;
	m->expire_at = expire_at;
	m->next_at = schedule_at ? schedule_at : now;
	m->created_at = m->updated_at = now;
}

/* The destinations of the request, into dests (at most SMPP_MAX_DESTS). */
static size_t dests_of(const struct smpp_pdu *pdu, struct submit_dest *dests)
{
	if (pdu->hdr.command_id == SMPP_CMD_SUBMIT_MULTI) {
		const struct smpp_submit_multi *b = &pdu->submit_multi;
		for (size_t i = 0; i < b->number_of_dests; i++) {
			const struct smpp_dest_address *a = &b->dest_address[i];
			bool list = a->dest_flag == SMPP_DEST_DL_NAME;
			dests[i] = (struct submit_dest){list ? a->dl_name : a->destination_addr,
							a->dest_addr_ton, a->dest_addr_npi, list};
		}
		return b->number_of_dests;
	}
	const char *addr = pdu->hdr.command_id == SMPP_CMD_SUBMIT_SM ? pdu->sm.destination_addr
								     : pdu->data_sm.destination_addr;
	uint8_t ton = pdu->hdr.command_id == SMPP_CMD_SUBMIT_SM ? pdu->sm.dest_addr_ton
								: pdu->data_sm.dest_addr_ton;
	uint8_t npi = pdu->hdr.command_id == SMPP_CMD_SUBMIT_SM ? pdu->sm.dest_addr_npi
								: pdu->data_sm.dest_addr_npi;
	dests[0] = (struct submit_dest){addr, ton, npi, false};
	return 1;
}

/*
 * A submit_sm or data_sm to one of the broker's own numbers (incoming.
 * own_numbers) is incoming: stored as an MO message from connector
 * "esme:<system_id>" for the account whose address_range takes it, with
 * its forwarding rows in the same transaction. submit_multi is not.
 */
static void as_incoming(struct smpp_session *s, struct submit_txn *t)
{
	struct broker *b = s->srv->b;
	struct store_msg *m = &t->rows[0];
	if (!fwd_rules_own_number(b->conf, m->dst_addr))
		return;
	m->direction = STORE_DIR_MO;
	m->state = STORE_ST_QUEUED;
	m->next_at = m->created_at;
	m->schedule_at = 0;
	m->registered_delivery = 0;
	snprintf(m->connector, sizeof m->connector, "esme:%s", s->system_id);
	snprintf(m->account, sizeof m->account, "%s", inbound_account_for(b, m->dst_addr, NULL));
	struct fwd_incoming fi = {.src = m->src_addr, .dst = m->dst_addr, .connector = m->connector,
				  .created_at = m->created_at};
	t->targets = fwd_rules_alloc(b->conf, &fi, &t->op.n_targets);
	t->op.targets = t->targets;
	if (t->op.n_targets)
		t->op.kind = STORE_OP_MSG_INSERT_FWD;
	log_info("smpp.incoming session=%llu to=%s rows=%zu note=\"to one of our own numbers\"",
		 (unsigned long long)s->id, m->dst_addr, t->op.n_targets);
}

void smpp_handle_submit(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	static struct submit_dest dests[SMPP_MAX_DESTS];
	struct submit_txn head = {.seq = pdu->hdr.sequence_number,
				  .resp_id = pdu->hdr.command_id | SMPP_RESP_BIT};
	bool multi = pdu->hdr.command_id == SMPP_CMD_SUBMIT_MULTI;
	const char *why = "";
	struct submit_view v;
	view_of(pdu, &v);
	uint32_t status = validate(pdu, &v, &why);
	size_t n_dests = dests_of(pdu, dests);
	if (status == SMPP_ESME_ROK && n_dests == 0)
		status = SMPP_ESME_RINVNUMDESTS, why = "no destinations";

	const struct conf_account *acct = conf_find_account(s->srv->b->conf, s->system_id);
	struct account_state *as = smpp_server_account(s->srv, s->system_id);
	int64_t now = broker_now_ms();
	int64_t schedule_at = 0, expire_at = 0;
	if (status == SMPP_ESME_ROK) {
		schedule_at = smpp_field_time(v.schedule, now, SMPP_ESME_RINVSCHED, &status);
		expire_at = smpp_field_time(v.validity, now, SMPP_ESME_RINVEXPIRY, &status);
		if (status != SMPP_ESME_ROK)
			why = "unparseable time";
		else if (expire_at && expire_at <= (schedule_at ? schedule_at : now))
			status = SMPP_ESME_RINVEXPIRY, why = "validity ends before delivery";
	}
	if (status == SMPP_ESME_ROK && !acct)
		status = SMPP_ESME_RBINDFAIL, why = "account removed by reload";
	if (status != SMPP_ESME_ROK) {
		refuse(s, &head, status, why);
		return;
	}

	struct submit_txn *t = calloc(1, sizeof *t);
	size_t tlv_len = tlvs_size(pdu);
	if (t) {
		*t = head;
		t->rows = calloc(n_dests, sizeof *t->rows);
		t->data = malloc(v.payload_len + tlv_len + 1);
		if (multi)
			t->unsuccess = calloc(n_dests, sizeof *t->unsuccess);
	}
	if (!t || !t->rows || !t->data || (multi && !t->unsuccess)) {
		txn_free(t);
		refuse(s, &head, SMPP_ESME_RSYSERR, "out of memory");
		return;
	}
	struct store_msg proto = {0};
	status = concat_info(pdu, &v, &proto, &why);
	size_t n = 0;
	for (size_t i = 0; status == SMPP_ESME_ROK && i < n_dests; i++) {
		uint32_t st = check_dest(s, &v, &dests[i]);
		if (st == SMPP_ESME_ROK) {
			struct store_msg *m = &t->rows[n++];
			*m = proto;
			fill_row(m, s, &v, &dests[i], now, schedule_at, expire_at);
		} else if (multi) {
			struct smpp_unsuccess_sme *u = &t->unsuccess[t->n_unsuccess++];
			u->dest_addr_ton = dests[i].ton;
			u->dest_addr_npi = dests[i].npi;
			snprintf(u->destination_addr, sizeof u->destination_addr, "%s", dests[i].addr);
			u->error_status_code = st;
		} else {
			status = st, why = "destination";
		}
	}
	if (status == SMPP_ESME_ROK && n == 0)
		status = SMPP_ESME_RINVDSTADR, why = "no destination accepted";
	/* The throughput limit counts each request once, after it is otherwise valid. */
	if (status == SMPP_ESME_ROK &&
	    (!as || !rate_take(&as->submit_rate, acct->throughput, broker_mono_ms())))
		status = SMPP_ESME_RTHROTTLED, why = "account throughput";
	if (status != SMPP_ESME_ROK) {
		refuse(s, t, status, why);
		txn_free(t);
		return;
	}

	memcpy(t->data, v.payload, v.payload_len);
	tlvs_write(pdu, t->data + v.payload_len);
	for (size_t i = 0; i < n; i++) {
		t->rows[i].payload = t->data;
		t->rows[i].payload_len = (uint32_t)v.payload_len;
		t->rows[i].tlvs = t->data + v.payload_len;
		t->rows[i].tlvs_len = (uint32_t)tlv_len;
	}
	t->srv = s->srv;
	t->session_id = s->id;
	t->op.kind = STORE_OP_MSG_INSERT;
	if (!multi)
		as_incoming(s, t);
	t->op.msgs = t->rows;
	t->op.n = n;
	t->op.cb = stored_cb;
	sess_op_started(s);
	store_submit(s->srv->b->store, &t->op);
}
