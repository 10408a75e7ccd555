/*
 * meter_internal.h - what meter.c (the set, status, storing, readings on
 * demand) and meter_reload.c (SIGHUP) share: the set's insides.
 */
#ifndef SMSB_METER_INTERNAL_H
#define SMSB_METER_INTERNAL_H

#include <stddef.h>

#include "meter.h"
#include "meter_line.h"

struct meter_poll;
struct meter_report;

/* A line and the settings it was made with (the first meter on its port). */
struct line_slot {
	struct meter_line *line;
	struct meter_line_options o; /* o.port owned */
};

/* A reading on demand (meter_set_read), from start to its callback. */
struct meter_read_job {
	struct meter_read_job *next;
	struct meter_set *set;
	struct meter_line *line;
	struct meter_poll *poll;
	meter_read_fn cb;
	void *arg;
	char meter[64];
};

struct meter_set {
	struct broker *b;
	struct line_slot *lines;
	size_t n_lines;
	struct meter_entry *meters;
	size_t n_meters;
	struct meter_report **reports;
	size_t n_reports;
	struct meter_read_job *jobs;
};

/*
 * A set for c without reports: each line taken from old (NULL: none) when
 * its settings match (old's slot keeps its settings, its line becomes
 * NULL), else made. Status starts empty. NULL when out of memory (what was
 * taken from old is given back).
 */
struct meter_set *meter_set_build(struct broker *b, const struct conf *c, struct meter_set *old);

/* Undoes meter_set_build: the lines taken from old go back, the rest of set is freed. NULL is fine. */
void meter_set_unbuild(struct meter_set *set, struct meter_set *old);

/* Frees lines, meters and their status, and the set itself (not reports or jobs). */
void meter_set_release(struct meter_set *set);

/* Ends a job before its reading: cancels the poll, calls back with METER_E_CLOSED, frees it. */
void meter_read_job_close(struct meter_read_job *j);

#endif
