/*
 * modem_send.c - sending through a modem: AT+CMGS=<length> and the PDU
 * after the "> " prompt (or, in text mode, AT+CMGF=1, AT+CSMP, AT+CMGS
 * with the number and the text, AT+CMGF=0), and the TP-MR table that
 * matches status reports to messages.
 *
 * TP-MR matching. The modem numbers what it sends with TP-MR, 0..255,
 * wrapping; a status report carries the TP-MR and the recipient (TP-RA).
 * A message's remote_id is "<mr>.<digits>@<tag>": the TP-MR, the
 * destination's digits and the modem's tag (a hash of its device path:
 * the same modem after a restart, another modem in the pool never). Two
 * messages share a remote_id only when one modem sent 256 or more messages
 * between two to the same number while the first still waited for its
 * report; the store then finds the newest. A report is matched to the
 * last message this modem sent with that TP-MR (kept in memory) when the
 * last digits of the report's TP-RA agree with its destination (networks
 * write TP-RA national or international); otherwise, and after a
 * restart, the remote_id is built from TP-MR and TP-RA as they came.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_args.h"
#include "log.h"
#include "modem_internal.h"

#define MATCH_DIGITS 9 /* national and international forms agree on these */

static void digits_of(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	for (; in && *in && o + 1 < cap; in++)
		if (*in >= '0' && *in <= '9')
			out[o++] = *in;
	out[o] = '\0';
}

static bool same_tail(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t n = la < lb ? la : lb;
	if (n > MATCH_DIGITS)
		n = MATCH_DIGITS;
	return n > 0 && strcmp(a + la - n, b + lb - n) == 0;
}

static void make_remote_id(const struct modem *m, unsigned mr, const char *digits, char *out,
			   size_t cap)
{
	snprintf(out, cap, "%u.%.24s@%s", mr, digits, m->tag);
}

void modem_mr_lookup(const struct modem *m, unsigned mr, const char *ra, char *out, size_t cap)
{
	char digits[24];
	digits_of(ra, digits, sizeof digits);
	const struct modem_mr_slot *s = &m->mr[mr & 0xFF];
	if (s->remote_id[0] && same_tail(s->dest, digits)) {
		snprintf(out, cap, "%s", s->remote_id);
		return;
	}
	make_remote_id(m, mr & 0xFF, digits, out, cap);
}

static void req_unlink(struct modem *m, struct modem_send_req *r)
{
	for (struct modem_send_req **pp = &m->sends; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			m->n_sends--;
			return;
		}
	}
}

/* Answers a send once; r is freed. */
static void answer(struct modem_send_req *r, int result, int cms, const char *remote_id)
{
	if (r->m)
		req_unlink(r->m, r);
	modem_sent_fn fn = r->sent;
	void *arg = r->arg;
	free(r);
	fn(arg, result, cms, remote_id);
}

void modem_sends_close(struct modem *m)
{
	while (m->sends) {
		struct modem_send_req *r = m->sends;
		m->sends = r->next;
		m->n_sends--;
		r->m = NULL;
		/* Whatever the AT channel still holds for it is dropped without callbacks. */
		answer(r, MODEM_SEND_CLOSED, -1, NULL);
	}
}

static void cmgs_line(void *arg, const struct at_line *l, const char *pdu)
{
	(void)pdu;
	struct modem_send_req *req = arg;
	struct at_field f[2];
	unsigned mr;
	if (at_args_split(l->args, f, 2) >= 1 && at_field_uint(&f[0], 255, &mr) == 0)
		req->mr = (int)mr;
}

static void cmgs_done(void *arg, const struct modem_at_result *r)
{
	struct modem_send_req *req = arg;
	int mr = req->mr;
	struct modem *m = req->m;
	modem_note_answer(m, r);
	if (r->status == MODEM_AT_OK && mr >= 0) {
		struct modem_mr_slot *s = &m->mr[mr];
		make_remote_id(m, (unsigned)mr, req->dest, s->remote_id, sizeof s->remote_id);
		snprintf(s->dest, sizeof s->dest, "%s", req->dest);
		log_info("modem.sent device=%s mr=%d to=%s remote_id=%s", m->device, mr, req->dest,
			 s->remote_id);
		answer(req, MODEM_SEND_OK, -1, s->remote_id);
	} else if (r->status == MODEM_AT_OK || r->status == MODEM_AT_FAILED) {
		log_warn("modem.send_failed device=%s to=%s answer=\"%s\"", m->device, req->dest,
			 r->text);
		answer(req, MODEM_SEND_CMS, r->final == AT_K_CMS_ERROR ? r->code : -1, NULL);
	} else {
		answer(req, r->status == MODEM_AT_TIMEOUT ? MODEM_SEND_TIMEOUT : MODEM_SEND_CLOSED, -1,
		       NULL);
	}
}

static void text_mode_step(void *arg, const struct modem_at_result *r)
{
	struct modem *m = arg;
	modem_note_answer(m, r);
}

int modem_send(struct modem *m, const struct modem_sms *s, modem_sent_fn sent, void *arg)
{
	if (!modem_ready(m))
		return -1;
	struct modem_send_req *req = calloc(1, sizeof *req);
	if (!req)
		return -1;
	req->m = m;
	digits_of(s->dest, req->dest, sizeof req->dest);
	req->sent = sent;
	req->arg = arg;
	req->mr = -1;
	char cmd[64];
	struct modem_at_cmd c = {.text = cmd, .expect = "+CMGS", .timeout_ms = m->send_timeout_ms,
				 .on_line = cmgs_line, .done = cmgs_done, .arg = req};
	int rc;
	if (s->text) {
		/* First octet 0x11 (SUBMIT, relative validity), | 0x20 for SRR; validity 167 = 1 day. */
		char csmp[40];
		snprintf(csmp, sizeof csmp, "AT+CSMP=%d,167,0,0", s->srr ? 0x31 : 0x11);
		snprintf(cmd, sizeof cmd, "AT+CMGS=\"+%.30s\"", req->dest);
		c.body = s->text;
		/* A failed mode switch shows in the AT+CMGS answer. */
		modem_cmd(m, "AT+CMGF=1", NULL, NULL, text_mode_step, m);
		modem_cmd(m, csmp, NULL, NULL, text_mode_step, m);
		rc = modem_at_submit(m->at, &c);
		if (rc == 0)
			modem_cmd(m, "AT+CMGF=0", NULL, NULL, text_mode_step, m);
	} else {
		snprintf(cmd, sizeof cmd, "AT+CMGS=%u", s->tpdu_len);
		c.body = s->pdu_hex;
		rc = modem_at_submit(m->at, &c);
	}
	if (rc != 0) {
		free(req);
		return -1;
	}
	req->next = m->sends;
	m->sends = req;
	m->n_sends++;
	return 0;
}
