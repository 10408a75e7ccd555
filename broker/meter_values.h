/*
 * meter_values.h - every value of a TEM-106 reading under a stable name,
 * for report templates, the JSON kept with each stored reading and the
 * `smsbroker meter read` output.
 *
 * Names (index in brackets, from 1; units fixed):
 *   meter (text: the configured name), serial, net_num, systems,
 *   meter_time (text "YYYY-MM-DD HH:MM:SS", the meter's clock),
 *   broker_time (text, local time of the reading),
 *   energy_total (MWh), energy[1..6] (MWh), volume[1..6] (m3), mass[1..6] (t),
 *   t[1..7] (C), p[1..7] (MPa), flow_v[1..6] (m3/h), flow_m[1..6] (t/h),
 *   flow_extra[1..2] (m3/h, flowmeters 7 and 8),
 *   powered_h (h), normal_h[1..6], err_gmin_h[1..6], err_gmax_h[1..6],
 *   err_dt_h[1..6], fault_h[1..6] (hours in each error state, per system),
 *   error (text: why a reading failed; empty for a good one).
 * The newest archive record of each kind read with the reading, under the
 * prefix hour_, day_ or month_ (meter_values_record.c):
 *   <p>period, <p>created (text "YYYY-MM-DD HH:MM:SS": the hour, day or
 *   reporting month the record covers, and when the meter wrote it),
 *   <p>energy_total, <p>energy[1..6], <p>volume[1..6], <p>mass[1..6],
 *   <p>t[1..7], <p>p[1..6], <p>powered_h, <p>normal_h[1..6],
 *   <p>err_gmin_h[1..6], <p>err_gmax_h[1..6], <p>err_dt_h[1..6],
 *   <p>fault_h[1..6] (as above, the record's own figures),
 *   <p>errors[1..6] (text: the names of the error bits set for that system
 *   in that period, "G1 below min, power off", or "none"),
 *   <p>error_bits[1..6] (the byte as an integer).
 * A record that was not read (empty archive, a failed read) prints "-".
 * A name without brackets on an indexed value means index 1.
 */
#ifndef SMSB_METER_VALUES_H
#define SMSB_METER_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tem106_reading.h"
#include "tem106_record.h"

#define METER_RECORD_KINDS 3 /* hourly, daily, monthly (enum tem106_archive_kind) */

/* What a template or JSON is rendered from. reading NULL: the reading failed. */
struct meter_values {
	const char *meter;
	const struct tem106_reading *reading;
	int64_t broker_time_ms;
	const char *error; /* NULL or "" for a good reading */
	/* the newest record of each kind read with it, by enum tem106_archive_kind; NULL = none */
	const struct tem106_record *records[METER_RECORD_KINDS];
};

enum meter_value_kind { METER_V_NUMBER, METER_V_INTEGER, METER_V_TEXT };

/* One value looked up by name and index: a number, an integer or text. */
struct meter_value {
	enum meter_value_kind kind;
	double number;
	int64_t integer;
	char text[160];
};

/*
 * Looks up name (with index 0 = none, else 1-based). Returns 0, -1 for an
 * unknown name, -2 for an index out of range, -3 when the value needs a
 * reading and v->reading is NULL.
 */
int meter_value_get(const struct meter_values *v, const char *name, unsigned index,
		    struct meter_value *out);

/* meter_value_get() for the hour_, day_ and month_ names alone (meter_values_record.c). */
int meter_record_value_get(const struct meter_values *v, const char *name, unsigned index,
			   struct meter_value *out);

/* Calls fn for each name of the current values (not the records') with its index count (0 = scalar), in table order. */
void meter_value_each(void (*fn)(const char *name, unsigned count, void *arg), void *arg);

/*
 * Writes every value of a good reading as one JSON object into out (cap
 * bytes): {"serial":21827345,"energy":[1234.565,...],...}; non-finite
 * numbers as null. Returns the length, or -1 if it does not fit.
 */
int meter_values_json(const struct meter_values *v, char *out, size_t cap);

/*
 * Writes the values of one archive record as a JSON object (the names
 * above without their prefix): {"period":"2016-03-02 13:00:00",
 * "energy":[...],"errors":["G1 below min, power off",...],...}. Returns
 * the length, or -1 if it does not fit.
 */
int meter_values_record_json(const struct tem106_record *r, char *out, size_t cap);

/* A meter date as "YYYY-MM-DD HH:MM:SS" into out (cap >= 20). */
void meter_values_date_text(const struct tem106_datetime *t, char *out, size_t cap);

/* One value as JSON (a number, null for a non-finite one, or a string). Length, or -1. */
int meter_value_json(const struct meter_value *x, char *out, size_t cap);

#endif
