/*
 * smpp_deliver.c - deliver_sm to bound receivers: MO messages, messages
 * routed to a local connector, and delivery receipts.
 *
 * Each session keeps at most smpp.window deliver_sm outstanding. The resp
 * decides the outcome: ESME_ROK delivered; any error, a resp timeout or the
 * session closing sends the message back for a retry (the ESME may have it
 * already: at-least-once), except ESME_RX_P_APPN, which says never.
 *
 * A slot is free again only when the outcome its resp decided is committed:
 * so a crash can make the ESME see again at most the window it had.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "connector.h"
#include "log.h"
#include "smpp_deliver.h"
#include "smpp_msg.h"
#include "smpp_server_internal.h"

static unsigned window_of(const struct smpp_session *s)
{
	return s->srv->b->conf->smpp_opts.window;
}

static bool has_room(const struct smpp_session *s)
{
	return sess_can_receive(s) && s->n_out < window_of(s) && !s->read_paused;
}

bool smpp_server_can_deliver(struct smpp_server *srv, const char *account)
{
	/* Bound is enough: a full window waits in the backlog, up to its bound. */
	struct account_state *a = smpp_server_account(srv, account);
	return a && a->n_receivers > 0 && smpp_backlog_has_room(a);
}

static void build_deliver(struct smpp_session *s, const struct store_msg *m, uint32_t seq)
{
	struct smpp_pdu *p = &s->srv->out;
	smpp_msg_to_sm(p, SMPP_CMD_DELIVER_SM, seq, m);
	/* Receipts say so (0x04); otherwise only the GSM feature bits (UDHI, reply path) pass. */
	/* Receipts keep their kind (0x04 receipt, 0x20 intermediate); other messages
	 * only the GSM feature bits (UDHI, reply path). */
	p->sm.esm_class = m->direction == STORE_DIR_DR ? (m->esm_class & 0x3C ? m->esm_class & 0x3C : 0x04)
						       : (m->esm_class & 0xC0);
}

int smpp_server_deliver(struct smpp_server *srv, const char *account, struct dispatch_job *job)
{
	struct account_state *a = smpp_server_account(srv, account);
	if (!a || a->n_receivers == 0)
		return -1;
	/* Behind what already waits, so deliveries keep their order. */
	if (a->n_backlog == 0 && smpp_server_send_now(srv, a, job) == 0)
		return 0;
	return smpp_backlog_push(a, job);
}

int smpp_server_send_now(struct smpp_server *srv, struct account_state *a, struct dispatch_job *job)
{
	(void)srv;
	struct smpp_session *s = NULL;
	for (size_t k = 0; a && k < a->n_receivers && !s; k++) {
		struct smpp_session *c = a->receivers[(a->next_receiver + k) % a->n_receivers];
		if (has_room(c))
			s = c;
	}
	if (!s)
		return -1;
	a->next_receiver++;
	if (s->n_out == s->cap_out) {
		unsigned cap = s->cap_out ? s->cap_out * 2 : 16;
		struct sess_outstanding *grown = realloc(s->out, cap * sizeof *grown);
		if (!grown)
			return -1;
		s->out = grown;
		s->cap_out = cap;
	}
	uint32_t seq = sess_next_seq(s);
	s->out[s->n_out++] = (struct sess_outstanding){seq, job->id, broker_mono_ms(), false};
	build_deliver(s, &job->msg, seq);
	sess_send(s, &s->srv->out);
	return 0;
}

static void take_out(struct smpp_session *s, unsigned i)
{
	s->out[i] = s->out[--s->n_out];
}

/* Which slot to free when its outcome is committed. */
struct slot_ref {
	struct smpp_server *srv;
	uint64_t session_id;
	uint32_t seq;
};

static void slot_committed(void *arg, int result)
{
	(void)result;
	struct slot_ref *ref = arg;
	struct smpp_session *s = smpp_server_find(ref->srv, ref->session_id);
	for (unsigned i = 0; s && i < s->n_out; i++) {
		if (s->out[i].seq == ref->seq && s->out[i].answered) {
			take_out(s, i);
			if (sess_can_receive(s))
				smpp_backlog_pump(s->srv, smpp_server_account(s->srv, s->system_id));
			break;
		}
	}
	free(ref);
}

void smpp_handle_deliver_resp(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	for (unsigned i = 0; i < s->n_out; i++) {
		if (s->out[i].seq != pdu->hdr.sequence_number || s->out[i].answered)
			continue;
		uint64_t job = s->out[i].job_id;
		uint32_t st = pdu->hdr.command_status;
		enum dispatch_outcome o = st == SMPP_ESME_ROK         ? DISPATCH_DELIVERED
					  : st == SMPP_ESME_RX_P_APPN ? DISPATCH_PERMFAIL
								      : DISPATCH_TEMPFAIL;
		if (st != SMPP_ESME_ROK)
			log_info("smpp.deliver_refused session=%llu status=%s",
				 (unsigned long long)s->id, smpp_status_name(st));
		struct slot_ref *ref = malloc(sizeof *ref);
		if (!ref) {
			take_out(s, i); /* without memory to wait, free it now */
			dispatch_job_done(s->srv->b, job, o, st, NULL);
			return;
		}
		*ref = (struct slot_ref){s->srv, s->id, s->out[i].seq};
		s->out[i].answered = true;
		dispatch_job_done_then(s->srv->b, job, o, st, NULL, slot_committed, ref);
		return;
	}
	log_debug("smpp.unexpected_deliver_resp session=%llu seq=%u", (unsigned long long)s->id,
		  pdu->hdr.sequence_number);
}

void smpp_deliver_expire(struct smpp_session *s, int64_t now)
{
	int64_t limit = s->srv->b->conf->smpp_opts.response_timeout_ms;
	for (unsigned i = 0; i < s->n_out;) {
		if (s->out[i].answered || now - s->out[i].sent_ms < limit) {
			i++;
			continue;
		}
		uint64_t job = s->out[i].job_id;
		take_out(s, i);
		log_info("smpp.deliver_timeout session=%llu", (unsigned long long)s->id);
		dispatch_job_done(s->srv->b, job, DISPATCH_TEMPFAIL, SMPP_ESME_RSYSERR, NULL);
	}
	/* Once a second per session: room made by a timeout, or by reading resuming. */
	struct account_state *a = sess_can_receive(s) ? smpp_server_account(s->srv, s->system_id) : NULL;
	if (a && a->n_backlog)
		smpp_backlog_pump(s->srv, a);
}

void smpp_deliver_abandon(struct smpp_session *s)
{
	while (s->n_out > 0) {
		struct sess_outstanding *o = &s->out[--s->n_out];
		if (!o->answered) /* an answered one is being recorded already */
			dispatch_job_done(s->srv->b, o->job_id, DISPATCH_TEMPFAIL, SMPP_ESME_RSYSERR, NULL);
	}
	free(s->out);
	s->out = NULL;
	s->cap_out = 0;
}
