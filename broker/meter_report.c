/*
 * meter_report.c - one report's schedule and runs (see meter_report.h).
 *
 * Times: the schedule is on the wall clock (cron on local time, intervals
 * from the last run); the libevent timer only waits, at most an hour at a
 * time, and the wall clock is read again when it fires, so a clock change
 * moves the run instead of firing it early or never. Everything a store
 * or outbound callback needs is in its own heap object, never the report:
 * a report freed at shutdown leaves no callback pointing at it.
 */
#include "meter_report.h"

#include <event2/event.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "cron.h"
#include "log.h"
#include "meter.h"
#include "meter_archive.h"
#include "meter_poll.h"
#include "meter_report_fwd.h"
#include "meter_rx.h"
#include "meter_template.h"
#include "meter_values.h"
#include "outbound.h"
#include "store.h"

#define MAX_WAIT_MS 3600000LL /* re-read the wall clock at least hourly */
#define TEXT_MAX 2048

struct sched_load {
	struct store_op op;
	struct meter_report *rep; /* NULL once the report is gone */
};

struct meter_report {
	struct broker *b;
	struct meter_set *set;
	char *name;
	bool is_cron;
	struct cron_expr cron;
	int64_t interval_ms;
	char **meters;
	size_t n_meters;
	char **to; /* recipients and the numbers of the groups, without repeats */
	size_t n_to;
	char *tpl, *on_failure, *source, *account;
	char **targets; /* forwarding rules (http, email) the outcome also goes to */
	size_t n_targets;
	char *schedule; /* as configured, for meter_report_same */
	unsigned decimals, max_segments;
	int missed;

	struct event *timer;
	int64_t next_at;   /* wall ms of the next run; 0 = none */
	bool running;
	size_t meter_idx;  /* the meter being read in a run */
	struct meter_poll *poll;
	struct meter_archive_fetch *archive; /* after a good reading: its records */
	struct meter_reading *rd;            /* that reading, while its records are fetched */
	struct sched_load *load;
};

/* The store's answer for a report's last run, an SMS queued: only logs. */
struct note_op {
	struct store_op op;
	char report[STORE_NAME_MAX];
};

struct queued_sms {
	char report[STORE_NAME_MAX];
	char meter[METER_NAME_MAX];
	char to[32];
};

static void run_next_meter(struct meter_report *rep);

/* The first slot strictly after t (wall ms); 0 if the schedule has none. */
static int64_t slot_after(const struct meter_report *rep, int64_t t)
{
	if (!rep->is_cron)
		return t + rep->interval_ms;
	int64_t s = cron_next(&rep->cron, t / 1000);
	return s < 0 ? 0 : s * 1000;
}

static void arm(struct meter_report *rep)
{
	if (!rep->next_at) {
		log_warn("meter.report_never report=%s note=\"the schedule has no next time\"",
			 rep->name);
		return;
	}
	int64_t wait = rep->next_at - broker_now_ms();
	if (wait < 0)
		wait = 0;
	if (wait > MAX_WAIT_MS)
		wait = MAX_WAIT_MS;
	struct timeval tv = {(time_t)(wait / 1000), (suseconds_t)(wait % 1000) * 1000};
	evtimer_add(rep->timer, &tv);
}

static void note_done(struct store_op *op)
{
	struct note_op *n = (struct note_op *)op;
	if (op->result != STORE_OK)
		log_error("meter.report_store_failed report=%s error=\"%s\"", n->report,
			  store_strerror(op->result));
	free(n);
}

static void record_run(struct meter_report *rep, int64_t at)
{
	struct note_op *n = calloc(1, sizeof *n);
	if (!n) {
		log_error("meter.report_store_failed report=%s error=\"out of memory\"", rep->name);
		return;
	}
	n->op.kind = STORE_OP_SCHEDULE_SET;
	n->op.at = at;
	n->op.cb = note_done;
	snprintf(n->op.name, sizeof n->op.name, "%s", rep->name);
	snprintf(n->report, sizeof n->report, "%s", rep->name);
	store_submit(rep->b->store, &n->op);
}

static void begin_run(struct meter_report *rep, const char *why)
{
	int64_t now = broker_now_ms();
	rep->next_at = slot_after(rep, now);
	if (rep->running) {
		log_warn("meter.report_overlap report=%s note=\"the previous run is still reading;"
			 " this one waits for the next slot\"", rep->name);
		arm(rep);
		return;
	}
	log_info("meter.report_run report=%s reason=%s meters=%zu recipients=%zu", rep->name, why,
		 rep->n_meters, rep->n_to);
	record_run(rep, now);
	rep->running = true;
	rep->meter_idx = 0;
	arm(rep);
	run_next_meter(rep);
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct meter_report *rep = arg;
	if (broker_now_ms() < rep->next_at) {
		arm(rep); /* woke early: a long wait in steps, or the clock moved back */
		return;
	}
	begin_run(rep, "schedule");
}

static void sms_queued(void *arg, int result, int64_t first_id, unsigned segments)
{
	struct queued_sms *q = arg;
	if (result == 0)
		log_info("meter.report_queued report=%s meter=%s to=%s id=%lld segments=%u", q->report,
			 q->meter, q->to, (long long)first_id, segments);
	else
		log_error("meter.report_queue_failed report=%s meter=%s to=%s error=\"%s\"", q->report,
			  q->meter, q->to, store_strerror(result));
	free(q);
}

/* Queues text to every recipient. */
static void send_text(struct meter_report *rep, const char *meter, const char *text)
{
	char origin[160];
	snprintf(origin, sizeof origin, "meter:%s/%s", rep->name, meter);
	for (size_t i = 0; i < rep->n_to; i++) {
		struct queued_sms *q = calloc(1, sizeof *q);
		if (!q) {
			log_error("meter.report_queue_failed report=%s error=\"out of memory\"", rep->name);
			return;
		}
		snprintf(q->report, sizeof q->report, "%s", rep->name);
		snprintf(q->meter, sizeof q->meter, "%s", meter);
		snprintf(q->to, sizeof q->to, "%s", rep->to[i]);
		struct outbound_text req = {
			.account = rep->account ? rep->account : "",
			.source = rep->source ? rep->source : "",
			.destination = rep->to[i],
			.text = text,
			.max_segments = rep->max_segments,
			.registered_delivery = rep->account ? 1 : 0,
			.origin = origin,
		};
		if (outbound_submit_text(rep->b, &req, sms_queued, q) != 0)
			free(q); /* refused and logged by outbound */
	}
}

/* Renders the text for the meter being read (rd NULL: its reading failed with result), sends it, moves on. */
static void meter_done(struct meter_report *rep, int result, const struct meter_reading *rd,
		       const struct meter_archive *arch)
{
	const char *meter = rep->meters[rep->meter_idx];
	char text[TEXT_MAX];
	int n = -1;
	struct meter_values v = {.meter = meter};
	if (result == 0) {
		v.reading = &rd->r;
		v.broker_time_ms = rd->broker_time_ms;
		for (int k = 0; arch && k < METER_RECORD_KINDS; k++)
			v.records[k] = arch->have[k] ? &arch->newest[k] : NULL;
		n = meter_template_render(rep->tpl, &v, rep->decimals, text, sizeof text);
	} else {
		log_error("meter.report_reading_failed report=%s meter=%s error=\"%s\"", rep->name,
			  meter, meter_strerror(result));
		v.broker_time_ms = broker_now_ms();
		v.error = meter_strerror(result);
		if (rep->on_failure)
			n = meter_template_render(rep->on_failure, &v, rep->decimals, text, sizeof text);
	}
	if (n >= 0)
		send_text(rep, meter, text);
	if (rep->n_targets)
		meter_report_forward(rep->b, rep->name, rep->targets, rep->n_targets, &v,
				     n >= 0 ? text : NULL);
	else if (result == 0 || rep->on_failure)
		log_error("meter.report_text_failed report=%s meter=%s error=\"longer than %d bytes\"",
			  rep->name, meter, TEXT_MAX - 1);
	rep->meter_idx++;
	run_next_meter(rep);
}

static void archive_cb(void *arg, const struct meter_archive *a)
{
	struct meter_report *rep = arg;
	rep->archive = NULL;
	struct meter_reading *rd = rep->rd;
	rep->rd = NULL;
	meter_done(rep, 0, rd, a);
	free(rd);
}

static void poll_cb(void *arg, int result, const struct meter_reading *rd)
{
	struct meter_report *rep = arg;
	const char *meter = rep->meters[rep->meter_idx];
	rep->poll = NULL;
	meter_set_reading_done(rep->set, meter, result, rd);
	const struct meter_entry *m = meter_set_find(rep->set, meter);
	if (result == 0 && m && m->archive_records) {
		/* The records since the last stored one, then the text with the newest of each kind. */
		rep->rd = malloc(sizeof *rep->rd);
		if (rep->rd) {
			*rep->rd = *rd;
			rep->archive = meter_archive_start(rep->b->base, m->line, rep->b->store, rep->rd,
							   m->archive_records, archive_cb, rep);
		}
		if (rep->archive)
			return;
		free(rep->rd);
		rep->rd = NULL;
		log_error("meter.archive_failed report=%s meter=%s error=\"out of memory\"", rep->name,
			  meter);
	}
	meter_done(rep, result, rd, NULL);
}

static void run_next_meter(struct meter_report *rep)
{
	while (rep->meter_idx < rep->n_meters) {
		const char *name = rep->meters[rep->meter_idx];
		const struct meter_entry *m = meter_set_find(rep->set, name);
		rep->poll = m ? meter_poll_start(m->line, m->name, m->address, poll_cb, rep) : NULL;
		if (rep->poll)
			return;
		log_error("meter.report_reading_failed report=%s meter=%s error=\"%s\"", rep->name, name,
			  m ? "out of memory" : "no such meter");
		rep->meter_idx++;
	}
	rep->running = false;
	log_info("meter.report_done report=%s", rep->name);
}

static void loaded_cb(struct store_op *op)
{
	struct sched_load *l = (struct sched_load *)op;
	struct meter_report *rep = l->rep;
	if (!rep) {
		free(l);
		return;
	}
	rep->load = NULL;
	int64_t now = broker_now_ms();
	if (op->result == STORE_ENOTFOUND || op->result != STORE_OK) {
		if (op->result != STORE_ENOTFOUND)
			log_error("meter.report_store_failed report=%s error=\"%s\"", rep->name,
				  store_strerror(op->result));
		rep->next_at = slot_after(rep, now);
	} else {
		int64_t due = slot_after(rep, op->at);
		if (due && due <= now && rep->missed == CONF_MISSED_RUN_ONCE) {
			log_info("meter.report_missed report=%s last_run=%lld policy=run_once",
				 rep->name, (long long)op->at);
			free(l);
			begin_run(rep, "missed");
			return;
		}
		if (due && due <= now)
			log_info("meter.report_missed report=%s last_run=%lld policy=skip", rep->name,
				 (long long)op->at);
		rep->next_at = due && due > now ? due : slot_after(rep, now);
	}
	free(l);
	log_info("meter.report_scheduled report=%s next_in_ms=%lld", rep->name,
		 (long long)(rep->next_at ? rep->next_at - now : -1));
	arm(rep);
}

void meter_report_start(struct meter_report *rep)
{
	struct sched_load *l = calloc(1, sizeof *l);
	if (!l) {
		rep->next_at = slot_after(rep, broker_now_ms());
		arm(rep);
		return;
	}
	l->rep = rep;
	l->op.kind = STORE_OP_SCHEDULE_GET;
	l->op.cb = loaded_cb;
	snprintf(l->op.name, sizeof l->op.name, "%s", rep->name);
	rep->load = l;
	store_submit(rep->b->store, &l->op);
}

/* Appends number to rep->to unless it is there. -1 on no memory. */
static int add_to(struct meter_report *rep, const char *number)
{
	for (size_t i = 0; i < rep->n_to; i++)
		if (strcmp(rep->to[i], number) == 0)
			return 0;
	char **grown = realloc(rep->to, (rep->n_to + 1) * sizeof *grown);
	if (!grown)
		return -1;
	rep->to = grown;
	if (!(rep->to[rep->n_to] = strdup(number)))
		return -1;
	rep->n_to++;
	return 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*oom = true;
	return d;
}

static int copy_conf(struct meter_report *rep, const struct conf *c, const struct conf_report *r)
{
	bool oom = false;
	rep->name = dup_or_null(r->name, &oom);
	rep->tpl = dup_or_null(r->template, &oom);
	rep->on_failure = dup_or_null(r->on_failure, &oom);
	rep->source = dup_or_null(r->source, &oom);
	rep->account = dup_or_null(r->account, &oom);
	rep->decimals = r->decimals;
	rep->max_segments = r->max_segments;
	rep->missed = r->missed;
	rep->interval_ms = r->interval_ms;
	rep->meters = calloc(r->n_meters + 1, sizeof *rep->meters);
	if (oom || !rep->meters)
		return -1;
	for (size_t i = 0; i < r->n_meters; i++, rep->n_meters++)
		if (!(rep->meters[i] = strdup(r->meters[i])))
			return -1;
	for (size_t i = 0; i < r->n_recipients; i++)
		if (add_to(rep, r->recipients[i]) != 0)
			return -1;
	rep->targets = calloc(r->n_targets + 1, sizeof *rep->targets);
	if (!rep->targets)
		return -1;
	for (size_t i = 0; i < r->n_targets; i++, rep->n_targets++)
		if (!(rep->targets[i] = strdup(r->targets[i])))
			return -1;
	for (size_t g = 0; g < r->n_groups; g++)
		for (size_t k = 0; k < c->n_phone_groups; k++) {
			const struct conf_phone_group *pg = &c->phone_groups[k];
			if (strcmp(pg->name, r->groups[g]) != 0)
				continue;
			for (size_t i = 0; i < pg->n_numbers; i++)
				if (add_to(rep, pg->numbers[i]) != 0)
					return -1;
		}
	return 0;
}

int meter_report_check(const struct conf_report *r, char *why, size_t why_len)
{
	struct cron_expr cron;
	if (r->schedule && cron_parse(r->schedule, &cron, why, why_len) != 0)
		return -1;
	if (meter_template_check(r->template, true, why, why_len) != 0 ||
	    (r->on_failure && meter_template_check(r->on_failure, false, why, why_len) != 0))
		return -1;
	return 0;
}

struct meter_report *meter_report_new(struct broker *b, struct meter_set *set,
				      const struct conf *c, const struct conf_report *r)
{
	struct meter_report *rep = calloc(1, sizeof *rep);
	char why[160] = "out of memory";
	if (!rep)
		goto fail;
	rep->b = b;
	rep->set = set;
	if (copy_conf(rep, c, r) != 0 || !(rep->timer = evtimer_new(b->base, timer_cb, rep)))
		goto fail;
	rep->is_cron = r->schedule != NULL;
	rep->schedule = r->schedule ? strdup(r->schedule) : NULL;
	if (r->schedule && !rep->schedule)
		goto fail;
	if (rep->is_cron && cron_parse(r->schedule, &rep->cron, why, sizeof why) != 0)
		goto fail;
	if (meter_report_check(r, why, sizeof why) != 0)
		goto fail;
	return rep;
fail:
	log_error("meter.report_invalid report=%s line=%d error=\"%s\"", r->name, r->line, why);
	meter_report_free(rep);
	return NULL;
}

void meter_report_free(struct meter_report *rep)
{
	if (!rep)
		return;
	if (rep->load)
		rep->load->rep = NULL; /* its callback frees it */
	meter_poll_cancel(rep->poll);
	meter_archive_cancel(rep->archive);
	free(rep->rd);
	if (rep->timer)
		event_free(rep->timer);
	for (size_t i = 0; i < rep->n_meters; i++)
		free(rep->meters[i]);
	for (size_t i = 0; i < rep->n_to; i++)
		free(rep->to[i]);
	for (size_t i = 0; i < rep->n_targets; i++)
		free(rep->targets[i]);
	free(rep->targets);
	free(rep->meters);
	free(rep->to);
	free(rep->name);
	free(rep->tpl);
	free(rep->schedule);
	free(rep->on_failure);
	free(rep->source);
	free(rep->account);
	free(rep);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_list(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

bool meter_report_same(const struct meter_report *a, const struct meter_report *b)
{
	return same_str(a->name, b->name) && same_str(a->schedule, b->schedule) &&
	       a->interval_ms == b->interval_ms && same_str(a->tpl, b->tpl) &&
	       same_str(a->on_failure, b->on_failure) && same_str(a->source, b->source) &&
	       same_str(a->account, b->account) && a->decimals == b->decimals &&
	       a->max_segments == b->max_segments && a->missed == b->missed &&
	       same_list(a->meters, a->n_meters, b->meters, b->n_meters) &&
	       same_list(a->to, a->n_to, b->to, b->n_to) &&
	       same_list(a->targets, a->n_targets, b->targets, b->n_targets);
}

void meter_report_move(struct meter_report *rep, struct meter_set *set)
{
	rep->set = set;
}

const char *meter_report_name(const struct meter_report *rep)
{
	return rep->name;
}

size_t meter_report_meters(const struct meter_report *rep, char *const **names)
{
	*names = rep->meters;
	return rep->n_meters;
}
