/*
 * meter.h - the daemon's meters and meter reports (issue 9): the lines
 * (one per distinct port, shared by the meters on that RS-485 bus), the
 * meters on them with what is known of their last readings, the report
 * schedules, and readings on demand (the HTTP API). Built at start-up from
 * the configuration and copied out of it; a reload builds the set again
 * (meter_reload.c) and keeps the lines and reports whose settings did not
 * change.
 */
#ifndef SMSB_METER_H
#define SMSB_METER_H

#include <stdbool.h>
#include <stdint.h>

struct broker;
struct conf;
struct meter_set;
struct meter_line;
struct meter_reading;

/* What is known of a meter's readings since the broker started (loop thread). */
struct meter_status {
	int64_t last_ok_ms;            /* wall time of the last good reading; 0 = none */
	int64_t last_error_ms;         /* wall time of the last failed one; 0 = none */
	char last_error[80];           /* why it failed ("timeout") */
	uint64_t reads, failures;      /* good and failed readings */
	struct meter_reading *last;    /* the last good reading (owned), or NULL */
};

/* One configured meter, as reports and the API find it. */
struct meter_entry {
	char *name;
	uint8_t address;
	unsigned archive_records; /* records of each kind a report fetches at most (meter_archive.h) */
	struct meter_line *line;
	struct meter_status status;
};

/*
 * Builds b->meters from b->conf and starts every enabled report's
 * schedule. Returns 0, or -1 after logging why (a schedule or template the
 * broker cannot use, no memory). Nothing is opened until a meter is read.
 */
int meter_set_start(struct broker *b);

/*
 * Stops every schedule and reading under way and frees the set: readings
 * on demand get their callback with METER_E_CLOSED first; store operations
 * already submitted finish on their own. NULL is fine.
 */
void meter_set_free(struct meter_set *set);

/* The meter named name, or NULL. */
const struct meter_entry *meter_set_find(const struct meter_set *set, const char *name);

/*
 * A reading of meter ended (result 0 with rd, or an error): notes it in the
 * meter's status, and stores a good one (current values, with its JSON and
 * raw memory; a store failure is logged).
 */
void meter_set_reading_done(struct meter_set *set, const char *meter, int result,
			    const struct meter_reading *rd);

/* result 0 and the reading (valid during the call), or a negative enum meter_err / tem106_err. */
typedef void (*meter_read_fn)(void *arg, int result, const struct meter_reading *rd);

/*
 * Reads meter name now, on demand (behind whatever its line is doing),
 * notes and stores the reading like a report's, then calls cb once. Returns
 * 0 (cb will run, never from inside this call), -1 for no such meter, or
 * METER_E_NOMEM.
 */
int meter_set_read(struct meter_set *set, const char *name, meter_read_fn cb, void *arg);

/*
 * SIGHUP, before the new configuration is swapped in: can the meters and
 * reports of c be run (cron schedules, templates)? 0, or -1 after logging
 * each reason.
 */
int meter_set_check(const struct conf *c);

/*
 * SIGHUP, after b->conf was replaced: builds the set again. A line whose
 * port and settings are unchanged is kept (with the exchanges on it); so
 * is a report whose settings, recipients and meters are unchanged (with a
 * run under way); the others are stopped and started anew (a new report
 * looks up its last run, so nothing runs twice). Status is kept by meter
 * name. 0, or -1 when out of memory (the old set stays).
 */
int meter_set_reload(struct broker *b);

#endif
