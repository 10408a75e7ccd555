/*
 * smpp_session.c - an ESME connection: framing, dispatch by state, timers,
 * back-pressure and the one teardown path.
 *
 * Framing errors (a command_length under 16 or over max_pdu_length) cannot
 * be recovered from on a length-prefixed stream: generic_nack and close.
 * A malformed body is answered with its status and the session goes on.
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "log.h"
#include "smpp_server_internal.h"
#include "smpp_deliver.h"
#include "smpp_stream.h"

/* Stop reading when this many store ops are waiting, or this much output is. */
#define MAX_IN_FLIGHT 2048
#define MAX_OUTPUT (4u << 20)

static const char *const state_names[] = {
	[SESS_OPEN] = "open",
	[SESS_BOUND_TX] = "bound_tx",
	[SESS_BOUND_RX] = "bound_rx",
	[SESS_BOUND_TRX] = "bound_trx",
	[SESS_UNBINDING] = "unbinding",
	[SESS_CLOSED] = "closed",
};

const char *sess_state_name(enum sess_state st)
{
	return state_names[st];
}

static bool is_receiver_state(enum sess_state st)
{
	return st == SESS_BOUND_RX || st == SESS_BOUND_TRX;
}

void sess_set_state(struct smpp_session *s, enum sess_state st)
{
	/* Who takes deliver_sm follows the state: only bound receivers do. */
	if (is_receiver_state(s->state) && !is_receiver_state(st))
		smpp_server_remove_receiver(s->srv, s);
	else if (!is_receiver_state(s->state) && is_receiver_state(st))
		smpp_server_add_receiver(s->srv, s);
	log_info("smpp.state session=%llu peer=%s account=%s from=%s to=%s",
		 (unsigned long long)s->id, s->peer, s->system_id[0] ? s->system_id : "-",
		 state_names[s->state], state_names[st]);
	if (st >= SESS_BOUND_TX && st <= SESS_BOUND_TRX)
		s->bound_as = st;
	s->state = st;
}

bool sess_can_submit(const struct smpp_session *s)
{
	return s->state == SESS_BOUND_TX || s->state == SESS_BOUND_TRX;
}

bool sess_can_receive(const struct smpp_session *s)
{
	return s->state == SESS_BOUND_RX || s->state == SESS_BOUND_TRX;
}

uint32_t sess_next_seq(struct smpp_session *s)
{
	if (s->next_seq == 0 || s->next_seq >= 0x7FFFFFFF)
		s->next_seq = 1;
	return s->next_seq++;
}

static const struct conf_smpp *opts(const struct smpp_session *s)
{
	return &s->srv->b->conf->smpp_opts;
}

static void update_read_pause(struct smpp_session *s)
{
	if (s->state == SESS_CLOSED)
		return;
	size_t out = evbuffer_get_length(bufferevent_get_output(s->bev));
	bool pause = s->in_flight >= MAX_IN_FLIGHT || out >= MAX_OUTPUT;
	bool resume = s->in_flight < MAX_IN_FLIGHT / 2 && out < MAX_OUTPUT / 2;
	if (pause && !s->read_paused) {
		s->read_paused = true;
		bufferevent_disable(s->bev, EV_READ);
		log_debug("smpp.paused session=%llu in_flight=%u output=%zu",
			  (unsigned long long)s->id, s->in_flight, out);
	} else if (s->read_paused && resume) {
		s->read_paused = false;
		bufferevent_enable(s->bev, EV_READ);
		/* Bytes that arrived while paused are already buffered: handle them. */
		bufferevent_trigger(s->bev, EV_READ, BEV_OPT_DEFER_CALLBACKS);
	}
}

static struct smpp_stream_who who_of(const struct smpp_session *s)
{
	return (struct smpp_stream_who){"session", s->id, s->srv->b->conf->logging.trace_pdus};
}

void sess_send(struct smpp_session *s, struct smpp_pdu *pdu)
{
	if (s->state == SESS_CLOSED)
		return;
	struct smpp_stream_who who = who_of(s);
	if (smpp_stream_write(s->bev, pdu, &who) != 0)
		return;
	update_read_pause(s);
}

void sess_send_status(struct smpp_session *s, uint32_t command_id, uint32_t status, uint32_t seq)
{
	struct smpp_pdu *p = &s->srv->out;
	memset(&p->hdr, 0, sizeof p->hdr);
	p->tlvs.count = 0;
	p->hdr.command_id = command_id;
	p->hdr.command_status = status;
	p->hdr.sequence_number = seq;
	/* Bodies of responses that have one (message_id, system_id) go empty. */
	memset(&p->sm_resp, 0, sizeof p->sm_resp);
	memset(&p->bind_resp, 0, sizeof p->bind_resp);
	memset(&p->query_sm_resp, 0, sizeof p->query_sm_resp);
	p->submit_multi_resp.no_unsuccess = 0;
	sess_send(s, p);
}

void sess_op_started(struct smpp_session *s)
{
	s->in_flight++;
	update_read_pause(s);
}

void sess_op_finished(struct smpp_session *s)
{
	s->in_flight--;
	update_read_pause(s);
	if (s->state == SESS_UNBINDING)
		sess_unbind_progress(s);
}

void sess_close(struct smpp_session *s, const char *why)
{
	if (s->state == SESS_CLOSED)
		return;
	log_info("smpp.close session=%llu peer=%s account=%s reason=\"%s\" in_flight=%u",
		 (unsigned long long)s->id, s->peer, s->system_id[0] ? s->system_id : "-", why,
		 s->in_flight);
	sess_set_state(s, SESS_CLOSED);
	smpp_deliver_abandon(s); /* what this ESME had not acknowledged goes back to the queue */
	bufferevent_free(s->bev); /* libevent defers it if we are inside its callback */
	s->bev = NULL;
	event_del(s->tick);
	smpp_server_bury(s->srv, s);
}

void sess_close_after_flush(struct smpp_session *s)
{
	s->close_when_flushed = true;
	bufferevent_disable(s->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(s->bev)) == 0)
		sess_close(s, "closed after final response");
}

void sess_begin_unbind(struct smpp_session *s)
{
	if (s->state == SESS_OPEN) {
		sess_close(s, "shutdown");
		return;
	}
	if (s->state != SESS_UNBINDING)
		sess_set_state(s, SESS_UNBINDING);
	sess_unbind_progress(s);
}

void sess_unbind_progress(struct smpp_session *s)
{
	/* Answer every submit we accepted before the unbind (either way round). */
	if (s->state != SESS_UNBINDING || s->in_flight > 0 || s->close_when_flushed)
		return;
	if (s->peer_unbind_pending) {
		sess_send_status(s, SMPP_CMD_UNBIND_RESP, SMPP_ESME_ROK, s->peer_unbind_seq);
		sess_close_after_flush(s);
		return;
	}
	if (s->unbind_sent)
		return;
	s->unbind_sent = true;
	s->unbind_sent_ms = broker_mono_ms();
	struct smpp_pdu *p = &s->srv->out;
	memset(&p->hdr, 0, sizeof p->hdr);
	p->tlvs.count = 0;
	p->hdr.command_id = SMPP_CMD_UNBIND;
	p->hdr.sequence_number = sess_next_seq(s);
	sess_send(s, p);
}

static void handle_enquire_link(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	sess_send_status(s, SMPP_CMD_ENQUIRE_LINK_RESP, SMPP_ESME_ROK, pdu->hdr.sequence_number);
}

/* Responses to our own requests. */
static void handle_response(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	switch (pdu->hdr.command_id) {
	case SMPP_CMD_ENQUIRE_LINK_RESP:
		s->enquire_sent_ms = 0;
		break;
	case SMPP_CMD_DELIVER_SM_RESP:
		smpp_handle_deliver_resp(s, pdu);
		break;
	case SMPP_CMD_UNBIND_RESP:
		if (s->unbind_sent)
			sess_close(s, "unbind answered");
		break;
	case SMPP_CMD_GENERIC_NACK:
		log_warn("smpp.nack_received session=%llu status=%s seq=%u",
			 (unsigned long long)s->id, smpp_status_name(pdu->hdr.command_status),
			 pdu->hdr.sequence_number);
		break;
	default:
		log_debug("smpp.unexpected_response session=%llu command=%s",
			  (unsigned long long)s->id, smpp_command_name(pdu->hdr.command_id));
	}
}

/* Requests a session may send in its state; the rest get ESME_RINVBNDSTS. */
static void dispatch(struct smpp_session *s, const struct smpp_pdu *pdu)
{
	uint32_t id = pdu->hdr.command_id;
	if (id & SMPP_RESP_BIT) {
		handle_response(s, pdu);
		return;
	}
	switch (id) {
	case SMPP_CMD_ENQUIRE_LINK:
		handle_enquire_link(s, pdu);
		return;
	case SMPP_CMD_UNBIND:
		smpp_handle_unbind(s, pdu);
		return;
	case SMPP_CMD_BIND_TRANSMITTER:
	case SMPP_CMD_BIND_RECEIVER:
	case SMPP_CMD_BIND_TRANSCEIVER:
		smpp_handle_bind(s, pdu);
		return;
	case SMPP_CMD_SUBMIT_SM:
	case SMPP_CMD_SUBMIT_MULTI:
	case SMPP_CMD_DATA_SM:
		if (sess_can_submit(s)) {
			smpp_handle_submit(s, pdu);
			return;
		}
		break;
	case SMPP_CMD_QUERY_SM:
	case SMPP_CMD_CANCEL_SM:
	case SMPP_CMD_REPLACE_SM:
		if (!sess_can_submit(s))
			break;
		if (id == SMPP_CMD_QUERY_SM)
			smpp_handle_query(s, pdu);
		else if (id == SMPP_CMD_CANCEL_SM)
			smpp_handle_cancel(s, pdu);
		else
			smpp_handle_replace(s, pdu);
		return;
	default:
		break;
	}
	uint32_t resp = smpp_response_id(id);
	sess_send_status(s, resp ? resp : SMPP_CMD_GENERIC_NACK,
			 resp ? SMPP_ESME_RINVBNDSTS : SMPP_ESME_RINVCMDID, pdu->hdr.sequence_number);
}

static void on_decode_error(struct smpp_session *s, const struct smpp_decode_err *err)
{
	log_warn("smpp.bad_pdu session=%llu peer=%s command=0x%08x seq=%u status=%s field=%s",
		 (unsigned long long)s->id, s->peer, err->command_id, err->sequence_number,
		 smpp_status_name(err->status), err->field && *err->field ? err->field : "-");
	if (err->answer_id)
		sess_send_status(s, err->answer_id, err->status, err->sequence_number);
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	struct smpp_session *s = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t max = opts(s)->max_pdu_length;

	struct smpp_stream_who who = who_of(s);
	while (s->state != SESS_CLOSED && !s->read_paused && !s->close_when_flushed) {
		size_t pdu_len = 0;
		struct smpp_decode_err err;
		struct smpp_pdu *pdu = &s->srv->in;
		enum smpp_stream_rc rc = smpp_stream_next(in, max, pdu, &pdu_len, &err, &who);
		if (rc == SMPP_STREAM_MORE)
			return;
		/* Activity is a whole PDU: a peer dribbling bytes of one that never
		 * completes must not hold its session open past inactivity_timeout. */
		s->last_rx_ms = broker_mono_ms();
		if (rc == SMPP_STREAM_PDU)
			dispatch(s, pdu); /* handlers copy what they keep: the frame goes next */
		else
			on_decode_error(s, &err);
		if (s->state == SESS_CLOSED)
			return;
		if (rc == SMPP_STREAM_FATAL) {
			sess_close_after_flush(s);
			return;
		}
		evbuffer_drain(in, pdu_len);
	}
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	(void)bev;
	struct smpp_session *s = arg;
	if (!s->close_when_flushed)
		update_read_pause(s);
	else if (evbuffer_get_length(bufferevent_get_output(s->bev)) == 0)
		sess_close(s, "closed after final response");
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct smpp_session *s = arg;
	if (what & BEV_EVENT_EOF) {
		sess_close(s, "peer closed the connection");
	} else if (what & BEV_EVENT_ERROR) {
		unsigned long tls_err = bufferevent_get_openssl_error(bev);
		char why[256];
		if (tls_err)
			ERR_error_string_n(tls_err, why, sizeof why);
		sess_close(s, tls_err ? why : evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
	}
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct smpp_session *s = arg;
	const struct conf_smpp *o = opts(s);
	int64_t now = broker_mono_ms();
	smpp_deliver_expire(s, now);
	if (s->state == SESS_CLOSED)
		return;
	if (s->state == SESS_OPEN) {
		if (now - s->opened_ms >= o->bind_timeout_ms)
			sess_close(s, "no bind within bind_timeout");
		return;
	}
	if (s->state == SESS_UNBINDING) {
		if (s->unbind_sent && now - s->unbind_sent_ms >= o->response_timeout_ms)
			sess_close(s, "unbind not answered");
		return;
	}
	if (now - s->last_rx_ms >= o->inactivity_timeout_ms) {
		sess_close(s, "inactivity_timeout");
		return;
	}
	if (s->enquire_sent_ms) {
		if (now - s->enquire_sent_ms >= o->response_timeout_ms)
			sess_close(s, "enquire_link not answered");
		return;
	}
	if (now - s->last_rx_ms >= o->enquire_link_interval_ms) {
		struct smpp_pdu *p = &s->srv->out;
		memset(&p->hdr, 0, sizeof p->hdr);
		p->tlvs.count = 0;
		p->hdr.command_id = SMPP_CMD_ENQUIRE_LINK;
		p->hdr.sequence_number = sess_next_seq(s);
		s->enquire_sent_ms = now;
		sess_send(s, p);
	}
}

int sess_start(struct smpp_session *s, struct event_base *base, int fd, SSL_CTX *tls)
{
	int flags = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;
	if (tls) {
		SSL *ssl = SSL_new(tls);
		if (!ssl)
			return -1;
		s->bev = bufferevent_openssl_socket_new(base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING, flags);
		if (!s->bev)
			SSL_free(ssl);
		else /* a peer that just closes TCP is an ordinary close here */
			bufferevent_openssl_set_allow_dirty_shutdown(s->bev, 1);
	} else {
		s->bev = bufferevent_socket_new(base, fd, flags);
	}
	s->tick = event_new(base, -1, EV_PERSIST, tick_cb, s);
	if (!s->bev || !s->tick)
		return -1;
	bufferevent_setcb(s->bev, read_cb, write_cb, event_cb, s);
	/* Wake the write callback when output drains below half the pause mark. */
	bufferevent_setwatermark(s->bev, EV_WRITE, MAX_OUTPUT / 2, 0);
	s->opened_ms = s->last_rx_ms = broker_mono_ms();
	struct timeval second = {1, 0};
	if (bufferevent_enable(s->bev, EV_READ | EV_WRITE) != 0 || event_add(s->tick, &second) != 0)
		return -1;
	return 0;
}
