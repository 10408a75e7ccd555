/*
 * modem_recv.c - what arrives at a modem: new-message and status-report
 * indications, the periodic AT+CMGL=4 sweep, and each message read from
 * the modem's storage into the store before it is deleted.
 *
 * No loss, no duplicate: a stored message is deleted (AT+CMGD) only after
 * the store committed it. A crash between the commit and the delete leaves
 * it on the SIM, and the next start's sweep reads it again; it is then
 * stored with inbound_submit's dedupe: its remote_id is "mo:" and an
 * FNV-1a 64-bit hash of the TPDU (sender, SMSC time stamp to the second,
 * coding, user data and its concatenation header), found already stored,
 * so it is only deleted. The same index is never handled twice at once
 * (m->busy), nor the same PDU at two indexes (it waits for the next sweep,
 * when the first is committed and the lookup finds it). Messages that cannot be decoded are logged with their hex and
 * deleted, and SMS-SUBMITs someone saved are deleted too: the storage is
 * the broker's and never fills up.
 *
 * Concatenated messages are stored part by part (each row carries
 * concat_ref / part_total / part_seq and the UDH, esm_class 0x40) and
 * delivered as they come, as an SMSC delivers them: the receiving
 * application joins them.
 *
 * +CMT and +CDS carry the PDU and leave nothing in storage (a crash before
 * the commit loses such a message: the default AT+CNMI "2,1,0,2,0" stores
 * both and indicates them with +CMTI / +CDSI instead).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_args.h"
#include "broker.h"
#include "connector.h"
#include "dcs.h"
#include "hex.h"
#include "inbound.h"
#include "log.h"
#include "modem_internal.h"
#include "sms_err.h"
#include "sms_ud.h"
#include "tpdu.h"

bool modem_busy_test_set(struct modem *m, unsigned index)
{
	if (index > 255)
		return false; /* beyond what we track: handled, never marked */
	uint8_t bit = (uint8_t)(1u << (index % 8));
	if (m->busy[index / 8] & bit)
		return true;
	m->busy[index / 8] |= bit;
	return false;
}

void modem_busy_clear(struct modem *m, unsigned index)
{
	if (index <= 255)
		m->busy[index / 8] &= (uint8_t)~(1u << (index % 8));
}

static struct modem_ticket *ticket_new(struct modem *m, int index)
{
	struct modem_ticket *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->m = m;
	t->index = index;
	t->next = m->tickets;
	m->tickets = t;
	return t;
}

/* The ticket's modem, or NULL if it is gone; unlinks the ticket (the caller frees it). */
static struct modem *ticket_take(struct modem_ticket *t)
{
	struct modem *m = t->m;
	if (!m)
		return NULL;
	for (struct modem_ticket **pp = &m->tickets; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	return m;
}

void modem_tickets_detach(struct modem *m)
{
	for (struct modem_ticket *t = m->tickets, *next; t; t = next) {
		next = t->next;
		t->m = NULL; /* freed by its callback */
	}
	m->tickets = NULL;
}

struct del_arg {
	struct modem *m;
	unsigned index;
};

static void deleted(void *arg, const struct modem_at_result *r)
{
	struct modem *m = ((struct del_arg *)arg)->m;
	unsigned index = ((struct del_arg *)arg)->index;
	free(arg);
	modem_note_answer(m, r);
	if (r->status == MODEM_AT_CLOSED)
		return; /* busy was cleared by the reopen */
	if (r->status != MODEM_AT_OK)
		log_warn("modem.delete_failed device=%s index=%u answer=\"%s\"", m->device, index,
			 r->text);
	modem_busy_clear(m, index);
}

/* AT+CMGD=index; the index stays busy until the answer. */
static void delete_index(struct modem *m, int index)
{
	if (index < 0)
		return;
	char cmd[32];
	snprintf(cmd, sizeof cmd, "AT+CMGD=%d", index);
	struct del_arg *a = malloc(sizeof *a);
	if (a)
		*a = (struct del_arg){m, (unsigned)index};
	if (!a || modem_cmd(m, cmd, NULL, NULL, deleted, a) != 0) {
		free(a);
		modem_busy_clear(m, (unsigned)index); /* the next sweep tries again */
	}
}

static void release(struct modem *m, int index)
{
	if (index >= 0)
		modem_busy_clear(m, (unsigned)index);
}

/* ---- incoming SMS ---- */

static void stored(void *arg, int result, int64_t id)
{
	struct modem_ticket *t = arg;
	struct modem *m = ticket_take(t);
	if (m && result == 0) {
		log_info("modem.sms_stored device=%s index=%d message=%lld remote_id=%s", m->device,
			 t->index, (long long)id, t->remote_id);
		delete_index(m, t->index);
	} else if (m) {
		/* Left on the modem: the next sweep reads it again. */
		log_warn("modem.sms_store_failed device=%s index=%d", m->device, t->index);
		release(m, t->index);
	}
	free(t);
}

static uint64_t fnv64(const uint8_t *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static void deliver_in(struct modem *m, int index, const struct tpdu *t, const uint8_t *tpdu,
		       size_t tpdu_len)
{
	struct sms_ud_in in = {.ud = t->ud, .ud_len = t->ud_len, .udl = t->udl, .udhi = t->udhi,
			       .packed = t->dcs_info.charset == SMS_CS_GSM7,
			       .charset = t->dcs_info.charset};
	static struct udh udh;
	uint8_t units[200];
	struct sms_text text;
	int rc = t->dcs_info.compressed ? SMS_EUNSUPPORTED
					 : sms_ud_decode(&in, &udh, units, sizeof units, &text);
	/* The payload as an ESME receives it: UDH octets, then septets one per octet (GSM) or octets. */
	uint8_t payload[UDH_MAX_OCTETS + 1 + 200];
	size_t plen = 0;
	uint8_t dc = t->dcs;
	if (rc == 0) {
		if (t->udhi) {
			payload[plen++] = udh.raw_len;
			memcpy(payload + plen, udh.raw, udh.raw_len);
			plen += udh.raw_len;
		}
		memcpy(payload + plen, text.units, text.len);
		plen += text.len;
		if (dcs_to_smpp(t->dcs_info.charset, t->dcs_info.msg_class, &dc) != 0)
			dc = t->dcs;
	} else {
		/* Compressed or broken text: the octets as they came, with the TP-DCS. */
		log_warn("modem.sms_undecodable_text device=%s index=%d error=\"%s\"", m->device, index,
			 sms_err_str(rc));
		memcpy(payload, t->ud, t->ud_len);
		plen = t->ud_len;
	}
	struct modem_ticket *tk = ticket_new(m, index);
	if (!tk) {
		release(m, index);
		return;
	}
	snprintf(tk->remote_id, sizeof tk->remote_id, "mo:%016llx",
		 (unsigned long long)fnv64(tpdu, tpdu_len));
	for (const struct modem_ticket *o = tk->next; o; o = o->next) {
		if (strcmp(o->remote_id, tk->remote_id) == 0) {
			/* The same PDU at another index, its lookup not committed yet: next sweep. */
			ticket_take(tk);
			free(tk);
			release(m, index);
			return;
		}
	}
	struct inbound_sms s = {
		.connector = m->connector,
		.account = m->mo_account,
		.src_addr = t->addr.text,
		.src_ton = t->addr.ton,
		.src_npi = t->addr.npi,
		.dst_addr = m->own_number,
		.dst_ton = m->own_number[0] ? 1 : 0,
		.dst_npi = m->own_number[0] ? 1 : 0,
		.data_coding = dc,
		.esm_class = t->udhi ? 0x40 : 0,
		.protocol_id = t->pid,
		.payload = payload,
		.payload_len = (uint32_t)plen,
		.remote_id = tk->remote_id,
		.dedupe = true,
	};
	if (rc == 0 && udh.f.concat) {
		s.concat_ref = udh.f.ref;
		s.part_total = udh.f.total;
		s.part_seq = udh.f.seq;
	}
	log_info("modem.sms_received device=%s index=%d from=%s parts=%u/%u remote_id=%s", m->device,
		 index, t->addr.text, s.part_seq, s.part_total, tk->remote_id);
	if (inbound_submit(m->b, &s, stored, tk) != 0) {
		ticket_take(tk);
		free(tk);
		release(m, index);
	}
}

/* ---- status reports ---- */

static void reported(void *arg, int result)
{
	struct modem_ticket *t = arg;
	struct modem *m = ticket_take(t);
	if (m && (result == STORE_OK || result == STORE_ENOTFOUND))
		delete_index(m, t->index); /* an unmatched report was logged by the dispatcher */
	else if (m)
		release(m, t->index);
	free(t);
}

static void report_in(struct modem *m, int index, const struct tpdu *t)
{
	char remote_id[STORE_REMOTE_ID_MAX];
	modem_mr_lookup(m, t->mr, t->addr.text, remote_id, sizeof remote_id);
	log_info("modem.status_report device=%s index=%d mr=%u to=%s st=0x%02x remote_id=%s",
		 m->device, index, t->mr, t->addr.text, t->st, remote_id);
	int state;
	switch (t->status) {
	case TPDU_ST_DELIVERED:
		state = STORE_ST_DELIVERED;
		break;
	case TPDU_ST_FAILED:
		state = STORE_ST_UNDELIVERABLE;
		break;
	default:
		/* The SC is still trying: nothing final to record; a later report will be. */
		delete_index(m, index);
		return;
	}
	struct modem_ticket *tk = ticket_new(m, index);
	if (!tk) {
		release(m, index);
		return;
	}
	snprintf(tk->remote_id, sizeof tk->remote_id, "%s", remote_id);
	dispatch_report(m->b, m->connector, remote_id, state, t->st, reported, tk);
}

/* ---- one PDU, from storage (index >= 0) or pushed (+CMT, +CDS: -1) ---- */

static void handle_pdu(struct modem *m, int index, const char *hex)
{
	uint8_t pdu[TPDU_MAX + 32];
	size_t len = 0;
	struct tpdu t;
	int rc = hex_decode(hex, strlen(hex), pdu, sizeof pdu, &len);
	if (rc == 0)
		rc = tpdu_decode(pdu, len, &t);
	if (rc != 0) {
		log_warn("modem.pdu_invalid device=%s index=%d error=\"%s\" pdu=%.360s", m->device,
			 index, sms_err_str(rc), hex);
		delete_index(m, index);
		return;
	}
	size_t sca = (size_t)pdu[0] + 1; /* the TPDU starts after the SMSC address */
	switch (t.type) {
	case TPDU_DELIVER:
		deliver_in(m, index, &t, pdu + sca, sca < len ? len - sca : 0);
		break;
	case TPDU_STATUS_REPORT:
		report_in(m, index, &t);
		break;
	default:
		log_info("modem.submit_deleted device=%s index=%d note=\"an SMS-SUBMIT saved on the"
			 " modem; the storage is the broker's\"", m->device, index);
		delete_index(m, index);
		break;
	}
}

/* ---- reading one index: AT+CMGR ---- */

struct read_arg {
	struct modem *m;
	unsigned index;
	bool got;
};

static void read_line(void *arg, const struct at_line *l, const char *pdu)
{
	(void)l;
	struct read_arg *a = arg;
	if (!pdu || a->got)
		return;
	a->got = true;
	handle_pdu(a->m, (int)a->index, pdu);
}

static void read_done(void *arg, const struct modem_at_result *r)
{
	struct read_arg *a = arg;
	modem_note_answer(a->m, r);
	if (r->status != MODEM_AT_CLOSED && !a->got) {
		/* Empty or unreadable: the sweep looks again. */
		log_debug("modem.read_empty device=%s index=%u answer=\"%s\"", a->m->device, a->index,
			  r->text);
		modem_busy_clear(a->m, a->index);
	}
	free(a);
}

static void read_index(struct modem *m, unsigned index)
{
	if (modem_busy_test_set(m, index))
		return;
	char cmd[32];
	snprintf(cmd, sizeof cmd, "AT+CMGR=%u", index);
	struct read_arg *a = calloc(1, sizeof *a);
	if (!a || (a->m = m, a->index = index, modem_cmd(m, cmd, "+CMGR", read_line, read_done, a) != 0)) {
		free(a);
		modem_busy_clear(m, index);
	}
}

/* ---- the sweep: AT+CMGL=4 ---- */

static void sweep_line(void *arg, const struct at_line *l, const char *pdu)
{
	struct modem *m = arg;
	struct at_field f[4];
	unsigned index;
	if (!pdu || at_args_split(l->args, f, 4) < 1 || at_field_uint(&f[0], 65535, &index) != 0)
		return;
	if (modem_busy_test_set(m, index))
		return; /* being handled already */
	handle_pdu(m, (int)index, pdu);
}

static void sweep_done(void *arg, const struct modem_at_result *r)
{
	struct modem *m = arg;
	m->sweeping = false;
	modem_note_answer(m, r);
	if (r->status != MODEM_AT_OK && r->status != MODEM_AT_CLOSED)
		log_warn("modem.sweep_failed device=%s answer=\"%s\"", m->device, r->text);
}

void modem_sweep(struct modem *m)
{
	if (m->sweeping)
		return;
	m->sweeping = true;
	if (modem_cmd(m, "AT+CMGL=4", "+CMGL", sweep_line, sweep_done, m) != 0)
		m->sweeping = false;
}

/* ---- unsolicited codes ---- */

void modem_urc(void *arg, const struct at_line *l, const char *pdu)
{
	struct modem *m = arg;
	if (m->state != MODEM_READY) {
		log_debug("modem.urc_early device=%s name=%s", m->device, l->name);
		return; /* the sweep at the end of set-up reads what is stored */
	}
	if (strcmp(l->name, "+CMTI") == 0 || strcmp(l->name, "+CDSI") == 0) {
		struct at_field f[2];
		unsigned index;
		if (at_args_split(l->args, f, 2) == 2 && at_field_uint(&f[1], 65535, &index) == 0)
			read_index(m, index);
	} else if ((strcmp(l->name, "+CMT") == 0 || strcmp(l->name, "+CDS") == 0) && pdu) {
		handle_pdu(m, -1, pdu);
	} else if (strcmp(l->name, "^SMMEMFULL") == 0) {
		modem_sweep(m);
	} else if (strcmp(l->name, "+CREG") == 0 || strcmp(l->name, "+CEREG") == 0) {
		struct at_field f[1];
		unsigned v;
		if (at_args_split(l->args, f, 1) == 1 && at_field_uint(&f[0], 10, &v) == 0)
			*(strcmp(l->name, "+CREG") == 0 ? &m->creg : &m->cereg) = (int)v;
	} else if (strcmp(l->name, "^RSSI") == 0) {
		unsigned v;
		struct at_field f[1];
		if (at_args_split(l->args, f, 1) == 1 && at_field_uint(&f[0], 99, &v) == 0)
			m->rssi = (int)v;
	} else {
		log_debug("modem.urc device=%s name=%s args=\"%s\"", m->device, l->name, l->args);
	}
}
