/*
 * meter_report_json.c - a report's JSON body (see meter_report_json.h).
 * The values come from meter_values_json / meter_values_record_json, the
 * same text stored with each reading, parsed back and put in place by
 * Jansson, so the quoting is not ours to get wrong.
 */
#include "meter_report_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fwd_template.h"

#define VALUES_JSON_MAX 8192

static const struct {
	const char *name, *unit;
} units[] = {
	{"energy_total", "MWh"}, {"energy", "MWh"},     {"volume", "m3"},     {"mass", "t"},
	{"t", "C"},              {"p", "MPa"},          {"flow_v", "m3/h"},   {"flow_m", "t/h"},
	{"flow_extra", "m3/h"},  {"powered_h", "h"},    {"normal_h", "h"},    {"err_gmin_h", "h"},
	{"err_gmax_h", "h"},     {"err_dt_h", "h"},     {"fault_h", "h"},
};

#define N_UNITS (sizeof units / sizeof units[0])

static const char *const kind_names[METER_RECORD_KINDS] = {"hourly", "daily", "monthly"};

const char *meter_report_unit(const char *name)
{
	static const char *const prefixes[] = {"hour_", "day_", "month_"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
			name += strlen(prefixes[i]);
			break;
		}
	for (size_t i = 0; i < N_UNITS; i++)
		if (strcmp(units[i].name, name) == 0)
			return units[i].unit;
	return NULL;
}

/* Text produced by one of our JSON writers, parsed; JSON null when there is none. */
static json_t *parsed(int len, const char *text)
{
	return len < 0 ? NULL : json_loadb(text, (size_t)len, 0, NULL);
}

static json_t *units_object(void)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < N_UNITS; i++)
		if (json_object_set_new(o, units[i].name, json_string(units[i].unit)) != 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *archive_object(const struct meter_values *v, char *buf)
{
	json_t *o = json_object();
	for (int k = 0; o && k < METER_RECORD_KINDS; k++) {
		json_t *rec = v->records[k]
				      ? parsed(meter_values_record_json(v->records[k], buf, VALUES_JSON_MAX), buf)
				      : json_null();
		if (!rec || json_object_set_new(o, kind_names[k], rec) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* A text value by name ("meter_time"), as JSON. */
static json_t *text_value(const struct meter_values *v, const char *name)
{
	struct meter_value x;
	return meter_value_get(v, name, 0, &x) == 0 ? json_string(x.text) : NULL;
}

char *meter_report_json(const char *report, const struct meter_values *v, const char *text)
{
	char *buf = malloc(VALUES_JSON_MAX);
	json_t *o = json_object();
	if (!buf || !o)
		goto fail;
	bool ok = v->reading != NULL;
	char when[32];
	fwd_template_time(v->broker_time_ms, when, sizeof when);
	/* One scratch buffer, one writer at a time: each is parsed before the next. */
	json_t *values = ok ? parsed(meter_values_json(v, buf, VALUES_JSON_MAX), buf) : json_null();
	json_t *archive = ok ? archive_object(v, buf) : json_null();
	const struct {
		const char *key;
		json_t *val;
	} fields[] = {
		{"report", json_string(report)},
		{"meter", json_string(v->meter ? v->meter : "")},
		{"ok", json_boolean(ok)},
		{"error", ok ? json_null() : json_string(v->error ? v->error : "")},
		{"serial", ok ? json_integer(v->reading->config.serial_number) : json_null()},
		{"meter_time", ok ? text_value(v, "meter_time") : json_null()},
		{"broker_time", json_string(when)},
		{"values", values},
		{"units", units_object()},
		{"archive", archive},
		{"text", text ? json_string(text) : json_null()},
	};
	bool failed = false;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!fields[i].val || json_object_set_new(o, fields[i].key, fields[i].val) != 0)
			failed = true; /* set_new took (and freed) the value either way */
	char *out = failed ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	free(buf);
	return out;
fail:
	json_decref(o);
	free(buf);
	return NULL;
}
