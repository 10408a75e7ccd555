/*
 * lg_sess.c - one SMPP client session of the load generator (see
 * lg_sess.h). Responses are matched to their submit_sm by sequence number
 * through a fixed slot table; only the header of a response is read, and
 * deliver_sm is decoded with the project's codec to tell receipts apart.
 */
#include "lg_sess.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lg_clock.h"
#include "lg_run.h"
#include "smpp_pdu.h"

/* At most this many PDUs per read callback, then yield to other sessions. */
#define PDUS_PER_READ 4096u

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t take_seq(struct lg_sess *s)
{
	uint32_t seq = s->next_seq;
	s->next_seq = seq >= 0x7FFFFFFFu ? 1 : seq + 1;
	return seq;
}

/* A PDU of header plus an optional short body (responses, unbind, enquire_link). */
static void send_simple(struct lg_sess *s, uint32_t cmd, uint32_t status, uint32_t seq,
			const uint8_t *body, size_t body_len)
{
	uint8_t buf[SMPP_HEADER_LEN + 8];
	if (body_len > 8)
		return;
	put_be32(buf, (uint32_t)(SMPP_HEADER_LEN + body_len));
	put_be32(buf + 4, cmd);
	put_be32(buf + 8, status);
	put_be32(buf + 12, seq);
	if (body_len)
		memcpy(buf + SMPP_HEADER_LEN, body, body_len);
	bufferevent_write(s->bev, buf, SMPP_HEADER_LEN + body_len);
}

int lg_sess_init(struct lg_sess *s, struct lg_run *run, unsigned index, enum lg_role role)
{
	const struct lg_opts *o = run->o;
	memset(s, 0, sizeof *s);
	s->run = run;
	s->index = index;
	s->role = role;
	s->state = LG_SESS_NEW;
	s->next_seq = 1;
	s->bind = role == LG_ROLE_SUBMIT ? o->bind : role == LG_ROLE_RECEIVE ? LG_BIND_RX
									   : o->idle_bind;
	if (o->accounts > 1)
		snprintf(s->system_id, sizeof s->system_id, "%.12s%u", o->system_id,
			 (index % o->accounts) % 1000u); /* accounts <= 1000: 3 digits */
	else
		snprintf(s->system_id, sizeof s->system_id, "%s", o->system_id);
	lg_msg_cursor_init(&s->cur, index);
	if (role == LG_ROLE_SUBMIT) {
		s->window = o->window;
		s->slot_ns = calloc(s->window, sizeof *s->slot_ns);
		s->slot_seq = calloc(s->window, sizeof *s->slot_seq);
		if (!s->slot_ns || !s->slot_seq)
			return -1;
	}
	return 0;
}

static void send_bind(struct lg_sess *s)
{
	const struct lg_opts *o = s->run->o;
	static struct smpp_pdu pdu; /* large; one thread */
	memset(&pdu, 0, sizeof pdu);
	pdu.hdr.command_id = s->bind == LG_BIND_TX   ? SMPP_CMD_BIND_TRANSMITTER
			     : s->bind == LG_BIND_RX ? SMPP_CMD_BIND_RECEIVER
						     : SMPP_CMD_BIND_TRANSCEIVER;
	pdu.hdr.sequence_number = take_seq(s);
	snprintf(pdu.bind.system_id, sizeof pdu.bind.system_id, "%s", s->system_id);
	snprintf(pdu.bind.password, sizeof pdu.bind.password, "%s", o->password);
	snprintf(pdu.bind.system_type, sizeof pdu.bind.system_type, "%s", o->system_type);
	pdu.bind.interface_version = SMPP_INTERFACE_VERSION_34;
	uint8_t buf[128];
	size_t len;
	if (smpp_encode(&pdu, buf, sizeof buf, &len) != SMPP_OK) {
		s->run->st.protocol_errors++;
		lg_sess_close(s);
		return;
	}
	bufferevent_write(s->bev, buf, len);
}

/* The submit_sm answered by seq, if it is ours: frees its slot, returns its send time. */
static uint64_t take_slot(struct lg_sess *s, uint32_t seq)
{
	if (!s->slot_ns)
		return 0;
	unsigned i = seq % s->window;
	uint64_t t = s->slot_ns[i];
	if (!t || s->slot_seq[i] != seq)
		return 0;
	s->slot_ns[i] = 0;
	s->outstanding--;
	s->run->outstanding--;
	return t;
}

static void on_deliver(struct lg_sess *s, const uint8_t *p, size_t len, uint32_t cmd,
		       uint32_t seq, uint64_t now)
{
	struct lg_stats *st = &s->run->st;
	static struct smpp_pdu pdu; /* large; one thread */
	struct smpp_decode_err err;
	uint32_t status = SMPP_ESME_ROK;
	if (smpp_decode(p, len, &pdu, &err) != SMPP_OK) {
		status = err.status;
		st->protocol_errors++;
	} else {
		uint8_t esm = cmd == SMPP_CMD_DELIVER_SM ? pdu.sm.esm_class : pdu.data_sm.esm_class;
		st->deliver_sm++;
		/* Message type bits 2-5: 0001 is an SMSC delivery receipt. */
		if ((esm & 0x3C) == 0x04)
			st->receipts++;
		if (!st->first_deliver_ns)
			st->first_deliver_ns = now;
		st->last_deliver_ns = now;
	}
	static const uint8_t empty_id[1] = {0};
	send_simple(s, cmd | SMPP_RESP_BIT, status, seq, empty_id, sizeof empty_id);
}

/* One whole PDU from the server. Returns the number of submit_sm it answered. */
static unsigned on_pdu(struct lg_sess *s, const uint8_t *p, size_t len, uint64_t now)
{
	struct lg_run *r = s->run;
	struct lg_stats *st = &r->st;
	uint32_t cmd = be32(p + 4), status = be32(p + 8), seq = be32(p + 12);
	uint64_t sent;
	switch (cmd) {
	case SMPP_CMD_SUBMIT_SM_RESP:
		if (!(sent = take_slot(s, seq))) {
			st->unmatched++;
			return 0;
		}
		lg_hist_record(&st->submit_lat, now - sent);
		if (status == SMPP_ESME_ROK)
			st->resp_ok++;
		else
			lg_status_tab_add(&st->resp_err, status);
		st->t_last_resp_ns = now;
		return 1;
	case SMPP_CMD_GENERIC_NACK:
		if ((sent = take_slot(s, seq))) {
			st->generic_nack++;
			st->t_last_resp_ns = now;
			return 1;
		}
		if (s->state == LG_SESS_BINDING) {
			lg_status_tab_add(&st->bind_err, status);
			lg_sess_close(s);
			return 0;
		}
		st->unmatched++;
		return 0;
	case SMPP_CMD_BIND_TRANSMITTER_RESP:
	case SMPP_CMD_BIND_RECEIVER_RESP:
	case SMPP_CMD_BIND_TRANSCEIVER_RESP:
		if (s->state != LG_SESS_BINDING) {
			st->unmatched++;
			return 0;
		}
		if (status != SMPP_ESME_ROK) {
			lg_status_tab_add(&st->bind_err, status);
			lg_sess_close(s);
			return 0;
		}
		s->state = LG_SESS_BOUND;
		st->binds_ok++;
		lg_run_bind_settled(r, s, true);
		return 0;
	case SMPP_CMD_ENQUIRE_LINK_RESP:
		if (s->enquire_ns && seq == s->enquire_seq) {
			lg_hist_record(&st->enquire_lat, now - s->enquire_ns);
			st->enquire_resp++;
			s->enquire_ns = 0;
		} else {
			st->unmatched++;
		}
		return 0;
	case SMPP_CMD_UNBIND_RESP:
		lg_sess_close(s);
		return 0;
	case SMPP_CMD_DELIVER_SM:
	case SMPP_CMD_DATA_SM:
		on_deliver(s, p, len, cmd, seq, now);
		return 0;
	case SMPP_CMD_ENQUIRE_LINK:
		st->server_requests++;
		send_simple(s, SMPP_CMD_ENQUIRE_LINK_RESP, SMPP_ESME_ROK, seq, NULL, 0);
		return 0;
	case SMPP_CMD_UNBIND:
		st->server_requests++;
		if (r->phase < LG_PH_UNBIND)
			st->closed_by_peer++;
		send_simple(s, SMPP_CMD_UNBIND_RESP, SMPP_ESME_ROK, seq, NULL, 0);
		s->state = LG_SESS_UNBINDING;
		s->close_when_flushed = true;
		return 0;
	}
	if (cmd & SMPP_RESP_BIT)
		st->unmatched++;
	else
		send_simple(s, SMPP_CMD_GENERIC_NACK, SMPP_ESME_RINVCMDID, seq, NULL, 0);
	return 0;
}

static void read_cb(struct bufferevent *bev, void *arg)
{
	struct lg_sess *s = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	uint64_t now = lg_now_ns();
	unsigned answered = 0;
	for (unsigned n = 0; n < PDUS_PER_READ; n++) {
		size_t avail = evbuffer_get_length(in);
		uint8_t hdr[SMPP_HEADER_LEN];
		if (avail < SMPP_HEADER_LEN)
			break;
		evbuffer_copyout(in, hdr, sizeof hdr);
		uint32_t len = be32(hdr);
		if (len < SMPP_HEADER_LEN || len > SMPP_FRAME_MAX_DEFAULT) {
			s->run->st.protocol_errors++;
			lg_sess_close(s);
			return;
		}
		if (avail < len)
			break;
		const uint8_t *p = evbuffer_pullup(in, len);
		answered += on_pdu(s, p, len, now);
		if (s->state == LG_SESS_CLOSED)
			return;
		evbuffer_drain(in, len);
	}
	if (answered)
		lg_run_answered(s->run, s);
	/* More whole PDUs left after the per-read cap: come back on the next loop turn. */
	if (s->state != LG_SESS_CLOSED && evbuffer_get_length(in) >= SMPP_HEADER_LEN)
		bufferevent_trigger(bev, EV_READ, BEV_TRIG_DEFER_CALLBACKS);
}

static void write_cb(struct bufferevent *bev, void *arg)
{
	struct lg_sess *s = arg;
	if (s->close_when_flushed && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		lg_sess_close(s);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct lg_sess *s = arg;
	struct lg_stats *st = &s->run->st;
	(void)bev;
	if (what & BEV_EVENT_CONNECTED) {
		int one = 1;
		setsockopt(bufferevent_getfd(s->bev), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		s->state = LG_SESS_BINDING;
		send_bind(s);
		return;
	}
	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	if (s->state == LG_SESS_CONNECTING)
		st->connect_failed++;
	else if (s->state == LG_SESS_BINDING ||
		 (s->state == LG_SESS_BOUND && s->run->phase < LG_PH_UNBIND))
		st->closed_by_peer++;
	lg_sess_close(s);
}

void lg_sess_start(struct lg_sess *s)
{
	const struct lg_opts *o = s->run->o;
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
	s->state = LG_SESS_CONNECTING;
	if (inet_pton(AF_INET, o->host, &sin.sin_addr) != 1) {
		s->run->st.connect_failed++;
		lg_sess_close(s);
		return;
	}
	s->bev = bufferevent_socket_new(s->run->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!s->bev) {
		s->run->st.connect_failed++;
		lg_sess_close(s);
		return;
	}
	bufferevent_setcb(s->bev, read_cb, write_cb, event_cb, s);
	bufferevent_enable(s->bev, EV_READ | EV_WRITE);
	if (bufferevent_socket_connect(s->bev, (struct sockaddr *)&sin, sizeof sin) != 0) {
		s->run->st.connect_failed++;
		lg_sess_close(s);
	}
}

unsigned lg_sess_room(const struct lg_sess *s)
{
	if (s->role != LG_ROLE_SUBMIT || s->state != LG_SESS_BOUND)
		return 0;
	return s->window - s->outstanding;
}

bool lg_sess_submit(struct lg_sess *s)
{
	unsigned i = s->next_seq % s->window;
	if (s->slot_ns[i])
		return false; /* answers came out of order: the slot is still taken */
	uint32_t seq = take_seq(s);
	uint8_t buf[LG_MSG_MAX_PDU];
	enum lg_msg_kind kind;
	size_t len = lg_msg_next(&s->run->msgs, &s->cur, seq, buf, &kind);
	if (bufferevent_write(s->bev, buf, len) != 0)
		return false;
	s->slot_ns[i] = lg_now_ns();
	s->slot_seq[i] = seq;
	s->outstanding++;
	s->run->outstanding++;
	s->run->st.by_kind[kind]++;
	lg_run_sent(s->run);
	return true;
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg_sess *s = arg;
	(void)fd;
	(void)what;
	if (s->state != LG_SESS_BOUND)
		return;
	if (!s->enquire_ns) {
		s->enquire_seq = take_seq(s);
		s->enquire_ns = lg_now_ns();
		s->run->st.enquire_sent++;
		send_simple(s, SMPP_CMD_ENQUIRE_LINK, SMPP_ESME_ROK, s->enquire_seq, NULL, 0);
	}
	double iv = s->run->o->enquire_interval;
	struct timeval tv = {(time_t)iv, (suseconds_t)((iv - (double)(time_t)iv) * 1e6)};
	evtimer_add(s->tick, &tv);
}

void lg_sess_idle_start(struct lg_sess *s, double first_s)
{
	if (s->state != LG_SESS_BOUND || s->run->o->enquire_interval <= 0)
		return;
	if (!s->tick && !(s->tick = evtimer_new(s->run->base, tick_cb, s)))
		return;
	struct timeval tv = {(time_t)first_s,
			     (suseconds_t)((first_s - (double)(time_t)first_s) * 1e6)};
	evtimer_add(s->tick, &tv);
}

void lg_sess_idle_stop(struct lg_sess *s)
{
	if (s->tick)
		evtimer_del(s->tick);
}

void lg_sess_unbind(struct lg_sess *s)
{
	lg_sess_idle_stop(s);
	if (s->state == LG_SESS_BOUND) {
		s->state = LG_SESS_UNBINDING;
		send_simple(s, SMPP_CMD_UNBIND, SMPP_ESME_ROK, take_seq(s), NULL, 0);
	} else if (s->state != LG_SESS_UNBINDING) {
		lg_sess_close(s);
	}
}

void lg_sess_close(struct lg_sess *s)
{
	enum lg_sess_state was = s->state;
	if (was == LG_SESS_CLOSED)
		return;
	s->state = LG_SESS_CLOSED;
	lg_sess_idle_stop(s);
	if (s->outstanding) {
		s->run->st.lost += s->outstanding;
		s->run->outstanding -= s->outstanding;
		s->outstanding = 0;
		memset(s->slot_ns, 0, s->window * sizeof *s->slot_ns);
	}
	if (s->bev) {
		bufferevent_free(s->bev);
		s->bev = NULL;
	}
	if (was <= LG_SESS_BINDING)
		lg_run_bind_settled(s->run, s, false);
	if (was != LG_SESS_NEW)
		lg_run_sess_closed(s->run, s);
}

void lg_sess_free(struct lg_sess *s)
{
	if (s->bev) {
		bufferevent_free(s->bev);
		s->bev = NULL;
	}
	if (s->tick)
		event_free(s->tick);
	free(s->slot_ns);
	free(s->slot_seq);
	s->tick = NULL;
	s->slot_ns = NULL;
	s->slot_seq = NULL;
}
