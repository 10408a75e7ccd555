/*
 * meter_values_record.c - the values of one TEM-106 archive record under
 * stable names (see meter_values.h): a field table shared by the report
 * templates ({hour_energy[1]}, {day_errors[2]}, ...) and the JSON stored
 * with each record.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "meter_values.h"

typedef void rec_getter(const struct tem106_record *r, unsigned i, struct meter_value *out);

struct rec_field {
	const char *name;
	unsigned count; /* 0: scalar; else indices 1..count */
	bool text;      /* a text value ("-" when the record is missing) */
	rec_getter *get;
};

static void num(struct meter_value *o, double x)
{
	o->kind = METER_V_NUMBER;
	o->number = x;
}

static void date_text(const struct tem106_datetime *t, struct meter_value *o)
{
	o->kind = METER_V_TEXT;
	meter_values_date_text(t, o->text, sizeof o->text);
}

static void g_period(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	(void)i;
	date_text(&r->period, o);
}
static void g_created(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	(void)i;
	date_text(&r->created, o);
}
static void g_energy_total(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	(void)i;
	num(o, r->totals.energy_total_mwh);
}
static void g_energy(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->totals.energy_mwh[i]);
}
static void g_volume(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->totals.volume_m3[i]);
}
static void g_mass(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->totals.mass_t[i]);
}
static void g_t(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->temperature_c[i]);
}
static void g_p(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->pressure_mpa[i]);
}
static void g_powered_h(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	(void)i;
	num(o, r->times.powered_s / 3600.0);
}
static void g_normal_h(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->times.normal_s[i] / 3600.0);
}
static void g_err_gmin_h(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->times.flow_below_min_s[i] / 3600.0);
}
static void g_err_gmax_h(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->times.flow_above_max_s[i] / 3600.0);
}
static void g_err_dt_h(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->times.dt_below_min_s[i] / 3600.0);
}
static void g_fault_h(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	num(o, r->times.fault_s[i] / 3600.0);
}
static void g_error_bits(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	o->kind = METER_V_INTEGER;
	o->integer = r->errors[i];
}
/* The names of the bits set, "G1 below min, power off"; "none" for 0. */
static void g_errors(const struct tem106_record *r, unsigned i, struct meter_value *o)
{
	o->kind = METER_V_TEXT;
	size_t off = 0;
	o->text[0] = '\0';
	for (unsigned bit = 1; bit <= 0x80; bit <<= 1) {
		if (!(r->errors[i] & bit))
			continue;
		int n = snprintf(o->text + off, sizeof o->text - off, "%s%s", off ? ", " : "",
				 tem106_error_bit_name(bit));
		if (n < 0 || (size_t)n >= sizeof o->text - off)
			break;
		off += (size_t)n;
	}
	if (!off)
		snprintf(o->text, sizeof o->text, "none");
}

static const struct rec_field fields[] = {
	{"period", 0, true, g_period},
	{"created", 0, true, g_created},
	{"energy_total", 0, false, g_energy_total},
	{"energy", TEM106_SYSTEMS, false, g_energy},
	{"volume", TEM106_SYSTEMS, false, g_volume},
	{"mass", TEM106_SYSTEMS, false, g_mass},
	{"t", TEM106_T_CHANNELS, false, g_t},
	{"p", TEM106_REC_P_CHANNELS, false, g_p},
	{"powered_h", 0, false, g_powered_h},
	{"normal_h", TEM106_SYSTEMS, false, g_normal_h},
	{"err_gmin_h", TEM106_SYSTEMS, false, g_err_gmin_h},
	{"err_gmax_h", TEM106_SYSTEMS, false, g_err_gmax_h},
	{"err_dt_h", TEM106_SYSTEMS, false, g_err_dt_h},
	{"fault_h", TEM106_SYSTEMS, false, g_fault_h},
	{"errors", TEM106_SYSTEMS, true, g_errors},
	{"error_bits", TEM106_SYSTEMS, false, g_error_bits},
};

#define N_FIELDS (sizeof fields / sizeof fields[0])

static const char *const prefixes[METER_RECORD_KINDS] = {"hour_", "day_", "month_"};

/* field of record r (NULL: not read) as meter_value_get() answers. */
static int field_value(const char *field, unsigned index, bool with_reading,
		       const struct tem106_record *r, struct meter_value *out)
{
	for (size_t f = 0; f < N_FIELDS; f++) {
		if (strcmp(fields[f].name, field) != 0)
			continue;
		if (index == 0 && fields[f].count)
			index = 1;
		if (index > fields[f].count)
			return -2;
		if (!with_reading)
			return -3;
		memset(out, 0, sizeof *out);
		if (r) {
			fields[f].get(r, index ? index - 1 : 0, out);
		} else if (fields[f].text) { /* not read (empty archive, failed read): "-" */
			out->kind = METER_V_TEXT;
			snprintf(out->text, sizeof out->text, "-");
		} else {
			num(out, NAN);
		}
		return 0;
	}
	return -1;
}

int meter_record_value_get(const struct meter_values *v, const char *name, unsigned index,
			   struct meter_value *out)
{
	for (int k = 0; k < METER_RECORD_KINDS; k++)
		if (strncmp(name, prefixes[k], strlen(prefixes[k])) == 0)
			return field_value(name + strlen(prefixes[k]), index, v && v->reading,
					   v ? v->records[k] : NULL, out);
	return -1;
}

int meter_values_record_json(const struct tem106_record *r, char *out, size_t cap)
{
	size_t off = 0;
	int n;
	if (cap < 2)
		return -1;
	out[off++] = '{';
	for (size_t f = 0; f < N_FIELDS; f++) {
		n = snprintf(out + off, cap - off, "%s\"%s\":%s", f ? "," : "", fields[f].name,
			     fields[f].count ? "[" : "");
		if (n < 0 || (size_t)n >= cap - off)
			return -1;
		off += (size_t)n;
		unsigned count = fields[f].count ? fields[f].count : 1;
		for (unsigned i = 1; i <= count; i++) {
			struct meter_value x;
			if (field_value(fields[f].name, fields[f].count ? i : 0, true, r, &x) != 0)
				return -1;
			if (i > 1 && off + 1 < cap)
				out[off++] = ',';
			n = meter_value_json(&x, out + off, cap - off);
			if (n < 0)
				return -1;
			off += (size_t)n;
		}
		if (fields[f].count) {
			if (off + 1 >= cap)
				return -1;
			out[off++] = ']';
		}
	}
	if (off + 2 > cap)
		return -1;
	out[off++] = '}';
	out[off] = '\0';
	return (int)off;
}
