/*
 * conn_smpp_link.c - one connection of an smpp connector to its SMSC: we
 * connect (TCP, or TLS with the SMSC's certificate checked), bind, keep the
 * link alive with enquire_link, read PDUs with the framing our server uses
 * (smpp_stream.c), and, when anything goes wrong, drop the connection and
 * connect again after a decorrelated-jitter backoff:
 *
 *	sleep = min(reconnect_max, random_between(reconnect_min, 3 * sleep))
 *
 * (as Mosquitto's bridges do), reset to reconnect_min once a bind succeeds.
 *
 * The state changes only in set_state(), which logs old -> new. A drop is
 * the one teardown path of a connection: it hands back what is in the
 * window (TEMPFAIL), forgets held receipts (the SMSC sends them again: we
 * never answered them) and closes the socket; the link itself stays and
 * reconnects. Each connection gets a fresh id, so a store completion for a
 * deliver_sm of an earlier connection finds nothing and answers nothing.
 *
 * Name resolution is getaddrinfo() on the loop thread (libevent without a
 * DNS base): give an address, or a name the resolver answers at once.
 */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "broker.h"
#include "conf.h"
#include "conn_smpp.h"
#include "id_map.h"
#include "log.h"
#include "smpp_stream.h"

#define TICK_MS 100

/* Live connections by id: completions find their link here, never by pointer. */
static struct id_map live;
static uint64_t last_id;

static const char *const state_names[] = {
	[LINK_IDLE] = "idle",       [LINK_CONNECTING] = "connecting", [LINK_BINDING] = "binding",
	[LINK_BOUND] = "bound",     [LINK_UNBINDING] = "unbinding",   [LINK_STOPPED] = "stopped",
};

static const char *const role_names[] = {
	[LINK_TRX] = "transceiver", [LINK_TX] = "transmitter", [LINK_RX] = "receiver"};

const char *conn_smpp_link_state_name(enum link_state st)
{
	return state_names[st];
}

static void set_state(struct smpp_link *l, enum link_state st)
{
	if (l->state == st)
		return;
	log_info("smpp_link.state connector=%s link=%llu role=%s from=%s to=%s", l->c->base.name,
		 (unsigned long long)l->id, role_names[l->role], state_names[l->state],
		 state_names[st]);
	enum link_state old = l->state;
	l->state = st;
	l->state_ms = broker_mono_ms();
	if (old == LINK_BOUND)
		conn_smpp_link_down(l->c);
}

static struct smpp_stream_who who_of(const struct smpp_link *l)
{
	return (struct smpp_stream_who){"link", l->id, l->c->base.b->conf->logging.trace_pdus};
}

struct smpp_link *conn_smpp_link_find(uint64_t id)
{
	return id ? id_map_get(&live, id) : NULL;
}

bool conn_smpp_link_can_submit(const struct smpp_link *l)
{
	return l->state == LINK_BOUND && l->role != LINK_RX && l->n_out < l->c->o.window;
}

uint32_t conn_smpp_link_seq(struct smpp_link *l)
{
	if (l->next_seq == 0 || l->next_seq >= 0x7FFFFFFF)
		l->next_seq = 1;
	return l->next_seq++;
}

int conn_smpp_link_send(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	if (!l->bev)
		return -1;
	struct smpp_stream_who who = who_of(l);
	return smpp_stream_write(l->bev, pdu, &who);
}

int conn_smpp_link_send_resp(struct smpp_link *l, uint32_t command_id, uint32_t status,
			     uint32_t seq)
{
	if (!l->bev)
		return -1;
	struct smpp_stream_who who = who_of(l);
	return smpp_stream_write_header(l->bev, command_id, status, seq, &who);
}

static void send_header(struct smpp_link *l, uint32_t command_id, uint32_t seq)
{
	conn_smpp_link_send_resp(l, command_id, SMPP_ESME_ROK, seq);
}

/* Decorrelated jitter: the next wait before connecting again. */
static int64_t next_backoff(struct smpp_link *l)
{
	const struct conn_smpp_opts *o = &l->c->o;
	int64_t lo = o->reconnect_min_ms;
	int64_t hi = l->backoff_ms ? l->backoff_ms * 3 : lo;
	if (hi < lo)
		hi = lo;
	int64_t sleep = lo + (int64_t)((uint64_t)random() % (uint64_t)(hi - lo + 1));
	if (sleep > o->reconnect_max_ms)
		sleep = o->reconnect_max_ms;
	l->backoff_ms = sleep;
	return sleep;
}

/* Closes the connection (if any) without a word to the peer. */
static void close_socket(struct smpp_link *l)
{
	if (l->bev) {
		bufferevent_free(l->bev); /* safe inside its callbacks: libevent clears them first */
		l->bev = NULL;
	}
	if (l->id)
		id_map_del(&live, l->id);
	l->enquire_sent_ms = 0;
	l->reports = 0;
}

void conn_smpp_link_drop(struct smpp_link *l, const char *why)
{
	if (l->state == LINK_IDLE || l->state == LINK_STOPPED)
		return;
	log_info("smpp_link.drop connector=%s link=%llu role=%s state=%s reason=\"%s\" window=%u",
		 l->c->base.name, (unsigned long long)l->id, role_names[l->role],
		 state_names[l->state], why, l->n_out);
	conn_smpp_submit_abandon(l, why);
	conn_smpp_deliver_drop_held(l);
	close_socket(l);
	if (l->c->stopping) {
		set_state(l, LINK_STOPPED);
		return;
	}
	int64_t wait = next_backoff(l);
	l->reconnect_at = broker_mono_ms() + wait;
	set_state(l, LINK_IDLE);
	log_info("smpp_link.reconnect connector=%s link=%llu in_ms=%lld", l->c->base.name,
		 (unsigned long long)l->id, (long long)wait);
}

static void send_bind(struct smpp_link *l)
{
	const struct conn_smpp_opts *o = &l->c->o;
	struct smpp_pdu *p = &l->c->out;
	memset(&p->hdr, 0, sizeof p->hdr);
	memset(&p->bind, 0, sizeof p->bind);
	p->tlvs.count = 0;
	p->hdr.command_id = l->role == LINK_TRX  ? SMPP_CMD_BIND_TRANSCEIVER
			    : l->role == LINK_TX ? SMPP_CMD_BIND_TRANSMITTER
						 : SMPP_CMD_BIND_RECEIVER;
	p->hdr.sequence_number = l->bind_seq = conn_smpp_link_seq(l);
	snprintf(p->bind.system_id, sizeof p->bind.system_id, "%s", o->system_id);
	snprintf(p->bind.password, sizeof p->bind.password, "%s", o->password);
	snprintf(p->bind.system_type, sizeof p->bind.system_type, "%s", o->system_type);
	p->bind.interface_version = SMPP_INTERFACE_VERSION_34;
	set_state(l, LINK_BINDING);
	if (conn_smpp_link_send(l, p) != 0)
		conn_smpp_link_drop(l, "bind could not be sent");
	memset(p->bind.password, 0, sizeof p->bind.password);
}

static void on_bind_resp(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	if (l->state != LINK_BINDING || pdu->hdr.sequence_number != l->bind_seq)
		return;
	uint32_t st = pdu->hdr.command_status;
	if (st != SMPP_ESME_ROK) {
		log_warn("smpp_link.bind_refused connector=%s link=%llu status=%s",
			 l->c->base.name, (unsigned long long)l->id, smpp_status_name(st));
		conn_smpp_link_drop(l, "bind refused");
		return;
	}
	l->backoff_ms = 0;
	log_info("smpp_link.bound connector=%s link=%llu role=%s smsc=%s", l->c->base.name,
		 (unsigned long long)l->id, role_names[l->role],
		 pdu->bind_resp.system_id[0] ? pdu->bind_resp.system_id : "-");
	set_state(l, LINK_BOUND);
	conn_smpp_link_up(l->c);
}

/* Responses to our requests. */
static void on_response(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	switch (pdu->hdr.command_id) {
	case SMPP_CMD_BIND_TRANSCEIVER_RESP:
	case SMPP_CMD_BIND_TRANSMITTER_RESP:
	case SMPP_CMD_BIND_RECEIVER_RESP:
		on_bind_resp(l, pdu);
		return;
	case SMPP_CMD_SUBMIT_SM_RESP:
		conn_smpp_submit_resp(l, pdu);
		return;
	case SMPP_CMD_ENQUIRE_LINK_RESP:
		l->enquire_sent_ms = 0;
		return;
	case SMPP_CMD_UNBIND_RESP:
		if (l->state == LINK_UNBINDING)
			conn_smpp_link_drop(l, "unbind answered");
		return;
	case SMPP_CMD_GENERIC_NACK:
		if (l->state == LINK_BINDING && pdu->hdr.sequence_number == l->bind_seq) {
			conn_smpp_link_drop(l, "bind refused with generic_nack");
			return;
		}
		/* A submit_sm the SMSC could not read: its status decides, like a resp. */
		conn_smpp_submit_resp(l, pdu);
		return;
	default:
		log_debug("smpp_link.unexpected_response link=%llu command=%s",
			  (unsigned long long)l->id, smpp_command_name(pdu->hdr.command_id));
	}
}

static void on_pdu(struct smpp_link *l, const struct smpp_pdu *pdu)
{
	uint32_t id = pdu->hdr.command_id;
	uint32_t seq = pdu->hdr.sequence_number;
	if (id & SMPP_RESP_BIT) {
		on_response(l, pdu);
		return;
	}
	switch (id) {
	case SMPP_CMD_ENQUIRE_LINK:
		send_header(l, SMPP_CMD_ENQUIRE_LINK_RESP, seq);
		return;
	case SMPP_CMD_UNBIND:
		/* Answer, and drop once the answer is written (write_cb). */
		send_header(l, SMPP_CMD_UNBIND_RESP, seq);
		l->drop_when_flushed = "the SMSC unbound";
		bufferevent_disable(l->bev, EV_READ);
		return;
	case SMPP_CMD_DELIVER_SM:
		if (l->state == LINK_BOUND && l->role != LINK_TX) {
			conn_smpp_deliver(l, pdu);
			return;
		}
		conn_smpp_link_send_resp(l, SMPP_CMD_DELIVER_SM_RESP, SMPP_ESME_RINVBNDSTS, seq);
		return;
	case SMPP_CMD_ALERT_NOTIFICATION:
		return; /* no response exists */
	default: {
		uint32_t resp = smpp_response_id(id);
		conn_smpp_link_send_resp(l, resp ? resp : SMPP_CMD_GENERIC_NACK, SMPP_ESME_RINVCMDID,
					 seq);
	}
	}
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	struct smpp_link *l = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct smpp_stream_who who = who_of(l);
	l->last_rx_ms = broker_mono_ms();
	while (l->bev == bev && !l->drop_when_flushed) {
		size_t len = 0;
		struct smpp_decode_err err;
		enum smpp_stream_rc rc = smpp_stream_next(in, SMPP_FRAME_MAX_DEFAULT, &l->c->in, &len,
							  &err, &who);
		if (rc == SMPP_STREAM_MORE)
			return;
		if (rc == SMPP_STREAM_PDU) {
			on_pdu(l, &l->c->in);
		} else {
			log_warn("smpp_link.bad_pdu connector=%s link=%llu command=0x%08x status=%s "
				 "field=%s", l->c->base.name, (unsigned long long)l->id,
				 err.command_id, smpp_status_name(err.status),
				 err.field && *err.field ? err.field : "-");
			if (err.answer_id)
				conn_smpp_link_send_resp(l, err.answer_id, err.status,
							 err.sequence_number);
		}
		if (l->bev != bev)
			return; /* dropped inside the handler: bev and in are gone */
		if (rc == SMPP_STREAM_FATAL) {
			conn_smpp_link_drop(l, "unreadable PDU stream");
			return;
		}
		evbuffer_drain(in, len);
	}
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	struct smpp_link *l = arg;
	if (l->drop_when_flushed && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		conn_smpp_link_drop(l, l->drop_when_flushed);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct smpp_link *l = arg;
	if (what & BEV_EVENT_CONNECTED) {
		l->last_rx_ms = broker_mono_ms();
		send_bind(l);
		return;
	}
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		unsigned long tls_err = l->c->tls ? bufferevent_get_openssl_error(bev) : 0;
		char why[256];
		if (tls_err)
			ERR_error_string_n(tls_err, why, sizeof why);
		else if (what & BEV_EVENT_EOF)
			snprintf(why, sizeof why, "the SMSC closed the connection");
		else
			snprintf(why, sizeof why, "%s",
				 evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		conn_smpp_link_drop(l, why);
	}
}

static void start_connect(struct smpp_link *l)
{
	struct conn_smpp *c = l->c;
	struct event_base *base = c->base.b->base;
	int flags = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;
	l->id = ++last_id;
	if (id_map_put(&live, l->id, l) != 0) {
		l->id = 0;
		l->reconnect_at = broker_mono_ms() + next_backoff(l);
		return;
	}
	l->next_seq = 1;
	l->drop_when_flushed = NULL;
	set_state(l, LINK_CONNECTING);
	if (c->tls) {
		SSL *ssl = SSL_new(c->tls);
		if (ssl) {
			SSL_set_tlsext_host_name(ssl, c->o.host);
			if (c->o.verify_certificate)
				SSL_set1_host(ssl, c->o.host);
			l->bev = bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_CONNECTING,
								flags);
			if (!l->bev)
				SSL_free(ssl);
			else
				bufferevent_openssl_set_allow_dirty_shutdown(l->bev, 1);
		}
	} else {
		l->bev = bufferevent_socket_new(base, -1, flags);
	}
	if (!l->bev) {
		conn_smpp_link_drop(l, "out of memory");
		return;
	}
	bufferevent_setcb(l->bev, read_cb, write_cb, event_cb, l);
	bufferevent_enable(l->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect_hostname(l->bev, NULL, AF_UNSPEC, c->o.host,
						(int)c->o.port) != 0)
		conn_smpp_link_drop(l, "cannot connect");
}

static void send_unbind(struct smpp_link *l)
{
	l->unbind_seq = conn_smpp_link_seq(l);
	set_state(l, LINK_UNBINDING);
	send_header(l, SMPP_CMD_UNBIND, l->unbind_seq);
}

static void tick_bound(struct smpp_link *l, int64_t now)
{
	const struct conn_smpp_opts *o = &l->c->o;
	conn_smpp_submit_expire(l, now);
	conn_smpp_deliver_retry(l, now);
	if (l->state != LINK_BOUND)
		return;
	if (l->c->stopping && l->n_out == 0 && l->reports == 0 && !l->held) {
		send_unbind(l);
		return;
	}
	if (l->enquire_sent_ms) {
		if (now - l->enquire_sent_ms >= o->response_timeout_ms)
			conn_smpp_link_drop(l, "enquire_link not answered");
		return;
	}
	if (now - l->last_rx_ms >= o->enquire_link_interval_ms) {
		l->enquire_sent_ms = now;
		send_header(l, SMPP_CMD_ENQUIRE_LINK, conn_smpp_link_seq(l));
	}
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct smpp_link *l = arg;
	int64_t now = broker_mono_ms();
	int64_t limit = l->c->o.response_timeout_ms;
	conn_smpp_check_pause(l->c, now);
	switch (l->state) {
	case LINK_IDLE:
		if (!l->c->stopping && now >= l->reconnect_at)
			start_connect(l);
		break;
	case LINK_CONNECTING:
		if (now - l->state_ms >= limit)
			conn_smpp_link_drop(l, "connect timed out");
		break;
	case LINK_BINDING:
		if (now - l->state_ms >= limit)
			conn_smpp_link_drop(l, "bind not answered");
		break;
	case LINK_BOUND:
		tick_bound(l, now);
		break;
	case LINK_UNBINDING:
		if (now - l->state_ms >= limit)
			conn_smpp_link_drop(l, "unbind not answered");
		break;
	case LINK_STOPPED:
		break;
	}
}

struct smpp_link *conn_smpp_link_new(struct conn_smpp *c, enum link_role role)
{
	struct smpp_link *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->c = c;
	l->role = role;
	l->state = LINK_IDLE;
	l->reconnect_at = broker_mono_ms(); /* the first tick connects */
	l->tick = event_new(c->base.b->base, -1, EV_PERSIST, tick_cb, l);
	struct timeval tv = {0, TICK_MS * 1000};
	if (!l->tick || event_add(l->tick, &tv) != 0) {
		if (l->tick)
			event_free(l->tick);
		free(l);
		return NULL;
	}
	return l;
}

void conn_smpp_link_stop(struct smpp_link *l, bool now)
{
	switch (l->state) {
	case LINK_IDLE:
		set_state(l, LINK_STOPPED);
		break;
	case LINK_BOUND:
		if (!now)
			break; /* the tick unbinds once the window is empty */
		/* fall through */
	case LINK_CONNECTING:
	case LINK_BINDING:
	case LINK_UNBINDING:
		conn_smpp_link_drop(l, now ? "stopped" : "stopping");
		break;
	case LINK_STOPPED:
		break;
	}
}

void conn_smpp_link_free(struct smpp_link *l)
{
	if (!l)
		return;
	conn_smpp_link_stop(l, true);
	event_free(l->tick);
	free(l->out);
	free(l);
	if (live.n == 0)
		id_map_free(&live); /* nothing of it outlives the last link */
}
