/*
 * modem_chat.c - the init chat script of a modem (at_chat.h for the
 * syntax): wait for each expected string in the modem's lines, then send;
 * TIMEOUT sets the wait for the expects after it; a line containing an
 * ABORT string fails the script. A failed step is logged with its number,
 * its expect/send pair and the modem's last line.
 *
 * Before the script, modem_chat_begin writes ESC, which cancels an AT+CMGS
 * prompt a previous run may have left open, and lets the line settle for
 * MODEM_SETTLE_MS (whatever the modem answers to the ESC is dropped). The
 * default script checks the modem answers, turns echo off and asks for
 * numeric +CME/+CMS errors.
 */
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "modem_internal.h"

static const char *const default_script[] = {
	"ABORT ERROR", "ABORT 'NO CARRIER'", "ABORT BUSY", "'' AT", "OK ATE0", "OK AT+CMEE=1", "OK ''",
};

int modem_chat_load(struct modem *m, char *const *lines, size_t n)
{
	const char *const *src = (const char *const *)lines;
	if (n == 0) {
		src = default_script;
		n = sizeof default_script / sizeof *default_script;
	}
	m->chat.steps = calloc(n, sizeof *m->chat.steps);
	if (!m->chat.steps)
		return -1;
	size_t aborts = 0;
	for (size_t i = 0; i < n; i++) {
		const char *why = "";
		if (at_chat_parse_line(src[i], &m->chat.steps[i], &why) != 0) {
			log_error("modem.init_script_invalid device=%s line=%zu text=\"%s\" error=\"%s\"",
				  m->device, i + 1, src[i], why);
			return -1;
		}
		if (m->chat.steps[i].kind == AT_CHAT_ABORT && ++aborts > MODEM_ABORTS_MAX) {
			log_error("modem.init_script_invalid device=%s line=%zu error=\"more than %d ABORT"
				  " strings\"", m->device, i + 1, MODEM_ABORTS_MAX);
			return -1;
		}
	}
	m->chat.n = n;
	return 0;
}

static void arm_step(struct modem *m)
{
	struct timeval tv = {(time_t)m->chat.timeout_s, 0};
	evtimer_add(m->timer, &tv);
}

static void fail(struct modem *m, const char *reason)
{
	const struct at_chat_step *s = &m->chat.steps[m->chat.idx];
	log_error("modem.init_failed device=%s step=%zu expect=\"%s\" send=\"%s\" error=\"%s\""
		  " answer=\"%s\"", m->device, m->chat.idx + 1, s->expect, s->send, reason,
		  m->chat.last);
	m->chat.waiting = false;
	evtimer_del(m->timer);
	modem_chat_done(m, false);
}

/* Runs steps until one must wait for the modem, or the script ends. */
static void run(struct modem *m)
{
	struct modem_chat *c = &m->chat;
	while (c->idx < c->n) {
		const struct at_chat_step *s = &c->steps[c->idx];
		if (s->kind == AT_CHAT_TIMEOUT) {
			c->timeout_s = s->timeout_s;
		} else if (s->kind == AT_CHAT_ABORT) {
			memcpy(c->aborts[c->n_aborts++], s->expect, AT_CHAT_TEXT_MAX);
		} else if (s->expect[0] && !c->waiting) {
			c->waiting = true;
			arm_step(m);
			return;
		} else {
			c->waiting = false;
			if (s->send[0] && modem_at_write(m->at, s->send) != 0) {
				fail(m, "write failed");
				return;
			}
		}
		c->idx++;
	}
	evtimer_del(m->timer);
	log_debug("modem.init_script_done device=%s", m->device);
	modem_chat_done(m, true);
}

static void chat_line(void *arg, const char *line)
{
	struct modem *m = arg;
	struct modem_chat *c = &m->chat;
	snprintf(c->last, sizeof c->last, "%s", line);
	for (size_t i = 0; i < c->n_aborts; i++) {
		if (strstr(line, c->aborts[i])) {
			fail(m, "abort string");
			return;
		}
	}
	if (c->waiting && c->idx < c->n && strstr(line, c->steps[c->idx].expect)) {
		evtimer_del(m->timer);
		run(m); /* sends this step's text and goes on */
	}
}

static void settle_line(void *arg, const char *line)
{
	struct modem *m = arg;
	log_debug("modem.settle device=%s dropped=\"%.60s\"", m->device, line);
}

static void start(struct modem *m)
{
	struct modem_chat *c = &m->chat;
	c->settling = false;
	c->idx = 0;
	c->n_aborts = 0;
	c->waiting = false;
	c->last[0] = '\0';
	c->timeout_s = (unsigned)((m->command_timeout_ms + 999) / 1000);
	modem_at_raw(m->at, chat_line, m);
	run(m);
}

void modem_chat_timeout(struct modem *m)
{
	if (m->chat.settling)
		start(m);
	else if (m->chat.waiting)
		fail(m, "timeout");
}

void modem_chat_begin(struct modem *m)
{
	m->chat.settling = true;
	m->chat.waiting = false;
	modem_at_raw(m->at, settle_line, m);
	modem_at_send_bytes(m->at, "\x1b", 1);
	struct timeval tv = {0, MODEM_SETTLE_MS * 1000};
	evtimer_add(m->timer, &tv);
}

void modem_chat_stop(struct modem *m)
{
	m->chat.waiting = false;
	m->chat.settling = false;
	m->chat.idx = 0;
}
