/*
 * meter_line.c - serial (libserialport) and TCP transports for TEM-106
 * meters, one exchange at a time (see meter_line.h). The timing rules are
 * meter_rx.c's; this file only moves bytes and runs the one timer.
 *
 * One timer serves every state: the connect or answer deadline, the quiet
 * wait before a retry, and the deferred start of the next exchange (so a
 * callback never runs inside meter_line_exchange).
 */
#include "meter_line.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>
#include <libserialport.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "broker.h"
#include "log.h"
#include "meter_rx.h"

#define TCP_PREFIX "tcp://"

struct exchange {
	struct exchange *next;
	uint8_t req[TEM106_MAX_FRAME];
	size_t len;
	struct tem106_expect exp;
	meter_line_cb cb;
	void *arg;
};

enum line_state {
	LINE_IDLE,       /* nothing running; the timer may start the queue head */
	LINE_CONNECTING, /* TCP connect under way for the head's attempt */
	LINE_WAITING,    /* request sent, answer being received */
	LINE_QUIET,      /* an attempt failed: let the line go quiet, then retry */
};

struct meter_line {
	struct event_base *base;
	char *port;
	bool tcp;
	unsigned baud;
	int64_t timeout_ms, gap_ms;
	unsigned retries;

	struct sp_port *sp;     /* serial: open port, or NULL */
	struct event *sp_ev;
	struct bufferevent *bev; /* tcp: connection, or NULL */
	bool connected;
	struct evdns_base *dns; /* made on first use, for a host name */

	struct event *timer;
	enum line_state state;
	struct exchange *head, *tail; /* head is the running exchange */
	unsigned attempt;
	struct meter_rx rx;
};

static void start_attempt(struct meter_line *l);
static void attempt_failed(struct meter_line *l, int err);

const char *meter_line_port(const struct meter_line *l)
{
	return l->port;
}

static void arm(struct meter_line *l, int64_t delay_ms)
{
	if (delay_ms < 0)
		delay_ms = 0;
	struct timeval tv = {(time_t)(delay_ms / 1000), (suseconds_t)(delay_ms % 1000) * 1000};
	evtimer_add(l->timer, &tv);
}

static void close_transport(struct meter_line *l)
{
	if (l->sp_ev) {
		event_free(l->sp_ev);
		l->sp_ev = NULL;
	}
	if (l->sp) {
		sp_close(l->sp);
		sp_free_port(l->sp);
		l->sp = NULL;
	}
	if (l->bev) {
		bufferevent_free(l->bev);
		l->bev = NULL;
	}
	l->connected = false;
}

/* The head exchange is over: take it off the queue, call back, start the next later. */
static void finish(struct meter_line *l, int result)
{
	struct exchange *x = l->head;
	l->head = x->next;
	if (!l->head)
		l->tail = NULL;
	l->state = LINE_IDLE;
	evtimer_del(l->timer);
	if (result != 0)
		log_warn("meter.exchange_failed port=%s addr=%u attempts=%u error=\"%s\"", l->port,
			 x->exp.addr, l->attempt + 1, meter_strerror(result));
	uint8_t data[TEM106_MAX_DATA];
	size_t n = 0;
	if (result == 0) {
		n = l->rx.buf[5];
		memcpy(data, l->rx.buf + TEM106_HEADER_LEN, n);
	}
	if (l->head)
		arm(l, 0);
	meter_line_cb cb = x->cb;
	void *arg = x->arg;
	free(x);
	cb(arg, result, data, n);
}

static void on_bytes(struct meter_line *l, const uint8_t *p, size_t n)
{
	if (l->state != LINE_WAITING || n == 0)
		return; /* stale bytes between exchanges: dropped before the next send */
	if (log_threshold >= LOG_LVL_DEBUG) {
		char hex[2 * 256 + 1];
		log_hex(hex, p, (unsigned)(n > 256 ? 256 : n));
		log_debug("meter.rx port=%s bytes=%s", l->port, hex);
	}
	int rc = meter_rx_feed(&l->rx, p, n, broker_mono_ms());
	if (rc == 0)
		finish(l, 0);
	else if (rc < 0)
		attempt_failed(l, rc);
	else
		arm(l, meter_rx_deadline(&l->rx) - broker_mono_ms());
}

static void serial_read_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct meter_line *l = arg;
	uint8_t buf[512];
	int n = sp_nonblocking_read(l->sp, buf, sizeof buf);
	if (n <= 0) {
		/* Readable but nothing to read: the other end hung up. */
		log_warn("meter.port_error port=%s error=\"%s\"", l->port,
			 n < 0 ? sp_last_error_message() : "hang-up");
		close_transport(l);
		if (l->state == LINE_WAITING)
			attempt_failed(l, METER_E_IO);
		return;
	}
	on_bytes(l, buf, (size_t)n);
}

static int serial_open(struct meter_line *l)
{
	struct sp_port *sp = NULL;
	int fd = -1;
	enum sp_return rc = sp_get_port_by_name(l->port, &sp);
	if (rc == SP_OK)
		rc = sp_open(sp, SP_MODE_READ_WRITE);
	if (rc == SP_OK &&
	    ((rc = sp_set_baudrate(sp, (int)l->baud)) != SP_OK || (rc = sp_set_bits(sp, 8)) != SP_OK ||
	     (rc = sp_set_parity(sp, SP_PARITY_NONE)) != SP_OK ||
	     (rc = sp_set_stopbits(sp, 1)) != SP_OK ||
	     (rc = sp_set_flowcontrol(sp, SP_FLOWCONTROL_NONE)) != SP_OK ||
	     (rc = sp_get_port_handle(sp, &fd)) != SP_OK))
		sp_close(sp);
	if (rc != SP_OK) {
		char *msg = sp_last_error_message();
		log_warn("meter.open_failed port=%s error=\"%s\"", l->port, msg ? msg : "?");
		sp_free_error_message(msg);
		sp_free_port(sp);
		return METER_E_OPEN;
	}
	l->sp = sp;
	l->sp_ev = event_new(l->base, fd, EV_READ | EV_PERSIST, serial_read_cb, l);
	if (!l->sp_ev || event_add(l->sp_ev, NULL) != 0) {
		close_transport(l);
		return METER_E_NOMEM;
	}
	log_info("meter.port_open port=%s baud=%u", l->port, l->baud);
	return 0;
}

static void tcp_read_cb(struct bufferevent *bev, void *arg)
{
	struct meter_line *l = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	uint8_t buf[512];
	int n;
	while (l->bev == bev && (n = evbuffer_remove(in, buf, sizeof buf)) > 0)
		on_bytes(l, buf, (size_t)n);
}

static void send_request(struct meter_line *l);

static void tcp_event_cb(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	struct meter_line *l = arg;
	if (what & BEV_EVENT_CONNECTED) {
		l->connected = true;
		log_info("meter.connected port=%s", l->port);
		if (l->state == LINE_CONNECTING)
			send_request(l);
		return;
	}
	int err = EVUTIL_SOCKET_ERROR();
	log_warn("meter.connection_lost port=%s error=\"%s\"", l->port,
		 what & BEV_EVENT_EOF ? "closed by peer" : evutil_socket_error_to_string(err));
	bool was_connected = l->connected;
	close_transport(l);
	if (l->state == LINE_CONNECTING || l->state == LINE_WAITING)
		attempt_failed(l, was_connected ? METER_E_IO : METER_E_OPEN);
}

/* Starts a non-blocking connect; 0, or an error (nothing left open). */
static int tcp_connect(struct meter_line *l)
{
	const char *hp = l->port + strlen(TCP_PREFIX);
	l->bev = bufferevent_socket_new(l->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!l->bev)
		return METER_E_NOMEM;
	bufferevent_setcb(l->bev, tcp_read_cb, NULL, tcp_event_cb, l);
	bufferevent_enable(l->bev, EV_READ);
	struct sockaddr_storage ss;
	int sslen = (int)sizeof ss;
	int rc;
	if (evutil_parse_sockaddr_port(hp, (struct sockaddr *)&ss, &sslen) == 0) {
		rc = bufferevent_socket_connect(l->bev, (struct sockaddr *)&ss, sslen);
	} else {
		const char *colon = strrchr(hp, ':');
		char host[256];
		snprintf(host, sizeof host, "%.*s", (int)(colon - hp), hp);
		if (!l->dns)
			l->dns = evdns_base_new(l->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
		rc = l->dns ? bufferevent_socket_connect_hostname(l->bev, l->dns, AF_UNSPEC, host,
								  atoi(colon + 1))
			    : -1;
	}
	if (rc != 0) {
		close_transport(l);
		return METER_E_OPEN;
	}
	return 0;
}

static void send_request(struct meter_line *l)
{
	struct exchange *x = l->head;
	if (log_threshold >= LOG_LVL_DEBUG) {
		char hex[2 * TEM106_MAX_FRAME + 1];
		log_hex(hex, x->req, (unsigned)x->len);
		log_debug("meter.tx port=%s attempt=%u bytes=%s", l->port, l->attempt + 1, hex);
	}
	int ok;
	if (l->tcp) {
		struct evbuffer *in = bufferevent_get_input(l->bev);
		evbuffer_drain(in, evbuffer_get_length(in));
		ok = bufferevent_write(l->bev, x->req, x->len) == 0;
	} else {
		sp_flush(l->sp, SP_BUF_INPUT);
		/* A frame is at most 71 bytes: it fits the tty's output buffer at once. */
		ok = sp_nonblocking_write(l->sp, x->req, x->len) == (int)x->len;
	}
	meter_rx_begin(&l->rx, &x->exp, x->req, x->len, broker_mono_ms(), l->timeout_ms, l->gap_ms);
	l->state = LINE_WAITING;
	if (!ok) {
		close_transport(l);
		attempt_failed(l, METER_E_IO);
		return;
	}
	arm(l, l->timeout_ms);
}

static void start_attempt(struct meter_line *l)
{
	if (!l->head) {
		l->state = LINE_IDLE;
		return;
	}
	int rc = 0;
	if (l->tcp && !l->bev) {
		rc = tcp_connect(l);
		if (rc == 0) {
			l->state = LINE_CONNECTING;
			arm(l, l->timeout_ms);
			return;
		}
	} else if (!l->tcp && !l->sp) {
		rc = serial_open(l);
	}
	if (rc != 0) {
		l->state = LINE_WAITING;
		attempt_failed(l, rc);
		return;
	}
	if (l->tcp && !l->connected) {
		l->state = LINE_CONNECTING; /* the connect of an earlier attempt is still under way */
		arm(l, l->timeout_ms);
		return;
	}
	send_request(l);
}

static void attempt_failed(struct meter_line *l, int err)
{
	if (l->attempt >= l->retries) {
		finish(l, err);
		return;
	}
	log_debug("meter.retry port=%s addr=%u attempt=%u error=\"%s\"", l->port, l->head->exp.addr,
		  l->attempt + 1, meter_strerror(err));
	l->attempt++;
	l->state = LINE_QUIET;
	arm(l, l->gap_ms);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct meter_line *l = arg;
	int rc;
	switch (l->state) {
	case LINE_IDLE:
		l->attempt = 0;
		start_attempt(l);
		break;
	case LINE_QUIET:
		start_attempt(l);
		break;
	case LINE_CONNECTING:
		close_transport(l);
		attempt_failed(l, METER_E_TIMEOUT);
		break;
	case LINE_WAITING:
		rc = meter_rx_expire(&l->rx, broker_mono_ms());
		if (rc == TEM106_NEED_MORE)
			arm(l, meter_rx_deadline(&l->rx) - broker_mono_ms());
		else
			attempt_failed(l, rc);
		break;
	}
}

struct meter_line *meter_line_new(struct event_base *base, const struct meter_line_options *o)
{
	struct meter_line *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->base = base;
	l->port = strdup(o->port);
	l->tcp = strncmp(o->port, TCP_PREFIX, strlen(TCP_PREFIX)) == 0;
	l->baud = o->baud;
	l->timeout_ms = o->timeout_ms;
	l->gap_ms = o->gap_ms;
	l->retries = o->retries;
	l->timer = evtimer_new(base, timer_cb, l);
	if (!l->port || !l->timer ||
	    (l->tcp && !strrchr(o->port + strlen(TCP_PREFIX), ':'))) {
		meter_line_free(l);
		return NULL;
	}
	return l;
}

void meter_line_free(struct meter_line *l)
{
	if (!l)
		return;
	close_transport(l);
	if (l->dns)
		evdns_base_free(l->dns, 0);
	if (l->timer)
		event_free(l->timer);
	while (l->head) {
		struct exchange *x = l->head;
		l->head = x->next;
		free(x);
	}
	free(l->port);
	free(l);
}

int meter_line_exchange(struct meter_line *l, const uint8_t *req, size_t len,
			const struct tem106_expect *exp, meter_line_cb cb, void *arg)
{
	struct exchange *x = calloc(1, sizeof *x);
	if (!x || len > sizeof x->req) {
		free(x);
		return METER_E_NOMEM;
	}
	memcpy(x->req, req, len);
	x->len = len;
	x->exp = *exp;
	x->cb = cb;
	x->arg = arg;
	if (l->tail)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
	if (l->head == x && l->state == LINE_IDLE)
		arm(l, 0);
	return 0;
}

void meter_line_cancel(struct meter_line *l, void *arg)
{
	struct exchange **pp = &l->head, *prev = NULL;
	while (*pp) {
		struct exchange *x = *pp;
		if (x->arg != arg) {
			prev = x;
			pp = &x->next;
			continue;
		}
		if (x == l->head) {
			/* The running one: its answer, if any, is dropped as stale. */
			l->state = LINE_IDLE;
			evtimer_del(l->timer);
		}
		*pp = x->next;
		if (l->tail == x)
			l->tail = prev;
		free(x);
	}
	if (l->head && l->state == LINE_IDLE)
		arm(l, 0);
}
