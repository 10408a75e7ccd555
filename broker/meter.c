/*
 * meter.c - the set of meters, lines and reports of the running daemon
 * (see meter.h), and storing readings. Lines are shared by port string:
 * the first meter on a port sets its baud rate, timeout, gap and retries.
 */
#include "meter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "log.h"
#include "meter_line.h"
#include "meter_poll.h"
#include "meter_report.h"
#include "meter_values.h"
#include "store.h"

struct meter_set {
	struct broker *b;
	struct meter_line **lines;
	size_t n_lines;
	struct meter_entry *meters;
	size_t n_meters;
	struct meter_report **reports;
	size_t n_reports;
};

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

void meter_set_store_reading(struct meter_set *set, const struct meter_reading *rd)
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
	snprintf(r->meter_time, sizeof r->meter_time, "%s", t.text);
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

const struct meter_entry *meter_set_find(const struct meter_set *set, const char *name)
{
	for (size_t i = 0; set && i < set->n_meters; i++)
		if (strcmp(set->meters[i].name, name) == 0)
			return &set->meters[i];
	return NULL;
}

/* The line for m's port, made on first use. */
static struct meter_line *line_for(struct meter_set *set, const struct conf *c, size_t upto,
				   const struct conf_meter *m)
{
	for (size_t i = 0; i < upto; i++)
		if (strcmp(c->meters[i].port, m->port) == 0)
			return set->meters[i].line;
	struct meter_line_options o = {
		.port = m->port, .baud = m->baud, .timeout_ms = m->timeout_ms,
		.gap_ms = m->gap_ms, .retries = m->retries,
	};
	struct meter_line *l = meter_line_new(set->b->base, &o);
	if (l)
		set->lines[set->n_lines++] = l;
	return l;
}

int meter_set_start(struct broker *b)
{
	const struct conf *c = b->conf;
	struct meter_set *set = calloc(1, sizeof *set);
	if (!set)
		return -1;
	b->meters = set;
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
		e->line = line_for(set, c, i, m);
		e->name = strdup(m->name);
		set->n_meters++;
		if (!e->line || !e->name) {
			log_error("meter.start_failed meter=%s port=%s", m->name, m->port);
			goto fail;
		}
	}
	for (size_t i = 0; i < c->n_reports; i++) {
		if (!c->reports[i].enabled)
			continue;
		struct meter_report *rep = meter_report_new(b, set, c, &c->reports[i]);
		if (!rep)
			goto fail;
		set->reports[set->n_reports++] = rep;
	}
	for (size_t i = 0; i < set->n_reports; i++)
		meter_report_start(set->reports[i]);
	if (c->n_meters)
		log_info("meters.started meters=%zu lines=%zu reports=%zu", set->n_meters,
			 set->n_lines, set->n_reports);
	return 0;
fail:
	meter_set_free(set);
	b->meters = NULL;
	return -1;
}

void meter_set_free(struct meter_set *set)
{
	if (!set)
		return;
	/* Reports first: their readings hold exchanges on the lines. */
	for (size_t i = 0; i < set->n_reports; i++)
		meter_report_free(set->reports[i]);
	for (size_t i = 0; i < set->n_lines; i++)
		meter_line_free(set->lines[i]);
	for (size_t i = 0; i < set->n_meters; i++)
		free(set->meters[i].name);
	free(set->reports);
	free(set->lines);
	free(set->meters);
	free(set);
}
