/*
 * meter.h - the daemon's meters and meter reports (issue 9): the lines
 * (one per distinct port, shared by the meters on that RS-485 bus), the
 * meters on them, and the report schedules, built once at start-up from
 * the configuration and copied out of it (a reload swaps the conf; meters
 * and reports apply after a restart, see conf_tables_meters.c).
 */
#ifndef SMSB_METER_H
#define SMSB_METER_H

#include <stdint.h>

struct broker;
struct meter_set;
struct meter_line;
struct meter_reading;

/* One configured meter, as reports find it. */
struct meter_entry {
	char *name;
	uint8_t address;
	struct meter_line *line;
};

/*
 * Builds b->meters from b->conf and starts every enabled report's
 * schedule. Returns 0, or -1 after logging why (a schedule or template the
 * broker cannot use, no memory). Nothing is opened until a meter is read.
 */
int meter_set_start(struct broker *b);

/*
 * Stops every schedule and reading under way and frees the set; store
 * operations already submitted finish on their own. NULL is fine.
 */
void meter_set_free(struct meter_set *set);

/* The meter named name, or NULL. */
const struct meter_entry *meter_set_find(const struct meter_set *set, const char *name);

/* Appends rd to the store (current values, with its JSON and raw memory); logs a failure. */
void meter_set_store_reading(struct meter_set *set, const struct meter_reading *rd);

#endif
