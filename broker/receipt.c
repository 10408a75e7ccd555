/* receipt.c - receipt rows and their text (see receipt.h). */
#include "receipt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "smpp_pdu.h"
#include "status_map.h"

bool receipt_wanted(uint8_t registered_delivery, int state)
{
	/* Bit 4: an intermediate notification when the next hop took it. */
	if (state == STORE_ST_SENT)
		return registered_delivery & 0x10;
	switch (registered_delivery & 0x03) {
	case 1: return store_state_is_final(state);
	case 2: return store_state_is_final(state) && state != STORE_ST_DELIVERED;
	}
	return false;
}

static const char *stat_text(int state)
{
	switch (state) {
	case STORE_ST_DELIVERED: return "DELIVRD";
	case STORE_ST_EXPIRED: return "EXPIRED";
	case STORE_ST_CANCELLED: return "DELETED";
	case STORE_ST_UNDELIVERABLE: return "UNDELIV";
	case STORE_ST_REJECTED: return "REJECTD";
	case STORE_ST_ACCEPTED: return "ACCEPTD";
	case STORE_ST_SENT: return "ENROUTE";
	}
	return "UNKNOWN";
}

/* YYMMDDhhmm in UTC. */
static void date_text(int64_t ms, char out[11])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[64]; /* the fields are two digits each; the room is for the compiler's worst case */
	snprintf(buf, sizeof buf, "%02d%02d%02d%02d%02d", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

void receipt_build(const struct store_msg *m, int state, uint32_t error_code, int64_t now,
		   struct store_msg *r, uint8_t *buf)
{
	memset(r, 0, sizeof *r);
	r->direction = STORE_DIR_DR;
	r->state = STORE_ST_QUEUED;
	memcpy(r->account, m->account, sizeof r->account);
	/* A receipt travels back: from the handset to the originator. */
	memcpy(r->src_addr, m->dst_addr, sizeof r->src_addr);
	r->src_ton = m->dst_ton;
	r->src_npi = m->dst_npi;
	memcpy(r->dst_addr, m->src_addr, sizeof r->dst_addr);
	r->dst_ton = m->src_ton;
	r->dst_npi = m->src_npi;
	/* An SMSC delivery receipt, or an intermediate notification (SMPP 5.2.12). */
	r->esm_class = store_state_is_final(state) ? 0x04 : 0x20;
	/* A message the broker split speaks with its first part's id: the one its sender got. */
	int64_t reported = m->group_id ? m->group_id : m->id;
	r->receipt_of = reported;
	r->next_at = now;
	r->expire_at = 0; /* its own validity (delivery.default_validity), not the message's: that may be over */
	r->created_at = r->updated_at = now;

	char id[24], submit[11], done[11], text[21];
	snprintf(id, sizeof id, "%lld", (long long)reported);
	date_text(m->created_at, submit);
	date_text(now, done);
	/* The first 20 octets of the message, printable ones only (binary stays out). */
	size_t n = 0;
	for (uint32_t i = 0; i < m->payload_len && n < 20; i++) {
		uint8_t c = m->payload[i];
		if ((m->esm_class & 0x40) && i == 0) {
			i += c; /* skip the UDH */
			continue;
		}
		text[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
	}
	text[n] = '\0';
	int len = snprintf((char *)buf, 200,
			   "id:%s sub:001 dlvrd:%03d submit date:%s done date:%s stat:%s err:%03u text:%s",
			   id, state == STORE_ST_DELIVERED ? 1 : 0, submit, done, stat_text(state),
			   error_code % 1000, text);
	r->payload = buf;
	r->payload_len = (uint32_t)len;

	/* receipted_message_id (C string), message_state (1), network_error_code (3). */
	uint8_t *t = buf + 256;
	size_t idlen = strlen(id) + 1, k = 0;
	t[k++] = (uint8_t)(SMPP_TLV_RECEIPTED_MESSAGE_ID >> 8);
	t[k++] = (uint8_t)SMPP_TLV_RECEIPTED_MESSAGE_ID;
	t[k++] = 0;
	t[k++] = (uint8_t)idlen;
	memcpy(t + k, id, idlen);
	k += idlen;
	t[k++] = (uint8_t)(SMPP_TLV_MESSAGE_STATE >> 8);
	t[k++] = (uint8_t)SMPP_TLV_MESSAGE_STATE;
	t[k++] = 0;
	t[k++] = 1;
	t[k++] = status_smpp_message_state(state);
	if (error_code) {
		t[k++] = (uint8_t)(SMPP_TLV_NETWORK_ERROR_CODE >> 8);
		t[k++] = (uint8_t)SMPP_TLV_NETWORK_ERROR_CODE;
		t[k++] = 0;
		t[k++] = 3;
		t[k++] = 3; /* GSM */
		t[k++] = (uint8_t)(error_code >> 8);
		t[k++] = (uint8_t)error_code;
	}
	r->tlvs = t;
	r->tlvs_len = (uint32_t)k;
}
