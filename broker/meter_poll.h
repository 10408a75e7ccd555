/*
 * meter_poll.h - reading one TEM-106 meter over its line: identification,
 * then the timer-memory reads of tem106_plan_reading(), then decoding.
 *
 * A poll is one object per reading, freed by this module right after its
 * callback. It never touches the store: the caller stores the reading
 * (meter_store.h) and builds reports from it.
 */
#ifndef SMSB_METER_POLL_H
#define SMSB_METER_POLL_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_frame.h"
#include "tem106_reading.h"

struct meter_line;
struct meter_poll;

#define METER_NAME_MAX 64

struct meter_reading {
	char meter[METER_NAME_MAX];
	uint8_t address;
	char ident[TEM106_MAX_DATA + 1]; /* the identification answer, "TEMC106" */
	struct tem106_reading r;
	int64_t broker_time_ms;           /* wall clock when the reading completed */
	uint8_t t2k[TEM106_T2K_SIZE];     /* timer memory as read (raw, for the store) */
	size_t raw_len;                   /* bytes of t2k that were read, from 0 */
};

/* result 0 and the reading (valid during the call), or a negative enum meter_err / tem106_err. */
typedef void (*meter_poll_cb)(void *arg, int result, const struct meter_reading *rd);

/*
 * Starts reading the meter at address on line; cb runs later, once. NULL
 * if out of memory (cb is then never called).
 */
struct meter_poll *meter_poll_start(struct meter_line *line, const char *meter, uint8_t address,
				    meter_poll_cb cb, void *arg);

/* Stops a poll whose callback has not run; it is freed and never calls back. */
void meter_poll_cancel(struct meter_poll *p);

#endif
