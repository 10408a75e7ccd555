/*
 * meter_archive.h - fetching a meter's archive records after a reading:
 * for each kind (hourly, daily, reporting-date) the newest record first,
 * then older ones, each read (six 64-byte Flash reads), decoded and stored
 * (meter_readings, kind 1..3, keyed by the period it covers), until a
 * record that was stored before (the store's unique index says so), an
 * erased slot, or max records of that kind. So the records written since
 * the last stored one are fetched, each stored once, and a first fetch
 * never walks a whole ring.
 *
 * A fetch is one object, freed by this module after its callback. Store
 * operations it submitted outlive a cancel safely (they find it gone).
 */
#ifndef SMSB_METER_ARCHIVE_H
#define SMSB_METER_ARCHIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "meter_values.h"
#include "tem106_record.h"

struct event_base;
struct meter_line;
struct meter_reading;
struct store;
struct meter_archive_fetch;

/* What a fetch found. */
struct meter_archive {
	bool have[METER_RECORD_KINDS];                     /* the newest record of the kind was read */
	struct tem106_record newest[METER_RECORD_KINDS];
	unsigned stored[METER_RECORD_KINDS];               /* records new to the store */
	int error;                                          /* 0, or why the walk stopped early */
};

/* Called once, from the event loop; a valid during the call only. */
typedef void (*meter_archive_cb)(void *arg, const struct meter_archive *a);

/*
 * Starts fetching the records of the meter that produced rd (its address,
 * Flash layout and next-record pointers), on line, storing them in store.
 * max: records of each kind at most (>= 1). NULL when out of memory (cb is
 * then never called).
 */
struct meter_archive_fetch *meter_archive_start(struct event_base *base, struct meter_line *line,
						struct store *store, const struct meter_reading *rd,
						unsigned max, meter_archive_cb cb, void *arg);

/* Stops a fetch whose callback has not run; it never calls back. NULL is fine. */
void meter_archive_cancel(struct meter_archive_fetch *f);

#endif
