/*
 * meter_values.c - the name table over a decoded TEM-106 reading (see
 * meter_values.h): one row per name, each with its index count and getter.
 */
#include "meter_values.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef void getter_fn(const struct meter_values *v, unsigned i, struct meter_value *out);

struct value_row {
	const char *name;
	unsigned count; /* 0: scalar; else indices 1..count */
	bool needs_reading;
	getter_fn *get;
};

#define R(v) ((v)->reading)
#define CUR(v) (&R(v)->current)

static void num(struct meter_value *o, double x)
{
	o->kind = METER_V_NUMBER;
	o->number = x;
}

static void integer(struct meter_value *o, int64_t x)
{
	o->kind = METER_V_INTEGER;
	o->integer = x;
}

static void g_meter(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	o->kind = METER_V_TEXT;
	snprintf(o->text, sizeof o->text, "%s", v->meter ? v->meter : "");
}
static void g_error(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	o->kind = METER_V_TEXT;
	snprintf(o->text, sizeof o->text, "%s", v->error ? v->error : "");
}
static void g_broker_time(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	time_t t = (time_t)(v->broker_time_ms / 1000);
	struct tm tm;
	o->kind = METER_V_TEXT;
	if (!localtime_r(&t, &tm) || !strftime(o->text, sizeof o->text, "%Y-%m-%d %H:%M:%S", &tm))
		o->text[0] = '\0';
}
void meter_values_date_text(const struct tem106_datetime *t, char *out, size_t cap)
{
	snprintf(out, cap, "%04u-%02u-%02u %02u:%02u:%02u", t->year, t->month, t->day, t->hour,
		 t->minute, t->second);
}

static void g_meter_time(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	o->kind = METER_V_TEXT;
	meter_values_date_text(&CUR(v)->meter_time, o->text, sizeof o->text);
}
static void g_serial(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	integer(o, R(v)->config.serial_number);
}
static void g_net_num(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	integer(o, R(v)->config.net_num);
}
static void g_systems(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	integer(o, R(v)->config.systems);
}
static void g_energy_total(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	num(o, CUR(v)->totals.energy_total_mwh);
}
static void g_energy(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->totals.energy_mwh[i]);
}
static void g_volume(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->totals.volume_m3[i]);
}
static void g_mass(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->totals.mass_t[i]);
}
static void g_t(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->temperature_c[i]);
}
static void g_p(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->pressure_mpa[i]);
}
static void g_flow_v(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->volume_flow_m3h[i]);
}
static void g_flow_m(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->mass_flow_th[i]);
}
static void g_flow_extra(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->extra_volume_flow_m3h[i]);
}
static void g_powered_h(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	(void)i;
	num(o, CUR(v)->times.powered_s / 3600.0);
}
static void g_normal_h(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->times.normal_s[i] / 3600.0);
}
static void g_err_gmin_h(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->times.flow_below_min_s[i] / 3600.0);
}
static void g_err_gmax_h(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->times.flow_above_max_s[i] / 3600.0);
}
static void g_err_dt_h(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->times.dt_below_min_s[i] / 3600.0);
}
static void g_fault_h(const struct meter_values *v, unsigned i, struct meter_value *o)
{
	num(o, CUR(v)->times.fault_s[i] / 3600.0);
}

static const struct value_row rows[] = {
	{"meter", 0, false, g_meter},
	{"serial", 0, true, g_serial},
	{"net_num", 0, true, g_net_num},
	{"systems", 0, true, g_systems},
	{"meter_time", 0, true, g_meter_time},
	{"broker_time", 0, false, g_broker_time},
	{"energy_total", 0, true, g_energy_total},
	{"energy", TEM106_SYSTEMS, true, g_energy},
	{"volume", TEM106_SYSTEMS, true, g_volume},
	{"mass", TEM106_SYSTEMS, true, g_mass},
	{"t", TEM106_T_CHANNELS, true, g_t},
	{"p", TEM106_P_CHANNELS, true, g_p},
	{"flow_v", TEM106_SYSTEMS, true, g_flow_v},
	{"flow_m", TEM106_SYSTEMS, true, g_flow_m},
	{"flow_extra", TEM106_EXTRA_FLOW, true, g_flow_extra},
	{"powered_h", 0, true, g_powered_h},
	{"normal_h", TEM106_SYSTEMS, true, g_normal_h},
	{"err_gmin_h", TEM106_SYSTEMS, true, g_err_gmin_h},
	{"err_gmax_h", TEM106_SYSTEMS, true, g_err_gmax_h},
	{"err_dt_h", TEM106_SYSTEMS, true, g_err_dt_h},
	{"fault_h", TEM106_SYSTEMS, true, g_fault_h},
	{"error", 0, false, g_error},
};

#define N_ROWS (sizeof rows / sizeof rows[0])

int meter_value_get(const struct meter_values *v, const char *name, unsigned index,
		    struct meter_value *out)
{
	for (size_t r = 0; r < N_ROWS; r++) {
		if (strcmp(rows[r].name, name) != 0)
			continue;
		if (index == 0 && rows[r].count)
			index = 1;
		if (index > rows[r].count)
			return -2;
		if (rows[r].needs_reading && (!v || !v->reading))
			return -3;
		memset(out, 0, sizeof *out);
		if (v)
			rows[r].get(v, index ? index - 1 : 0, out);
		return 0;
	}
	return meter_record_value_get(v, name, index, out);
}

void meter_value_each(void (*fn)(const char *name, unsigned count, void *arg), void *arg)
{
	for (size_t r = 0; r < N_ROWS; r++)
		fn(rows[r].name, rows[r].count, arg);
}

/* Appends to out at *off; -1 once it no longer fits. */
static int put(char *out, size_t cap, size_t *off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int put(char *out, size_t cap, size_t *off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = *off < cap ? vsnprintf(out + *off, cap - *off, fmt, ap) : -1;
	va_end(ap);
	if (n < 0 || (size_t)n >= cap - *off)
		return -1;
	*off += (size_t)n;
	return 0;
}

static int put_value(char *out, size_t cap, size_t *off, const struct meter_value *x)
{
	if (x->kind == METER_V_INTEGER)
		return put(out, cap, off, "%lld", (long long)x->integer);
	if (x->kind == METER_V_NUMBER)
		return isfinite(x->number) ? put(out, cap, off, "%.17g", x->number)
					   : put(out, cap, off, "null");
	/* Text values are dates and names we made: quote and escape the few specials. */
	if (put(out, cap, off, "\"") < 0)
		return -1;
	for (const char *c = x->text; *c; c++)
		if ((*c == '"' || *c == '\\' ? put(out, cap, off, "\\%c", *c)
		     : (unsigned char)*c < 0x20 ? put(out, cap, off, "\\u%04x", (unsigned char)*c)
						: put(out, cap, off, "%c", *c)) < 0)
			return -1;
	return put(out, cap, off, "\"");
}

int meter_value_json(const struct meter_value *x, char *out, size_t cap)
{
	size_t off = 0;
	return put_value(out, cap, &off, x) < 0 ? -1 : (int)off;
}

int meter_values_json(const struct meter_values *v, char *out, size_t cap)
{
	size_t off = 0;
	if (put(out, cap, &off, "{") < 0)
		return -1;
	for (size_t r = 0; r < N_ROWS; r++) {
		if (strcmp(rows[r].name, "error") == 0)
			continue;
		if (put(out, cap, &off, "%s\"%s\":", r ? "," : "", rows[r].name) < 0)
			return -1;
		unsigned n = rows[r].count ? rows[r].count : 1;
		if (rows[r].count && put(out, cap, &off, "[") < 0)
			return -1;
		for (unsigned i = 1; i <= n; i++) {
			struct meter_value x;
			if (meter_value_get(v, rows[r].name, rows[r].count ? i : 0, &x) != 0 ||
			    (i > 1 && put(out, cap, &off, ",") < 0) || put_value(out, cap, &off, &x) < 0)
				return -1;
		}
		if (rows[r].count && put(out, cap, &off, "]") < 0)
			return -1;
	}
	if (put(out, cap, &off, "}") < 0)
		return -1;
	return (int)off;
}
