/*
 * modem.c - one modem's lifecycle (see modem.h): open, chat script, SMS
 * set-up, ready; health checks and sweeps on timers; reopen with
 * decorrelated-jitter backoff when the port fails, a step fails, or the
 * modem leaves MODEM_TIMEOUTS_MAX commands in a row unanswered.
 *
 * The set-up after the chat is the broker's own, whatever the script:
 * AT+CPIN? (and AT+CPIN=<pin> when the SIM asks and a PIN is configured),
 * AT+CMGF=0, AT+CSCA, AT+CPMS, AT+CNMI, AT+CNUM (the SIM's own number, for
 * address_range; errors ignored), AT+CGDCONT (APN). A failed step is logged
 * with the command and the modem's answer, and the modem is reopened later.
 */
#include "modem.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_args.h"
#include "broker.h"
#include "log.h"
#include "metrics.h"
#include "modem_internal.h"

static const char *const state_names[] = {"closed", "chat", "setup", "ready"};

static void arm(struct event *ev, int64_t ms)
{
	struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000};
	evtimer_add(ev, &tv);
}

void modem_set_state(struct modem *m, enum modem_state s, const char *why)
{
	if (m->state == s)
		return;
	bool was_ready = m->state == MODEM_READY;
	log_at(s == MODEM_READY || was_ready ? LOG_LVL_INFO : LOG_LVL_DEBUG,
	       "modem.state device=%s connector=%s old=%s new=%s reason=\"%s\"", m->device,
	       m->connector, state_names[m->state], state_names[s], why);
	m->state = s;
	if (s == MODEM_READY || was_ready)
		m->on_state(m->owner, m, s == MODEM_READY);
}

static int64_t next_backoff(struct modem *m)
{
	/* Decorrelated jitter: uniform in [min, 3 * previous], at most max. */
	int64_t lo = m->reopen_min_ms, hi = m->backoff_ms ? 3 * m->backoff_ms : lo;
	if (hi > m->reopen_max_ms)
		hi = m->reopen_max_ms;
	if (hi < lo)
		hi = lo;
	m->backoff_ms = lo + (int64_t)((uint64_t)random() % (uint64_t)(hi - lo + 1));
	return m->backoff_ms;
}

void modem_reopen(struct modem *m, const char *why)
{
	modem_at_close(m->at);
	modem_chat_stop(m);
	m->sweeping = false;
	m->timeouts = 0;
	memset(m->busy, 0, sizeof m->busy);
	evtimer_del(m->health_ev);
	evtimer_del(m->sweep_ev);
	modem_set_state(m, MODEM_CLOSED, why);
	int64_t wait = next_backoff(m);
	log_warn("modem.reopen device=%s reason=\"%s\" in_ms=%lld", m->device, why, (long long)wait);
	arm(m->timer, wait);
}

void modem_note_answer(struct modem *m, const struct modem_at_result *r)
{
	if (r->status == MODEM_AT_TIMEOUT) {
		if (++m->timeouts >= MODEM_TIMEOUTS_MAX && m->state != MODEM_CLOSED)
			modem_reopen(m, "the modem stopped answering");
	} else if (r->status != MODEM_AT_CLOSED) {
		m->timeouts = 0;
	}
}

int modem_cmd(struct modem *m, const char *text, const char *expect, modem_at_line_fn on_line,
	      modem_at_done_fn done, void *arg)
{
	struct modem_at_cmd c = {.text = text, .expect = expect, .timeout_ms = m->command_timeout_ms,
				 .on_line = on_line, .done = done, .arg = arg};
	return modem_at_submit(m->at, &c);
}

/* ---- set-up ---- */

enum setup_step { S_CPIN_Q, S_CPIN, S_CMGF, S_CSCA, S_CPMS, S_CNMI, S_CNUM, S_CGDCONT, S_END };

static void setup_next(struct modem *m);

static void cpin_line(void *arg, const struct at_line *l, const char *pdu)
{
	(void)pdu;
	struct modem *m = arg;
	m->pin_needed = strcmp(l->args, "SIM PIN") == 0;
	if (strcmp(l->args, "READY") != 0 && !m->pin_needed)
		log_warn("modem.sim device=%s state=\"%s\"", m->device, l->args);
}

static void cnum_line(void *arg, const struct at_line *l, const char *pdu)
{
	(void)pdu;
	struct modem *m = arg;
	struct at_field f[3];
	if (at_args_split(l->args, f, 3) >= 2 && f[1].len > 0 && !m->own_number[0]) {
		const struct at_field *n = &f[1];
		size_t o = 0;
		for (size_t i = 0; i < n->len && o + 1 < sizeof m->own_number; i++)
			if (n->p[i] >= '0' && n->p[i] <= '9')
				m->own_number[o++] = n->p[i];
		m->own_number[o] = '\0';
	}
}

static void setup_done(void *arg, const struct modem_at_result *r)
{
	struct modem *m = arg;
	modem_note_answer(m, r);
	if (r->status == MODEM_AT_CLOSED || m->state != MODEM_SETUP)
		return;
	/* Optional steps: a modem without AT+CNUM is fine. */
	bool optional = m->setup_step == S_CNUM;
	if (r->status != MODEM_AT_OK && !optional) {
		log_error("modem.init_failed device=%s step=setup.%d answer=\"%s\"", m->device,
			  m->setup_step, r->text);
		if (m->state != MODEM_CLOSED)
			modem_reopen(m, "a set-up command failed");
		return;
	}
	if (m->setup_step == S_CPIN_Q && m->pin_needed && !m->sim_pin) {
		log_error("modem.init_failed device=%s step=AT+CPIN? answer=\"SIM PIN\" "
			  "note=\"the SIM asks for a PIN; set sim_pin\"", m->device);
		modem_reopen(m, "the SIM needs a PIN");
		return;
	}
	m->setup_step++;
	setup_next(m);
}

static void health_now(struct modem *m);

static void setup_next(struct modem *m)
{
	char cmd[256];
	for (;; m->setup_step++) {
		const char *expect = NULL;
		modem_at_line_fn fn = NULL;
		cmd[0] = '\0';
		switch (m->setup_step) {
		case S_CPIN_Q:
			snprintf(cmd, sizeof cmd, "AT+CPIN?");
			expect = "+CPIN";
			fn = cpin_line;
			break;
		case S_CPIN:
			if (m->pin_needed)
				snprintf(cmd, sizeof cmd, "AT+CPIN=\"%s\"", m->sim_pin);
			break;
		case S_CMGF:
			snprintf(cmd, sizeof cmd, "AT+CMGF=0");
			break;
		case S_CSCA:
			if (m->smsc)
				snprintf(cmd, sizeof cmd, "AT+CSCA=\"%s\"", m->smsc);
			break;
		case S_CPMS:
			snprintf(cmd, sizeof cmd, "AT+CPMS=\"%s\",\"%s\",\"%s\"", m->storage, m->storage,
				 m->storage);
			break;
		case S_CNMI:
			snprintf(cmd, sizeof cmd, "AT+CNMI=%s", m->cnmi);
			break;
		case S_CNUM:
			snprintf(cmd, sizeof cmd, "AT+CNUM");
			expect = "+CNUM";
			fn = cnum_line;
			break;
		case S_CGDCONT:
			if (m->apn)
				snprintf(cmd, sizeof cmd, "AT+CGDCONT=1,\"%s\",\"%s\"", m->pdp_type, m->apn);
			break;
		default:
			m->backoff_ms = 0;
			modem_set_state(m, MODEM_READY, "initialised");
			health_now(m);
			modem_sweep(m);
			return;
		}
		if (!cmd[0])
			continue;
		if (modem_cmd(m, cmd, expect, fn, setup_done, m) != 0)
			modem_reopen(m, "out of memory");
		return;
	}
}

void modem_chat_done(struct modem *m, bool ok)
{
	modem_at_raw(m->at, NULL, NULL);
	if (!ok) {
		modem_reopen(m, "the init script failed");
		return;
	}
	modem_set_state(m, MODEM_SETUP, "init script done");
	m->setup_step = S_CPIN_Q;
	m->pin_needed = false;
	setup_next(m);
}

/* ---- health ---- */

static int reg_stat(const struct at_line *l)
{
	/* "+CREG: <n>,<stat>[,...]" answers a query; "+CREG: <stat>[,...]" is unsolicited. */
	struct at_field f[4];
	int n = at_args_split(l->args, f, 4);
	unsigned v;
	const struct at_field *stat = n >= 2 && !f[1].quoted ? &f[1] : &f[0];
	return at_field_uint(stat, 10, &v) == 0 ? (int)v : -1;
}

static void health_line(void *arg, const struct at_line *l, const char *pdu)
{
	(void)pdu;
	struct modem *m = arg;
	if (strcmp(l->name, "+CSQ") == 0) {
		struct at_field f[2];
		unsigned rssi, ber;
		if (at_args_split(l->args, f, 2) == 2 && at_field_uint(&f[0], 99, &rssi) == 0 &&
		    at_field_uint(&f[1], 99, &ber) == 0) {
			m->rssi = (int)rssi;
			m->ber = (int)ber;
		}
	} else if (strcmp(l->name, "+CREG") == 0) {
		m->creg = reg_stat(l);
	} else if (strcmp(l->name, "+CEREG") == 0) {
		m->cereg = reg_stat(l);
	}
}

static void health_done(void *arg, const struct modem_at_result *r)
{
	struct modem *m = arg;
	modem_note_answer(m, r);
}

static void health_last(void *arg, const struct modem_at_result *r)
{
	struct modem *m = arg;
	modem_note_answer(m, r);
	if (r->status == MODEM_AT_CLOSED || m->state != MODEM_READY)
		return;
	/* Signal in dBm: -113 + 2 * rssi (27.007 8.5), 99 unknown. */
	log_info("modem.health device=%s connector=%s rssi=%d dbm=%d ber=%d creg=%d cereg=%d"
		 " registered=%d queued=%zu",
		 m->device, m->connector, m->rssi, m->rssi == 99 ? 0 : -113 + 2 * m->rssi, m->ber,
		 m->creg, m->cereg, modem_ready(m), modem_at_pending(m->at));
	metrics_modem(m->connector, m->device, m->rssi, m->creg, m->cereg, modem_ready(m));
	arm(m->health_ev, m->health_interval_ms);
}

static void health_now(struct modem *m)
{
	if (modem_cmd(m, "AT+CSQ", "+CSQ", health_line, health_done, m) != 0 ||
	    modem_cmd(m, "AT+CREG?", "+CREG", health_line, health_done, m) != 0 ||
	    modem_cmd(m, "AT+CEREG?", "+CEREG", health_line, health_last, m) != 0)
		arm(m->health_ev, m->health_interval_ms);
}

static void health_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct modem *m = arg;
	if (m->state == MODEM_READY)
		health_now(m);
}

static void sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct modem *m = arg;
	if (m->state == MODEM_READY)
		modem_sweep(m);
	arm(m->sweep_ev, m->sweep_interval_ms);
}

/* The reopen backoff ended, or the chat's step deadline passed. */
static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct modem *m = arg;
	if (m->state == MODEM_CHAT) {
		modem_chat_timeout(m);
		return;
	}
	if (m->state != MODEM_CLOSED)
		return;
	if (modem_at_open(m->at) != 0) {
		arm(m->timer, next_backoff(m));
		return;
	}
	m->rssi = m->ber = 99;
	m->creg = m->cereg = -1;
	modem_set_state(m, MODEM_CHAT, "port open");
	arm(m->sweep_ev, m->sweep_interval_ms);
	modem_chat_begin(m);
}

static void port_lost(void *arg, const char *why)
{
	struct modem *m = arg;
	modem_reopen(m, why);
}

bool modem_ready(const struct modem *m)
{
	if (m->state != MODEM_READY)
		return false;
	/* Registered home (1) or roaming (5) on either; unknown (-1, or no answer) counts as fine. */
	bool known = m->creg >= 0 || m->cereg >= 0;
	bool reg = m->creg == 1 || m->creg == 5 || m->cereg == 1 || m->cereg == 5;
	return !known || reg;
}

unsigned modem_sending(const struct modem *m)
{
	return m->n_sends;
}

const char *modem_device(const struct modem *m)
{
	return m->device;
}

static char *dup_opt(const char *s, bool *oom)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

struct modem *modem_new(struct broker *b, const struct modem_opts *o, modem_state_fn on_state,
			void *arg)
{
	struct modem *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	bool oom = false;
	m->b = b;
	m->connector = dup_opt(o->connector, &oom);
	m->mo_account = dup_opt(o->mo_account, &oom);
	m->device = dup_opt(o->device, &oom);
	m->sim_pin = dup_opt(o->sim_pin, &oom);
	m->smsc = dup_opt(o->smsc, &oom);
	m->apn = dup_opt(o->apn, &oom);
	m->pdp_type = dup_opt(o->pdp_type ? o->pdp_type : "IP", &oom);
	m->storage = dup_opt(o->storage ? o->storage : "SM", &oom);
	m->cnmi = dup_opt(o->cnmi ? o->cnmi : "2,1,0,2,0", &oom);
	m->status_reports = o->status_reports;
	m->text_mode = o->text_mode;
	m->command_timeout_ms = o->command_timeout_ms;
	m->send_timeout_ms = o->send_timeout_ms;
	m->health_interval_ms = o->health_interval_ms;
	m->sweep_interval_ms = o->sweep_interval_ms;
	m->reopen_min_ms = o->reopen_min_ms;
	m->reopen_max_ms = o->reopen_max_ms;
	m->on_state = on_state;
	m->owner = arg;
	m->rssi = m->ber = 99;
	m->creg = m->cereg = -1;
	uint32_t h = 2166136261u; /* FNV-1a of the device path */
	for (const char *p = o->device; p && *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	snprintf(m->tag, sizeof m->tag, "%08x", h);
	struct modem_at_port port = {.device = o->device, .baud = o->baud, .flow = o->flow};
	struct modem_at_handlers hd = {.urc = modem_urc, .lost = port_lost, .arg = m};
	if (!oom)
		m->at = modem_at_new(b->base, &port, &hd);
	m->timer = evtimer_new(b->base, timer_cb, m);
	m->health_ev = evtimer_new(b->base, health_cb, m);
	m->sweep_ev = evtimer_new(b->base, sweep_cb, m);
	if (oom || !m->at || !m->timer || !m->health_ev || !m->sweep_ev ||
	    modem_chat_load(m, o->init_script, o->n_init_script) != 0) {
		modem_free(m);
		return NULL;
	}
	arm(m->timer, 0);
	return m;
}

void modem_free(struct modem *m)
{
	if (!m)
		return;
	modem_tickets_detach(m);
	modem_at_free(m->at); /* answers what it still holds, m intact */
	m->at = NULL;
	modem_sends_close(m);
	free(m->chat.steps);
	if (m->timer)
		event_free(m->timer);
	if (m->health_ev)
		event_free(m->health_ev);
	if (m->sweep_ev)
		event_free(m->sweep_ev);
	metrics_modem_gone(m->device);
	free(m->connector);
	free(m->mo_account);
	free(m->device);
	free(m->sim_pin);
	free(m->smsc);
	free(m->apn);
	free(m->pdp_type);
	free(m->storage);
	free(m->cnmi);
	free(m);
}
