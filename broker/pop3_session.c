/*
 * pop3_session.c - one poll of one inbox, on its worker thread: list the
 * mailbox, and for each email not handled before read it, decide, queue
 * its SMS with the record of it (committed before anything else happens),
 * then DELE it; QUIT at the end makes the deletions real.
 *
 * An email already recorded is never read again: all its recipients done
 * means DELE only (the crash case: committed, but DELE never reached the
 * server); some done means only the others get their SMS. Emails that send
 * nothing are recorded too, so a kept one costs a lookup, not a download,
 * on every later poll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "log.h"
#include "pop3_client.h"
#include "pop3_internal.h"
#include "pop3_mail.h"
#include "sms_err.h"

#define MAX_LISTED 100000 /* emails of one listing looked at; the rest next time */

/* A value safe inside a quoted log field: no quotes, backslashes or controls. */
static const char *log_safe(char *buf, size_t size, const char *s)
{
	size_t o = 0;
	for (; s && *s && o + 1 < size; s++)
		buf[o++] = (unsigned char)*s < 0x20 || *s == '"' || *s == '\\' ? '_' : *s;
	buf[o] = '\0';
	return buf;
}

/* For emails without UIDL or Message-ID: a key from their headers (FNV-1a 64). */
static void header_key(const char *h, size_t len, char *out, size_t size)
{
	uint64_t x = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		x ^= (unsigned char)h[i];
		x *= 1099511628211ull;
	}
	snprintf(out, size, "headers:%016llx", (unsigned long long)x);
}

static int action_for(const struct conf_pop3 *c, int outcome)
{
	if (outcome == STORE_MAIL_NOT_NUMBER)
		return c->non_number_subject;
	if (outcome == STORE_MAIL_REJECTED)
		return c->rejected_sender;
	return CONF_MAIL_KEEP;
}

static const char *outcome_name(int outcome)
{
	switch (outcome) {
	case STORE_MAIL_SENT: return "sent";
	case STORE_MAIL_NOT_NUMBER: return "not_number";
	case STORE_MAIL_REJECTED: return "rejected";
	case STORE_MAIL_TOO_LARGE: return "too_large";
	case STORE_MAIL_REFUSED: return "refused";
	}
	return "unknown";
}

static int dele(struct pop3_client *c, unsigned num, struct pop3_poll_result *r)
{
	int rc = pop3_client_dele(c, num);
	if (rc == POP3_OK)
		r->deleted++;
	return rc;
}

/* Records a whole-email outcome (kept or deleted per policy). */
static int record_whole(struct pop3_inbox *in, struct pop3_client *c, const struct pop3_entry *e,
			int outcome, const char *why, const struct pop3_plan *p,
			struct pop3_poll_result *r)
{
	struct store_mail *m = &in->call.mail;
	m->recipient = -1;
	m->total = 0;
	m->outcome = outcome;
	m->at = broker_now_ms();
	if (pop3_call(in, POP3_CALL_RECORD) != 0)
		return POP3_ESTOPPED;
	if (in->call.result != STORE_OK && in->call.result != STORE_EDUPLICATE)
		return POP3_ESTORE;
	int action = action_for(&in->cfg, outcome);
	char from[128], subj[128], mid[128];
	log_warn("pop3.not_sent inbox=%s uidl=%s message_id=\"%s\" from=\"%s\" subject=\"%s\""
		 " outcome=%s reason=\"%s\" action=%s",
		 in->cfg.name, e->uidl, log_safe(mid, sizeof mid, m->message_id),
		 log_safe(from, sizeof from, p ? p->from : ""),
		 log_safe(subj, sizeof subj, p ? p->subject : ""), outcome_name(outcome), why,
		 action == CONF_MAIL_DELETE ? "delete" : "keep");
	if (action == CONF_MAIL_DELETE)
		return dele(c, e->num, r);
	r->kept++;
	return POP3_OK;
}

/* Queues the SMS of every recipient not yet recorded, each with its record. */
static int send_all(struct pop3_inbox *in, const struct pop3_entry *e, const struct pop3_plan *p,
		    uint32_t done_mask, struct pop3_poll_result *r, bool *refused)
{
	struct pop3_call *call = &in->call;
	const struct conf_pop3 *cfg = &in->cfg;
	char mid[128];
	log_safe(mid, sizeof mid, call->mail.message_id);
	for (unsigned k = 0; k < p->to.n; k++) {
		if (done_mask & (1u << k))
			continue;
		call->mail.recipient = (int)k;
		call->mail.total = p->to.n;
		call->mail.outcome = STORE_MAIL_SENT;
		call->mail.at = broker_now_ms();
		snprintf(call->destination, sizeof call->destination, "+%s", p->to.number[k]);
		snprintf(call->origin, sizeof call->origin, "pop3:%s %s", cfg->name,
			 mid[0] ? mid : e->uidl);
		call->text = (struct outbound_text){
			.account = cfg->account ? cfg->account : "",
			.source = cfg->source ? cfg->source : "",
			.destination = call->destination,
			.text = p->text,
			.max_segments = cfg->max_segments,
			.origin = call->origin,
		};
		if (pop3_call(in, POP3_CALL_SUBMIT) != 0)
			return POP3_ESTOPPED;
		if (call->refused) {
			log_warn("pop3.refused inbox=%s uidl=%s to=%s reason=\"%s\"", cfg->name, e->uidl,
				 call->destination, sms_err_str(call->result));
			*refused = true;
			return POP3_OK;
		}
		if (call->result == STORE_EDUPLICATE)
			continue;
		if (call->result != STORE_OK)
			return POP3_ESTORE;
		r->sms++;
		log_info("pop3.sms inbox=%s uidl=%s message_id=\"%s\" to=%s parts=%u message=%lld"
			 " html=%d attachments_skipped=%u",
			 cfg->name, e->uidl, mid, call->destination, call->segments,
			 (long long)call->first_id, p->html, p->skipped);
	}
	return POP3_OK;
}

/* The key: UIDL, else the Message-ID from TOP, else a hash of the headers. */
static int identify(struct pop3_inbox *in, struct pop3_client *c, const struct pop3_entry *e)
{
	struct store_mail *m = &in->call.mail;
	memset(m, 0, sizeof *m);
	snprintf(m->inbox, sizeof m->inbox, "%s", in->cfg.name);
	snprintf(m->uidl, sizeof m->uidl, "%s", e->uidl);
	if (e->uidl[0])
		return POP3_OK;
	char *hdr;
	size_t len;
	int rc = pop3_client_top(c, e->num, &hdr, &len);
	if (rc != POP3_OK)
		return rc;
	pop3_mail_message_id(hdr, len, m->message_id, sizeof m->message_id);
	if (!m->message_id[0])
		header_key(hdr, len, m->message_id, sizeof m->message_id);
	free(hdr);
	return POP3_OK;
}

static int one_email(struct pop3_inbox *in, struct pop3_client *c, const struct pop3_entry *e,
		     struct pop3_poll_result *r)
{
	int rc = identify(in, c, e);
	if (rc != POP3_OK)
		return rc;
	if (pop3_call(in, POP3_CALL_LOOKUP) != 0)
		return POP3_ESTOPPED;
	if (in->call.result != STORE_OK)
		return POP3_ESTORE;
	struct store_mail *m = &in->call.mail;
	int seen_outcome = m->outcome;
	uint32_t done_mask = m->done_mask;
	unsigned total = m->total;
	if (seen_outcome >= 0)
		return action_for(&in->cfg, seen_outcome) == CONF_MAIL_DELETE ? dele(c, e->num, r)
									     : POP3_OK;
	if (total > 0 && (unsigned)__builtin_popcount(done_mask) >= total) {
		log_info("pop3.already_sent inbox=%s uidl=%s recipients=%u action=delete",
			 in->cfg.name, e->uidl, total);
		return dele(c, e->num, r);
	}
	r->read++;
	char *raw = NULL;
	size_t len = 0;
	rc = e->size > in->cfg.max_message_size ? POP3_ETOOBIG
						: pop3_client_retr(c, e->num, &raw, &len);
	if (rc == POP3_ETOOBIG)
		return record_whole(in, c, e, STORE_MAIL_TOO_LARGE, "larger than max_message_size",
				    NULL, r);
	if (rc != POP3_OK)
		return rc;
	struct pop3_plan p;
	rc = pop3_mail_plan(&in->cfg, raw, len, &p);
	free(raw);
	if (rc != 0)
		return POP3_ENOMEM;
	if (!m->message_id[0])
		snprintf(m->message_id, sizeof m->message_id, "%s", p.message_id);
	bool refused = false;
	if (p.outcome != STORE_MAIL_SENT)
		rc = record_whole(in, c, e, p.outcome, p.why, &p, r);
	else
		rc = send_all(in, e, &p, done_mask, r, &refused);
	if (rc == POP3_OK && refused)
		rc = record_whole(in, c, e, STORE_MAIL_REFUSED, "the SMS codec refused the text", &p, r);
	else if (rc == POP3_OK && p.outcome == STORE_MAIL_SENT)
		rc = dele(c, e->num, r); /* every recipient's SMS is committed */
	pop3_plan_free(&p);
	return rc;
}

void pop3_session_run(struct pop3_inbox *in, struct pop3_poll_result *r)
{
	memset(r, 0, sizeof *r);
	const struct conf_pop3 *cfg = &in->cfg;
	struct pop3_client_opts o = {
		.host = cfg->host,
		.port = cfg->port,
		.username = cfg->username,
		.password = cfg->password,
		.security = cfg->security,
		.verify = cfg->verify_certificate,
		.ca_file = cfg->ca_file,
		.timeout_ms = cfg->timeout_ms,
		.max_message = cfg->max_message_size,
		.stop = &in->stop,
	};
	struct pop3_client *c = pop3_client_new(&o);
	if (!c) {
		r->rc = POP3_ENOMEM;
		return;
	}
	struct pop3_entry *e = NULL;
	size_t n = 0;
	bool have_uidl = false;
	int rc = pop3_client_list(c, MAX_LISTED, &e, &n, &have_uidl);
	r->listed = (unsigned)n;
	for (size_t i = 0; rc == POP3_OK && i < n; i++) {
		if (r->read >= cfg->max_per_poll) {
			r->more = true;
			break;
		}
		rc = one_email(in, c, &e[i], r);
	}
	if (rc != POP3_OK)
		snprintf(r->detail, sizeof r->detail, "%s", pop3_client_detail(c));
	free(e);
	pop3_client_close(c); /* QUIT: the server deletes what DELE marked */
	r->rc = rc;
	if (rc == POP3_OK)
		log_info("pop3.poll inbox=%s listed=%u uidl=%d read=%u sms=%u kept=%u deleted=%u more=%d",
			 cfg->name, r->listed, have_uidl, r->read, r->sms, r->kept, r->deleted, r->more);
}
