/*
 * cron.h - five-field cron expressions ("minute hour day month weekday")
 * and the next time one matches, on the local clock (TZ).
 *
 * Fields: "*", "N", "N-M", lists "a,b,c", steps "*\/S" and "N-M/S".
 * Ranges: minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7 (0 and
 * 7 are Sunday). As in Vixie cron, when both day and weekday are
 * restricted a time matches if either does. No names, no "@daily".
 * Pure: libc time functions only, no allocation.
 */
#ifndef SMSB_CRON_H
#define SMSB_CRON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cron_expr {
	uint64_t minutes; /* bit n: minute n */
	uint32_t hours;
	uint32_t days;    /* bit n: day n (1..31) */
	uint16_t months;  /* bit n: month n (1..12) */
	uint8_t weekdays; /* bit n: weekday n (0..6, Sunday 0) */
	bool day_any, weekday_any;
};

/* Parses text. 0, or -1 with a short reason in *why ("hour: 24 is out of range 0-23"). */
int cron_parse(const char *text, struct cron_expr *out, char *why, size_t why_len);

/*
 * The first matching minute strictly after after_s (Unix seconds), as Unix
 * seconds; -1 if none within five years (say "0 0 31 2 *"). A local time
 * skipped by a DST change runs at the first minute after the gap.
 */
int64_t cron_next(const struct cron_expr *c, int64_t after_s);

#endif
