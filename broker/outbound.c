/*
 * outbound.c - text from inside the broker becomes stored, queued SMS parts
 * (see outbound.h). Parts are stored as an ESME would submit them: data
 * coding 0 with unpacked GSM septets, 8 with UCS-2, 3 with Latin-1, and a
 * concatenation UDH (esm_class 0x40) on each part of a long message.
 */
#include "outbound.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "dispatch.h"
#include "log.h"
#include "phone.h"
#include "sms_err.h"
#include "sms_segment.h"
#include "sms_text.h"
#include "store.h"

/* Unpacked GSM septets take one octet each: 6 UDH octets + 153 septets, or
 * 160 septets alone, outgrow the 140 octets of a packed part. */
#define PART_MAX 168

struct outbound_txn {
	struct store_op op;
	struct broker *b;
	outbound_done_fn done;
	void *arg;
	char origin[96];
	unsigned n;
	struct store_msg parts[]; /* followed by the parts' payload bytes */
};

static uint8_t data_coding_of(enum sms_charset cs)
{
	switch (cs) {
	case SMS_CS_UCS2: return 8;
	case SMS_CS_LATIN1: return 3;
	case SMS_CS_8BIT: return 4;
	default: return 0;
	}
}

static void stored_cb(struct store_op *op)
{
	struct outbound_txn *t = (struct outbound_txn *)op;
	if (op->result == STORE_OK)
		log_info("outbound.queued origin=\"%s\" message=%lld parts=%u", t->origin,
			 (long long)t->parts[0].id, t->n);
	else if (op->result == STORE_EDUPLICATE)
		log_info("outbound.duplicate origin=\"%s\"", t->origin);
	else
		log_error("outbound.store_failed origin=\"%s\" error=\"%s\"", t->origin,
			  store_strerror(op->result));
	if (op->result == STORE_OK)
		dispatcher_kick(t->b->dispatcher);
	if (t->done)
		t->done(t->arg, op->result, op->result == STORE_OK ? t->parts[0].id : 0, t->n);
	free(t);
}

static int address_of(const char *text, struct phone_number *out, bool sender)
{
	if (!text || !*text) {
		memset(out, 0, sizeof *out);
		return sender ? 0 : SMS_EPHONE_EMPTY;
	}
	int rc = phone_normalise(text, strlen(text), &phone_opts_default, out);
	if (rc == SMS_EPHONE_NOCC) {
		/* No default country is configured: bare digits are taken as international. */
		char intl[64];
		int n = snprintf(intl, sizeof intl, "+%s", text);
		if (n > 0 && (size_t)n < sizeof intl)
			rc = phone_normalise(intl, (size_t)n, &phone_opts_default, out);
	}
	if (rc == 0 && !sender && out->kind == PHONE_ALPHANUMERIC)
		return SMS_EPHONE_CHAR; /* a recipient has digits */
	if (rc == 0 && strlen(out->text) >= STORE_ADDR_MAX)
		return SMS_EPHONE_LONG; /* a sender id whose UTF-8 outgrows an SMPP address */
	return rc;
}

int outbound_submit_text(struct broker *b, const struct outbound_text *req,
			 outbound_done_fn done, void *arg)
{
	const char *origin = req->origin ? req->origin : "internal";
	struct phone_number dst, src;
	int rc = address_of(req->destination, &dst, false);
	if (rc == 0)
		rc = address_of(req->source, &src, true);
	if (rc != 0) {
		log_warn("outbound.refused origin=\"%s\" destination=\"%s\" reason=\"%s\"", origin,
			 req->destination ? req->destination : "", sms_err_str(rc));
		return rc;
	}

	size_t text_len = strlen(req->text);
	uint8_t *units = malloc(SMS_TEXT_BUF_SIZE(text_len));
	struct sms_plan *plan = malloc(sizeof *plan);
	struct sms_text txt;
	size_t err_pos = 0;
	struct sms_text_opts topts = {.coding = (enum sms_coding)req->coding,
				      .transliterate = req->transliterate};
	rc = units && plan ? 0 : SMS_ENOSPACE;
	if (rc == 0)
		rc = sms_text_encode(req->text, text_len, &topts, units, SMS_TEXT_BUF_SIZE(text_len),
				     &txt, &err_pos);
	static uint16_t next_ref;
	if (next_ref == 0)
		next_ref = (uint16_t)(broker_now_ms() & 0xff) | 1;
	struct sms_segment_opts sopts = {
		.split = SMS_SPLIT_UDH8,
		.max_segments = req->max_segments,
		.overflow = req->refuse_overflow ? SMS_OVERFLOW_REFUSE : SMS_OVERFLOW_TRUNCATE,
		.ref = (uint16_t)(next_ref++ & 0xff),
	};
	if (rc == 0)
		rc = sms_segment_plan(&txt, &sopts, plan);
	if (rc != 0) {
		log_warn("outbound.refused origin=\"%s\" reason=\"%s\" at=%zu", origin,
			 sms_err_str(rc), err_pos);
		free(units);
		free(plan);
		return rc;
	}
	if (plan->truncated)
		log_warn("outbound.truncated origin=\"%s\" segments=%u needed=%u", origin, plan->count,
			 plan->needed);

	struct outbound_txn *t = calloc(1, sizeof *t + plan->count * (sizeof(struct store_msg) + PART_MAX));
	if (!t) {
		free(units);
		free(plan);
		return SMS_ENOSPACE;
	}
	uint8_t *bytes = (uint8_t *)&t->parts[plan->count];
	int64_t now = broker_now_ms();
	for (unsigned i = 0; i < plan->count && rc == 0; i++) {
		struct store_msg *m = &t->parts[i];
		struct sms_ud ud;
		uint8_t *out = bytes + (size_t)i * PART_MAX;
		rc = sms_segment_ud(&txt, plan, i, false, out, PART_MAX, &ud);
		m->direction = STORE_DIR_MT;
		m->state = req->schedule_at > now ? STORE_ST_SCHEDULED : STORE_ST_QUEUED;
		snprintf(m->account, sizeof m->account, "%s", req->account ? req->account : "");
		memcpy(m->dst_addr, dst.text, strlen(dst.text) + 1); /* fits: address_of checked */
		m->dst_ton = dst.ton;
		m->dst_npi = dst.npi;
		memcpy(m->src_addr, src.text, strlen(src.text) + 1);
		m->src_ton = src.ton;
		m->src_npi = src.npi;
		m->data_coding = data_coding_of(txt.charset);
		m->esm_class = ud.udhi ? 0x40 : 0;
		m->priority = req->priority;
		m->registered_delivery = req->registered_delivery;
		if (plan->count > 1) {
			m->concat_ref = ud.ref;
			m->part_total = (uint8_t)ud.total;
			m->part_seq = (uint8_t)ud.seq;
		}
		m->schedule_at = req->schedule_at;
		m->expire_at = req->expire_at;
		m->next_at = req->schedule_at ? req->schedule_at : now;
		m->created_at = m->updated_at = now;
		m->payload = out;
		m->payload_len = (uint32_t)ud.len;
	}
	free(units);
	unsigned n = plan->count;
	free(plan);
	if (rc != 0) {
		log_error("outbound.encode_failed origin=\"%s\" reason=\"%s\"", origin, sms_err_str(rc));
		free(t);
		return rc;
	}
	t->n = n;
	t->b = b;
	t->done = done;
	t->arg = arg;
	snprintf(t->origin, sizeof t->origin, "%s", origin);
	t->op.kind = req->mail     ? STORE_OP_MAIL_INSERT
		     : req->outbox ? STORE_OP_OUTBOX_RESULT
				   : STORE_OP_MSG_INSERT;
	t->op.mail = req->mail;
	t->op.outbox = req->outbox;
	t->op.msgs = t->parts;
	t->op.group_parts = n > 1; /* one message: one receipt (receipt.h) */
	t->op.n = n;
	t->op.cb = stored_cb;
	store_submit(b->store, &t->op);
	return 0;
}
