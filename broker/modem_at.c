/*
 * modem_at.c - a modem's AT channel: serial port, line framing, command
 * queue, unsolicited codes (see modem_at.h).
 *
 * One timer is the deadline of the command in flight; one zero-delay event
 * starts the next command and finishes commands a close left behind, so no
 * callback ever runs inside a call from the owner.
 */
#include "modem_at.h"

#include <event2/event.h>
#include <libserialport.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_rx.h"
#include "conf.h"
#include "log.h"

#define OUT_MAX 2048
#define CTRL_Z "\x1a"

struct cmd {
	struct cmd *next;
	char *text, *body, *expect;
	int64_t timeout_ms;
	modem_at_line_fn on_line;
	modem_at_done_fn done;
	void *arg;
	bool sent, prompted;
};

struct modem_at {
	struct event_base *base;
	char *device;
	unsigned baud;
	int flow;
	struct modem_at_handlers h;
	struct sp_port *sp;
	struct event *rd_ev, *wr_ev, *timer, *kick;
	struct at_rx rx;
	char out[OUT_MAX];
	size_t out_len;
	struct cmd *head, *tail;  /* head is in flight once sent */
	struct cmd *dead;         /* closed before an answer: finished by kick */
	char pdu_hdr[AT_RX_LINE_MAX + 1]; /* a header whose PDU line comes next */
	bool pdu_for_cmd;
	void (*raw)(void *arg, const char *line);
	void *raw_arg;
};

static void cmd_free(struct cmd *c)
{
	free(c->text);
	free(c->body);
	free(c->expect);
	free(c);
}

const char *modem_at_device(const struct modem_at *a)
{
	return a->device;
}

bool modem_at_is_open(const struct modem_at *a)
{
	return a->sp != NULL;
}

size_t modem_at_pending(const struct modem_at *a)
{
	size_t n = 0;
	for (const struct cmd *c = a->head; c; c = c->next)
		n++;
	return n;
}

static void arm_kick(struct modem_at *a)
{
	struct timeval tv = {0, 0};
	evtimer_add(a->kick, &tv);
}

static void flush_out(struct modem_at *a)
{
	if (!a->sp || a->out_len == 0)
		return;
	int n = sp_nonblocking_write(a->sp, a->out, a->out_len);
	if (n > 0) {
		memmove(a->out, a->out + n, a->out_len - (size_t)n);
		a->out_len -= (size_t)n;
	}
	if (a->out_len > 0)
		event_add(a->wr_ev, NULL);
	else
		event_del(a->wr_ev);
}

static int out_append(struct modem_at *a, const char *s, size_t n)
{
	if (!a->sp || a->out_len + n > sizeof a->out)
		return -1;
	memcpy(a->out + a->out_len, s, n);
	a->out_len += n;
	flush_out(a);
	return 0;
}

int modem_at_send_bytes(struct modem_at *a, const char *bytes, size_t n)
{
	return out_append(a, bytes, n);
}

int modem_at_write(struct modem_at *a, const char *text)
{
	log_debug("modem.tx device=%s text=\"%s\"", a->device, text);
	if (out_append(a, text, strlen(text)) != 0 || out_append(a, "\r", 1) != 0)
		return -1;
	return 0;
}

/* Takes the head off the queue and reports r; the next command starts from kick. */
static void finish_head(struct modem_at *a, struct modem_at_result *r)
{
	struct cmd *c = a->head;
	a->head = c->next;
	if (!a->head)
		a->tail = NULL;
	evtimer_del(a->timer);
	a->pdu_hdr[0] = '\0';
	if (a->head)
		arm_kick(a);
	log_debug("modem.answer device=%s command=\"%s\" status=%d final=\"%s\"", a->device, c->text,
		  r->status, r->text);
	if (c->done)
		c->done(c->arg, r);
	cmd_free(c);
}

static void start_head(struct modem_at *a)
{
	struct cmd *c = a->head;
	if (!c || c->sent || a->raw || !a->sp)
		return;
	c->sent = true;
	struct timeval tv = {(time_t)(c->timeout_ms / 1000), (suseconds_t)(c->timeout_ms % 1000) * 1000};
	evtimer_add(a->timer, &tv);
	if (modem_at_write(a, c->text) != 0) {
		struct modem_at_result r = {.status = MODEM_AT_FAILED, .code = -1};
		snprintf(r.text, sizeof r.text, "write failed");
		finish_head(a, &r);
	}
}

static void deliver(struct modem_at *a, const char *hdr, bool for_cmd, const char *pdu)
{
	struct at_line l;
	at_line_parse(hdr, &l);
	if (for_cmd) {
		if (a->head && a->head->on_line)
			a->head->on_line(a->head->arg, &l, pdu);
	} else if (a->h.urc) {
		a->h.urc(a->h.arg, &l, pdu);
	}
}

static void on_line(struct modem_at *a, const char *text, bool truncated)
{
	if (a->raw) {
		a->raw(a->raw_arg, text);
		return;
	}
	struct at_line l;
	at_line_parse(text, &l);
	if (a->pdu_hdr[0]) {
		/* The line after +CMT / +CDS / +CMGL / +CMGR: its PDU, unless something else came. */
		char hdr[sizeof a->pdu_hdr];
		memcpy(hdr, a->pdu_hdr, sizeof hdr);
		a->pdu_hdr[0] = '\0';
		if (l.kind == AT_K_TEXT && !truncated) {
			deliver(a, hdr, a->pdu_for_cmd, text);
			return;
		}
		log_warn("modem.pdu_missing device=%s header=\"%s\" got=\"%.60s\"", a->device, hdr, text);
	}
	if (truncated) {
		log_warn("modem.line_too_long device=%s start=\"%.40s\"", a->device, text);
		return;
	}
	struct cmd *c = a->head && a->head->sent ? a->head : NULL;
	switch (l.kind) {
	case AT_K_INFO:
		if (c && c->expect && strcmp(l.name, c->expect) == 0 && !l.unsolicited) {
			if (l.pdu_follows) {
				snprintf(a->pdu_hdr, sizeof a->pdu_hdr, "%s", text);
				a->pdu_for_cmd = true;
			} else if (c->on_line) {
				c->on_line(c->arg, &l, NULL);
			}
		} else if (l.pdu_follows && l.unsolicited) {
			snprintf(a->pdu_hdr, sizeof a->pdu_hdr, "%s", text);
			a->pdu_for_cmd = false;
		} else if (a->h.urc) {
			a->h.urc(a->h.arg, &l, NULL);
		}
		return;
	case AT_K_RING:
		if (a->h.urc)
			a->h.urc(a->h.arg, &l, NULL);
		return;
	case AT_K_TEXT:
		log_debug("modem.rx_text device=%s text=\"%.80s\"", a->device, text);
		return;
	default:
		break;
	}
	if (!c) {
		log_debug("modem.stray_result device=%s text=\"%s\"", a->device, text);
		return;
	}
	struct modem_at_result r = {.status = l.kind == AT_K_OK ? MODEM_AT_OK : MODEM_AT_FAILED,
				    .final = l.kind, .code = l.code};
	snprintf(r.text, sizeof r.text, "%s", text);
	finish_head(a, &r);
}

static void on_prompt(struct modem_at *a)
{
	struct cmd *c = a->head && a->head->sent ? a->head : NULL;
	if (a->raw || !c || !c->body || c->prompted) {
		log_debug("modem.stray_prompt device=%s", a->device);
		return;
	}
	c->prompted = true;
	log_debug("modem.tx device=%s body_len=%zu", a->device, strlen(c->body));
	if (out_append(a, c->body, strlen(c->body)) != 0 || out_append(a, CTRL_Z, 1) != 0) {
		struct modem_at_result r = {.status = MODEM_AT_FAILED, .code = -1};
		snprintf(r.text, sizeof r.text, "write failed");
		finish_head(a, &r);
	}
}

static void read_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct modem_at *a = arg;
	uint8_t buf[512];
	int n = sp_nonblocking_read(a->sp, buf, sizeof buf);
	if (n <= 0) {
		char *msg = n < 0 ? sp_last_error_message() : NULL;
		char why[128];
		snprintf(why, sizeof why, "%s", msg ? msg : "hang-up");
		sp_free_error_message(msg);
		log_warn("modem.port_lost device=%s error=\"%s\"", a->device, why);
		modem_at_close(a);
		if (a->h.lost)
			a->h.lost(a->h.arg, why);
		return;
	}
	size_t used = 0;
	while (used < (size_t)n && a->sp) {
		enum at_rx_event ev;
		used += at_rx_feed(&a->rx, buf + used, (size_t)n - used, &ev);
		if (ev == AT_RX_LINE) {
			log_debug("modem.rx device=%s line=\"%.120s\"", a->device, a->rx.line);
			on_line(a, a->rx.line, a->rx.truncated);
		} else if (ev == AT_RX_PROMPT) {
			on_prompt(a);
		}
	}
}

static void write_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	flush_out(arg);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct modem_at *a = arg;
	if (!a->head || !a->head->sent)
		return;
	struct modem_at_result r = {.status = MODEM_AT_TIMEOUT, .code = -1};
	snprintf(r.text, sizeof r.text, "no answer within %lld ms", (long long)a->head->timeout_ms);
	log_warn("modem.timeout device=%s command=\"%s\"", a->device, a->head->text);
	finish_head(a, &r);
}

static void kick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct modem_at *a = arg;
	while (a->dead) {
		struct cmd *c = a->dead;
		a->dead = c->next;
		struct modem_at_result r = {.status = MODEM_AT_CLOSED, .code = -1};
		snprintf(r.text, sizeof r.text, "port closed");
		if (c->done)
			c->done(c->arg, &r);
		cmd_free(c);
	}
	start_head(a);
}

int modem_at_open(struct modem_at *a)
{
	struct sp_port *sp = NULL;
	int fd = -1;
	static const enum sp_flowcontrol flows[] = {SP_FLOWCONTROL_NONE, SP_FLOWCONTROL_RTSCTS,
						    SP_FLOWCONTROL_XONXOFF};
	enum sp_flowcontrol flow = a->flow >= 0 && a->flow <= 2 ? flows[a->flow] : SP_FLOWCONTROL_NONE;
	if (a->sp)
		return 0;
	enum sp_return rc = sp_get_port_by_name(a->device, &sp);
	if (rc == SP_OK)
		rc = sp_open(sp, SP_MODE_READ_WRITE);
	if (rc == SP_OK &&
	    ((rc = sp_set_baudrate(sp, (int)a->baud)) != SP_OK || (rc = sp_set_bits(sp, 8)) != SP_OK ||
	     (rc = sp_set_parity(sp, SP_PARITY_NONE)) != SP_OK ||
	     (rc = sp_set_stopbits(sp, 1)) != SP_OK || (rc = sp_set_flowcontrol(sp, flow)) != SP_OK ||
	     (rc = sp_get_port_handle(sp, &fd)) != SP_OK))
		sp_close(sp);
	if (rc != SP_OK) {
		char *msg = sp_last_error_message();
		log_warn("modem.open_failed device=%s error=\"%s\"", a->device, msg ? msg : "?");
		sp_free_error_message(msg);
		sp_free_port(sp);
		return -1;
	}
	a->sp = sp;
	a->rd_ev = event_new(a->base, fd, EV_READ | EV_PERSIST, read_cb, a);
	a->wr_ev = event_new(a->base, fd, EV_WRITE, write_cb, a);
	if (!a->rd_ev || !a->wr_ev || event_add(a->rd_ev, NULL) != 0) {
		modem_at_close(a);
		return -1;
	}
	sp_flush(sp, SP_BUF_BOTH);
	at_rx_reset(&a->rx);
	a->pdu_hdr[0] = '\0';
	a->out_len = 0;
	log_info("modem.port_open device=%s baud=%u", a->device, a->baud);
	return 0;
}

void modem_at_close(struct modem_at *a)
{
	if (a->rd_ev) {
		event_free(a->rd_ev);
		a->rd_ev = NULL;
	}
	if (a->wr_ev) {
		event_free(a->wr_ev);
		a->wr_ev = NULL;
	}
	if (a->sp) {
		sp_close(a->sp);
		sp_free_port(a->sp);
		a->sp = NULL;
	}
	evtimer_del(a->timer);
	a->out_len = 0;
	a->raw = NULL;
	/* Whatever was queued ends with MODEM_AT_CLOSED, from the loop. */
	if (a->head) {
		struct cmd **pp = &a->dead;
		while (*pp)
			pp = &(*pp)->next;
		*pp = a->head;
		a->head = a->tail = NULL;
		arm_kick(a);
	}
}

int modem_at_submit(struct modem_at *a, const struct modem_at_cmd *in)
{
	if (!a->sp)
		return -1;
	struct cmd *c = calloc(1, sizeof *c);
	if (!c)
		return -1;
	c->text = strdup(in->text);
	c->body = in->body ? strdup(in->body) : NULL;
	c->expect = in->expect ? strdup(in->expect) : NULL;
	if (!c->text || (in->body && !c->body) || (in->expect && !c->expect)) {
		cmd_free(c);
		return -1;
	}
	c->timeout_ms = in->timeout_ms;
	c->on_line = in->on_line;
	c->done = in->done;
	c->arg = in->arg;
	if (a->tail)
		a->tail->next = c;
	else
		a->head = c;
	a->tail = c;
	if (a->head == c)
		arm_kick(a);
	return 0;
}

void modem_at_raw(struct modem_at *a, void (*fn)(void *arg, const char *line), void *arg)
{
	a->raw = fn;
	a->raw_arg = arg;
	if (!fn && a->head)
		arm_kick(a);
}

struct modem_at *modem_at_new(struct event_base *base, const struct modem_at_port *port,
			      const struct modem_at_handlers *h)
{
	struct modem_at *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->base = base;
	a->device = strdup(port->device);
	a->baud = port->baud;
	a->flow = port->flow;
	a->h = *h;
	at_rx_init(&a->rx);
	a->timer = evtimer_new(base, timer_cb, a);
	a->kick = evtimer_new(base, kick_cb, a);
	if (!a->device || !a->timer || !a->kick) {
		modem_at_free(a);
		return NULL;
	}
	return a;
}

void modem_at_free(struct modem_at *a)
{
	if (!a)
		return;
	modem_at_close(a);
	/* The owner still stands: every command gets its answer now. */
	kick_cb(-1, 0, a);
	if (a->timer)
		event_free(a->timer);
	if (a->kick)
		event_free(a->kick);
	free(a->device);
	free(a);
}
