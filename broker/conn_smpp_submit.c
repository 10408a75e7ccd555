/*
 * conn_smpp_submit.c - submit_sm to the SMSC and what its answer means.
 *
 * Each link keeps at most `window` submit_sm unanswered; the resp is
 * matched by sequence number. ESME_ROK: the message is SENT and the SMSC's
 * message_id is recorded (receipts find it by that id). A throttling reply
 * pauses the whole connector and sends the message back to wait (NOTREADY:
 * no attempt counted). Other statuses fail temporarily or permanently by
 * conn_smpp_outcome(). A resp that never comes (timeout) or a connection
 * lost with the window full is a temporary failure: the SMSC may have
 * taken the message, so the retry may duplicate it (docs/routing.md says
 * exactly when).
 */
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conn_smpp.h"
#include "log.h"
#include "smpp_msg.h"
#include "smpp_time.h"

enum dispatch_outcome conn_smpp_outcome(uint32_t status)
{
	switch (status) {
	case SMPP_ESME_ROK:
		return DISPATCH_SENT;
	/* The SMSC asks us to slow down: not the message's fault. */
	case SMPP_ESME_RTHROTTLED:
	case SMPP_ESME_RMSGQFUL:
		return DISPATCH_NOTREADY;
	/* The message itself is wrong for this SMSC: sending it again changes nothing. */
	case SMPP_ESME_RINVMSGLEN:
	case SMPP_ESME_RINVCMDLEN:
	case SMPP_ESME_RINVCMDID:
	case SMPP_ESME_RINVPRTFLG:
	case SMPP_ESME_RINVREGDLVFLG:
	case SMPP_ESME_RINVSRCADR:
	case SMPP_ESME_RINVDSTADR:
	case SMPP_ESME_RINVSERTYP:
	case SMPP_ESME_RINVESMCLASS:
	case SMPP_ESME_RINVSRCTON:
	case SMPP_ESME_RINVSRCNPI:
	case SMPP_ESME_RINVDSTTON:
	case SMPP_ESME_RINVDSTNPI:
	case SMPP_ESME_RINVSCHED:
	case SMPP_ESME_RINVEXPIRY:
	case SMPP_ESME_RINVDFTMSGID:
	case SMPP_ESME_RX_P_APPN:
	case SMPP_ESME_RX_R_APPN:
	case SMPP_ESME_RINVOPTPARSTREAM:
	case SMPP_ESME_ROPTPARNOTALLWD:
	case SMPP_ESME_RINVPARLEN:
	case SMPP_ESME_RMISSINGOPTPARAM:
	case SMPP_ESME_RINVOPTPARAMVAL:
		return DISPATCH_PERMFAIL;
	/* ESME_RSYSERR, ESME_RX_T_APPN, ESME_RSUBMITFAIL, ESME_RDELIVERYFAILURE,
	 * ESME_RUNKNOWNERR, ESME_RINVBNDSTS, vendor codes, anything new. */
	default:
		return DISPATCH_TEMPFAIL;
	}
}

static int window_add(struct smpp_link *l, uint32_t seq, const struct dispatch_job *job)
{
	if (l->n_out == l->cap_out) {
		unsigned cap = l->cap_out ? l->cap_out * 2 : 16;
		struct link_out *grown = realloc(l->out, cap * sizeof *grown);
		if (!grown)
			return -1;
		l->out = grown;
		l->cap_out = cap;
	}
	l->out[l->n_out++] = (struct link_out){seq, job->id, job->msg.id, broker_mono_ms()};
	return 0;
}

void conn_smpp_submit(struct smpp_link *l, struct dispatch_job *job)
{
	struct conn_smpp *c = l->c;
	struct broker *b = c->base.b;
	const struct store_msg *m = &job->msg;
	uint32_t seq = conn_smpp_link_seq(l);
	if (window_add(l, seq, job) != 0) {
		dispatch_job_done(b, job->id, DISPATCH_NOTREADY, 0, NULL);
		return;
	}
	struct smpp_pdu *p = &c->out;
	smpp_msg_to_sm(p, SMPP_CMD_SUBMIT_SM, seq, m);
	/* Store and forward, with the GSM feature bits (UDHI, reply path) as submitted. */
	p->sm.esm_class = m->esm_class & 0xC0;
	/* Always a receipt, success or failure: it is what makes the message final here. */
	p->sm.registered_delivery = 1;
	int64_t now = broker_now_ms();
	if (m->expire_at > now + 1000)
		smpp_time_format_relative(now, m->expire_at, p->sm.validity_period);
	if (conn_smpp_link_send(l, p) != 0) {
		/* It does not encode (a broken stored TLV): it never will. */
		l->n_out--;
		log_warn("smpp_link.unsendable connector=%s message=%lld", c->base.name,
			 (long long)m->id);
		dispatch_job_done(b, job->id, DISPATCH_PERMFAIL, SMPP_ESME_RSYSERR, NULL);
		return;
	}
	log_debug("smpp_link.submit connector=%s link=%llu message=%lld seq=%u", c->base.name,
		  (unsigned long long)l->id, (long long)m->id, seq);
}

/* Removes entry i from the window, keeping the rest in sending order. */
static struct link_out take_out(struct smpp_link *l, unsigned i)
{
	struct link_out o = l->out[i];
	memmove(&l->out[i], &l->out[i + 1], (l->n_out - i - 1) * sizeof *l->out);
	l->n_out--;
	return o;
}

void conn_smpp_submit_resp(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	struct conn_smpp *c = l->c;
	uint32_t st = pdu->hdr.command_status;
	unsigned i = 0;
	while (i < l->n_out && l->out[i].seq != pdu->hdr.sequence_number)
		i++;
	if (i == l->n_out) {
		/* Answered already (timed out): it is sent again, a duplicate upstream. */
		log_warn("smpp_link.late_resp connector=%s link=%llu seq=%u status=%s remote_id=\"%s\"",
			 c->base.name, (unsigned long long)l->id, pdu->hdr.sequence_number,
			 smpp_status_name(st),
			 pdu->hdr.command_id == SMPP_CMD_SUBMIT_SM_RESP ? pdu->sm_resp.message_id : "");
		return;
	}
	struct link_out o = take_out(l, i);
	enum dispatch_outcome outcome = conn_smpp_outcome(st);
	if (outcome == DISPATCH_SENT && pdu->hdr.command_id != SMPP_CMD_SUBMIT_SM_RESP)
		outcome = DISPATCH_TEMPFAIL; /* a generic_nack that says "OK" says nothing */
	const char *remote_id = pdu->hdr.command_id == SMPP_CMD_SUBMIT_SM_RESP && st == SMPP_ESME_ROK
					? pdu->sm_resp.message_id
					: NULL;
	if (outcome == DISPATCH_SENT) {
		if (!remote_id[0])
			log_warn("smpp_link.no_message_id connector=%s message=%lld note=\"receipts "
				 "cannot be matched\"", c->base.name, (long long)o.msg_id);
		log_debug("smpp_link.sent connector=%s link=%llu message=%lld remote_id=%s",
			  c->base.name, (unsigned long long)l->id, (long long)o.msg_id, remote_id);
	} else {
		log_info("smpp_link.refused connector=%s link=%llu message=%lld status=%s outcome=%s",
			 c->base.name, (unsigned long long)l->id, (long long)o.msg_id,
			 smpp_status_name(st),
			 outcome == DISPATCH_NOTREADY ? "throttled"
			 : outcome == DISPATCH_PERMFAIL ? "permanent" : "temporary");
	}
	if (outcome == DISPATCH_NOTREADY)
		conn_smpp_pause(c, st);
	dispatch_job_done(c->base.b, o.job_id, outcome, st, remote_id);
	if (outcome == DISPATCH_SENT)
		conn_smpp_deliver_resp_came(c); /* a receipt held for it may match now */
	if (st == SMPP_ESME_RINVBNDSTS) {
		conn_smpp_link_drop(l, "the SMSC says we are not bound");
		return;
	}
	conn_smpp_pump(c);
}

void conn_smpp_submit_expire(struct smpp_link *l, int64_t now)
{
	int64_t limit = l->c->o.response_timeout_ms;
	/* The window is in sending order: the oldest come first. */
	while (l->n_out > 0 && now - l->out[0].sent_ms >= limit) {
		struct link_out o = take_out(l, 0);
		log_info("smpp_link.resp_timeout connector=%s link=%llu message=%lld seq=%u",
			 l->c->base.name, (unsigned long long)l->id, (long long)o.msg_id, o.seq);
		dispatch_job_done(l->c->base.b, o.job_id, DISPATCH_TEMPFAIL, SMPP_ESME_RSYSERR, NULL);
	}
}

void conn_smpp_submit_abandon(struct smpp_link *l, const char *why)
{
	if (l->n_out > 0)
		log_info("smpp_link.window_abandoned connector=%s link=%llu count=%u reason=\"%s\"",
			 l->c->base.name, (unsigned long long)l->id, l->n_out, why);
	while (l->n_out > 0) {
		struct link_out o = take_out(l, l->n_out - 1);
		dispatch_job_done(l->c->base.b, o.job_id, DISPATCH_TEMPFAIL, SMPP_ESME_RSYSERR, NULL);
	}
}
