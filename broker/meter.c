/*
 * meter.c - the set of meters, lines and reports of the running daemon
 * (see meter.h): building it, each meter's status, storing readings, and
 * readings on demand. Lines are shared by port string: the first meter on
 * a port sets its baud rate, timeout, gap and retries.
 */
#include "meter.h"

#include <event2/event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "log.h"
#include "meter_internal.h"
#include "meter_line.h"
#include "meter_poll.h"
#include "meter_report.h"
#include "meter_rx.h"
#include "meter_values.h"
#include "store.h"

/* A reading on its way to the store: owns everything the op points to. */
struct reading_op {
	struct store_op op;
	struct store_meter_reading row;
	char meter[METER_NAME_MAX];
	char meter_time[64];
	uint8_t raw[TEM106_T2K_SIZE];
	char json[];
};

#define READING_JSON_MAX 8192

static void reading_stored(struct store_op *op)
{
	struct reading_op *r = (struct reading_op *)op;
	if (op->result != STORE_OK)
		log_error("meter.store_failed meter=%s error=\"%s\"", r->meter,
			  store_strerror(op->result));
	else
		log_debug("meter.stored meter=%s id=%lld", r->meter, (long long)r->row.id);
	free(r);
}

static void store_reading(struct meter_set *set, const struct meter_reading *rd)
{
	struct reading_op *r = calloc(1, sizeof *r + READING_JSON_MAX);
	if (!r) {
		log_error("meter.store_failed meter=%s error=\"out of memory\"", rd->meter);
		return;
	}
	struct meter_values v = {.meter = rd->meter, .reading = &rd->r,
				 .broker_time_ms = rd->broker_time_ms};
	struct meter_value t;
	if (meter_values_json(&v, r->json, READING_JSON_MAX) < 0 ||
	    meter_value_get(&v, "meter_time", 0, &t) != 0) {
		log_error("meter.store_failed meter=%s error=\"values do not fit\"", rd->meter);
		free(r);
		return;
	}
	snprintf(r->meter, sizeof r->meter, "%s", rd->meter);
	snprintf(r->meter_time, sizeof r->meter_time, "%.63s", t.text);
	size_t raw_len = rd->raw_len < sizeof r->raw ? rd->raw_len : sizeof r->raw;
	memcpy(r->raw, rd->t2k, raw_len);
	r->row = (struct store_meter_reading){
		.meter = r->meter, .serial = rd->r.config.serial_number, .kind = STORE_METER_CURRENT,
		.meter_time = r->meter_time, .broker_time = rd->broker_time_ms,
		.values_json = r->json, .raw = r->raw, .raw_len = (uint32_t)raw_len,
	};
	r->op.kind = STORE_OP_METER_READING_INSERT;
	r->op.reading = &r->row;
	r->op.cb = reading_stored;
	store_submit(set->b->store, &r->op);
}

static struct meter_entry *find(struct meter_set *set, const char *name)
{
	for (size_t i = 0; set && i < set->n_meters; i++)
		if (strcmp(set->meters[i].name, name) == 0)
			return &set->meters[i];
	return NULL;
}

const struct meter_entry *meter_set_find(const struct meter_set *set, const char *name)
{
	return find((struct meter_set *)set, name);
}

void meter_set_reading_done(struct meter_set *set, const char *meter, int result,
			    const struct meter_reading *rd)
{
	struct meter_entry *e = find(set, meter);
	if (e && result == 0) {
		if (!e->status.last)
			e->status.last = malloc(sizeof *e->status.last);
		if (e->status.last)
			*e->status.last = *rd;
		e->status.last_ok_ms = rd->broker_time_ms;
		e->status.reads++;
	} else if (e) {
		e->status.last_error_ms = broker_now_ms();
		snprintf(e->status.last_error, sizeof e->status.last_error, "%s",
			 meter_strerror(result));
		e->status.failures++;
	}
	if (result == 0)
		store_reading(set, rd);
}

/* ---- readings on demand ---- */

static void job_unlink(struct meter_read_job *j)
{
	struct meter_read_job **pp = &j->set->jobs;
	while (*pp && *pp != j)
		pp = &(*pp)->next;
	if (*pp)
		*pp = j->next;
}

void meter_read_job_close(struct meter_read_job *j)
{
	job_unlink(j);
	meter_poll_cancel(j->poll);
	j->cb(j->arg, METER_E_CLOSED, NULL);
	free(j);
}

static void job_polled(void *arg, int result, const struct meter_reading *rd)
{
	struct meter_read_job *j = arg;
	job_unlink(j); /* the poll frees itself after this callback */
	log_info("meter.read_on_demand meter=%s result=\"%s\"", j->meter,
		 result == 0 ? "ok" : meter_strerror(result));
	meter_set_reading_done(j->set, j->meter, result, rd);
	j->cb(j->arg, result, rd);
	free(j);
}

int meter_set_read(struct meter_set *set, const char *name, meter_read_fn cb, void *arg)
{
	const struct meter_entry *e = find(set, name);
	if (!e)
		return -1;
	struct meter_read_job *j = calloc(1, sizeof *j);
	if (!j)
		return METER_E_NOMEM;
	j->set = set;
	j->line = e->line;
	j->cb = cb;
	j->arg = arg;
	snprintf(j->meter, sizeof j->meter, "%s", e->name);
	j->poll = meter_poll_start(e->line, e->name, e->address, job_polled, j);
	if (!j->poll) {
		free(j);
		return METER_E_NOMEM;
	}
	j->next = set->jobs;
	set->jobs = j;
	return 0;
}

/* ---- building and freeing ---- */

/* The line for m's port: one made for an earlier meter of c, one of old's with the same settings, or a new one. */
static struct meter_line *line_for(struct meter_set *set, struct meter_set *old,
				   const struct conf_meter *m)
{
	for (size_t i = 0; i < set->n_lines; i++)
		if (strcmp(set->lines[i].o.port, m->port) == 0)
			return set->lines[i].line;
	struct line_slot *s = &set->lines[set->n_lines];
	s->o = (struct meter_line_options){
		.port = strdup(m->port), .baud = m->baud, .timeout_ms = m->timeout_ms,
		.gap_ms = m->gap_ms, .retries = m->retries,
	};
	if (!s->o.port)
		return NULL;
	for (size_t i = 0; old && i < old->n_lines; i++) {
		struct line_slot *o = &old->lines[i];
		if (o->line && strcmp(o->o.port, m->port) == 0 && o->o.baud == m->baud &&
		    o->o.timeout_ms == m->timeout_ms && o->o.gap_ms == m->gap_ms &&
		    o->o.retries == m->retries) {
			s->line = o->line;
			o->line = NULL; /* taken */
			break;
		}
	}
	if (!s->line)
		s->line = meter_line_new(set->b->base, &s->o);
	if (!s->line) {
		free((char *)s->o.port);
		return NULL;
	}
	set->n_lines++;
	return s->line;
}

struct meter_set *meter_set_build(struct broker *b, const struct conf *c, struct meter_set *old)
{
	struct meter_set *set = calloc(1, sizeof *set);
	if (!set)
		return NULL;
	set->b = b;
	set->lines = calloc(c->n_meters + 1, sizeof *set->lines);
	set->meters = calloc(c->n_meters + 1, sizeof *set->meters);
	set->reports = calloc(c->n_reports + 1, sizeof *set->reports);
	if (!set->lines || !set->meters || !set->reports)
		goto fail;
	for (size_t i = 0; i < c->n_meters; i++) {
		const struct conf_meter *m = &c->meters[i];
		struct meter_entry *e = &set->meters[i];
		e->address = (uint8_t)m->address;
		e->archive_records = m->archive_records;
		e->line = line_for(set, old, m);
		e->name = strdup(m->name);
		set->n_meters++;
		if (!e->line || !e->name) {
			log_error("meter.start_failed meter=%s port=%s", m->name, m->port);
			goto fail;
		}
	}
	return set;
fail:
	meter_set_unbuild(set, old);
	return NULL;
}

void meter_set_unbuild(struct meter_set *set, struct meter_set *old)
{
	if (!set)
		return;
	for (size_t i = 0; old && i < set->n_lines; i++)
		for (size_t k = 0; k < old->n_lines; k++)
			if (!old->lines[k].line && strcmp(old->lines[k].o.port, set->lines[i].o.port) == 0) {
				old->lines[k].line = set->lines[i].line;
				set->lines[i].line = NULL;
				break;
			}
	meter_set_release(set);
}

int meter_set_start(struct broker *b)
{
	const struct conf *c = b->conf;
	struct meter_set *set = meter_set_build(b, c, NULL);
	if (!set)
		return -1;
	b->meters = set;
	for (size_t i = 0; i < c->n_reports; i++) {
		if (!c->reports[i].enabled)
			continue;
		struct meter_report *rep = meter_report_new(b, set, c, &c->reports[i]);
		if (!rep) {
			meter_set_free(set);
			b->meters = NULL;
			return -1;
		}
		set->reports[set->n_reports++] = rep;
	}
	for (size_t i = 0; i < set->n_reports; i++)
		meter_report_start(set->reports[i]);
	if (c->n_meters)
		log_info("meters.started meters=%zu lines=%zu reports=%zu", set->n_meters,
			 set->n_lines, set->n_reports);
	return 0;
}

void meter_set_release(struct meter_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n_lines; i++) {
		meter_line_free(set->lines[i].line);
		free((char *)set->lines[i].o.port);
	}
	for (size_t i = 0; i < set->n_meters; i++) {
		free(set->meters[i].name);
		free(set->meters[i].status.last);
	}
	free(set->reports);
	free(set->lines);
	free(set->meters);
	free(set);
}

void meter_set_free(struct meter_set *set)
{
	if (!set)
		return;
	/* Reports and jobs first: their readings hold exchanges on the lines. */
	for (size_t i = 0; i < set->n_reports; i++)
		meter_report_free(set->reports[i]);
	while (set->jobs)
		meter_read_job_close(set->jobs);
	meter_set_release(set);
}
