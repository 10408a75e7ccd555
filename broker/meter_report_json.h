/*
 * meter_report_json.h - the JSON body a meter report sends to its HTTP
 * targets (issue 9, docs/tem106.md "Reports to HTTP and email"): one
 * object with the report and meter names, whether the reading succeeded
 * (and why not), the serial number, the meter's and the broker's time,
 * every decoded value (meter_values_json), the unit of each value name,
 * the newest archive record of each kind read with it, and the rendered
 * text.
 *
 * Pure: no I/O, no logging; thread-safe.
 */
#ifndef SMSB_METER_REPORT_JSON_H
#define SMSB_METER_REPORT_JSON_H

#include "meter_values.h"

/*
 * The body for report's outcome v (v->reading NULL: the reading failed,
 * v->error says why) with text (the rendered template or on_failure text;
 * NULL = none). malloc'd, the caller frees it; NULL when out of memory.
 */
char *meter_report_json(const char *report, const struct meter_values *v, const char *text);

/* The unit of a value name ("MWh", "m3", "h", ...; the hour_/day_/month_ prefix allowed), or NULL. */
const char *meter_report_unit(const char *name);

#endif
