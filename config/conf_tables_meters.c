/*
 * conf_tables_meters.c - the schema of TEM-106 heat meters, phone groups
 * and scheduled meter reports (issue 9; phone groups are shared with
 * forwarding rules). The broker checks what needs its own code at start
 * (cron fields, template placeholders); the shape of each is checked here
 * so --check-config already catches most mistakes.
 *
 * All of them reload: SIGHUP builds the meters and reports again
 * (broker/meter_reload.c), keeping the lines and the schedules whose
 * settings did not change, so a schedule never fires twice or skips.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

/* ---- meters ---- */

static const struct conf_option meter_opts[] = {
	{.name = "name", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_meter, name), .min = 1, .max = 63,
	 .required = true, .help = "the meter's name, used by reports and `smsbroker meter read`; unique; required"},
	{.name = "port", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_meter, port), .min = 1,
	 .max = 512, .required = true, .unit = "device or tcp://host:port",
	 .help = "serial device (\"/dev/ttyUSB0\") or a serial-to-Ethernet converter (\"tcp://10.0.0.5:4001\"); meters on one port share the bus; required"},
	{.name = "baud", .reloadable = true, .type = CONF_T_UINT, .offset = OFF(conf_meter, baud), .min = 9600,
	 .max = 57600, .def = "9600", .unit = "bit/s",
	 .help = "9600, 19200, 38400 or 57600 (8N1, no flow control); serial only"},
	{.name = "address", .reloadable = true, .type = CONF_T_UINT, .offset = OFF(conf_meter, address), .min = 0,
	 .max = 255, .def = "1", .help = "the meter's network address on its bus"},
	{.name = "timeout", .reloadable = true, .type = CONF_T_DURATION, .offset = OFF(conf_meter, timeout_ms),
	 .min = 100, .max = MS_M, .def = "\"1s\"", .unit = "duration",
	 .help = "how long to wait for the first byte of an answer"},
	{.name = "retries", .reloadable = true, .type = CONF_T_UINT, .offset = OFF(conf_meter, retries), .min = 0,
	 .max = 10, .def = "2", .help = "sends of a request after the first, on a timeout or a bad answer"},
	{.name = "gap", .reloadable = true, .type = CONF_T_DURATION, .offset = OFF(conf_meter, gap_ms), .min = 10,
	 .max = 10 * MS_S, .def = "\"500ms\"", .unit = "duration",
	 .help = "a pause this long between bytes ends an answer (the protocol says 0.5 s)"},
	{.name = "archive_records", .reloadable = true, .type = CONF_T_UINT,
	 .offset = OFF(conf_meter, archive_records), .min = 0, .max = 1000, .def = "24",
	 .unit = "records",
	 .help = "archive records of each kind (hourly, daily, reporting date) a report's reading fetches at most, newest first down to the last one stored; 0 = none"},
};

static bool is_tcp_port(const char *p)
{
	if (strncmp(p, "tcp://", 6) != 0)
		return false;
	const char *colon = strrchr(p + 6, ':');
	if (!colon || colon == p + 6)
		return false;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	return colon[1] && !*end && port >= 1 && port <= 65535;
}

static void check_meter(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_meter *m = obj;
	if (m->port && m->port[0] != '/' && !is_tcp_port(m->port))
		conf_err_at(ctx, NULL, line,
			    "%s: port must be a device path (\"/dev/ttyUSB0\") or \"tcp://host:port\"",
			    path);
	if (m->baud != 9600 && m->baud != 19200 && m->baud != 38400 && m->baud != 57600)
		conf_err_at(ctx, NULL, line, "%s: baud %u is not one of 9600, 19200, 38400, 57600",
			    path, m->baud);
}

const struct conf_section conf_meter_section = {
	.name = "meters", .size = sizeof(struct conf_meter), .options = meter_opts,
	.n_options = N(meter_opts), .key = "name", .line_offset = OFF(conf_meter, line),
	.check = check_meter,
};

/* ---- phone groups ---- */

/* "+4917612345" or "017612345": an optional +, then 3..20 digits. */
static bool is_number(const char *s)
{
	size_t n = 0;
	if (*s == '+')
		s++;
	for (; *s; s++, n++)
		if (!isdigit((unsigned char)*s))
			return false;
	return n >= 3 && n <= 20;
}

static void check_numbers(char *const *v, size_t n, int line, const char *path,
			  const char *option, struct conf_ctx *ctx)
{
	for (size_t i = 0; i < n; i++) {
		char q[96];
		if (!is_number(v[i]))
			conf_err_at(ctx, NULL, line, "%s.%s: %s is not a phone number (+ and 3..20 digits)",
				    path, option, conf_quote(q, sizeof q, v[i]));
	}
}

static const struct conf_option phone_group_opts[] = {
	{.name = "name", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_phone_group, name), .min = 1,
	 .max = 63, .required = true, .help = "the group's name, used by reports and rules; unique; required"},
	{.name = "numbers", .reloadable = true, .type = CONF_T_STRLIST, .offset = OFF(conf_phone_group, numbers),
	 .count_offset = OFF(conf_phone_group, n_numbers), .min = 1, .max = 1000, .required = true,
	 .help = "phone numbers, international (\"+4917612345\") or national; required"},
};

static void check_phone_group(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_phone_group *g = obj;
	check_numbers(g->numbers, g->n_numbers, line, path, "numbers", ctx);
}

const struct conf_section conf_phone_group_section = {
	.name = "phone_groups", .size = sizeof(struct conf_phone_group), .options = phone_group_opts,
	.n_options = N(phone_group_opts), .key = "name", .line_offset = OFF(conf_phone_group, line),
	.check = check_phone_group,
};

/* ---- reports ---- */

static const struct conf_choice missed_choices[] = {
	{"run_once", CONF_MISSED_RUN_ONCE},
	{"skip", CONF_MISSED_SKIP},
	{NULL, 0},
};

static const struct conf_option report_opts[] = {
	{.name = "name", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_report, name), .min = 1, .max = 63,
	 .required = true, .help = "the report's name, for logs and the schedule's memory; unique; required"},
	{.name = "enabled", .reloadable = true, .type = CONF_T_BOOL, .offset = OFF(conf_report, enabled), .def = "true",
	 .help = "false keeps the report in the file without running it"},
	{.name = "meters", .reloadable = true, .type = CONF_T_STRLIST, .offset = OFF(conf_report, meters),
	 .count_offset = OFF(conf_report, n_meters), .min = 1, .max = 64, .ref = "meters",
	 .required = true, .help = "meters to read; one text per meter and recipient; required"},
	{.name = "schedule", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_report, schedule), .min = 9,
	 .max = 256, .unit = "cron",
	 .help = "cron \"minute hour day month weekday\" in local time, like \"0 8 * * 1\"; or interval"},
	{.name = "interval", .reloadable = true, .type = CONF_T_DURATION, .offset = OFF(conf_report, interval_ms),
	 .min = MS_S, .max = 366 * MS_D, .unit = "duration",
	 .help = "run every this long instead of a schedule, like \"1h\""},
	{.name = "recipients", .reloadable = true, .type = CONF_T_STRLIST, .offset = OFF(conf_report, recipients),
	 .count_offset = OFF(conf_report, n_recipients), .min = 0, .max = 1000, .def = "[]",
	 .help = "phone numbers the report goes to"},
	{.name = "groups", .reloadable = true, .type = CONF_T_STRLIST, .offset = OFF(conf_report, groups),
	 .count_offset = OFF(conf_report, n_groups), .min = 0, .max = 64, .def = "[]",
	 .ref = "phone_groups", .help = "phone groups the report goes to, besides recipients"},
	{.name = "template", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_report, template), .min = 1,
	 .max = 2000, .required = true,
	 .help = "the text, with placeholders like {energy_total:.3} or {t[1]} (docs/tem106.md); required"},
	{.name = "on_failure", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_report, on_failure),
	 .min = 1, .max = 2000,
	 .help = "text sent when a reading fails, like \"meter {meter} did not answer: {error}\"; unset = none"},
	{.name = "decimals", .reloadable = true, .type = CONF_T_UINT, .offset = OFF(conf_report, decimals), .min = 0,
	 .max = 9, .def = "2", .help = "decimal places of numbers whose placeholder gives none"},
	{.name = "missed", .reloadable = true, .type = CONF_T_ENUM, .offset = OFF(conf_report, missed),
	 .choices = missed_choices, .def = "\"run_once\"",
	 .help = "a run missed while the broker was stopped: run_once at start-up, or skip it"},
	{.name = "max_segments", .reloadable = true, .type = CONF_T_UINT, .offset = OFF(conf_report, max_segments),
	 .min = 1, .max = 255, .def = "5", .unit = "SMS parts",
	 .help = "longest text in parts; longer is cut at this many"},
	{.name = "source", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_report, source), .min = 1,
	 .max = 20, .help = "the sender address of the SMS; unset = none"},
	{.name = "account", .reloadable = true, .type = CONF_T_STRING, .offset = OFF(conf_report, account), .min = 1,
	 .max = 15, .ref = "accounts",
	 .help = "the account that gets the reports' delivery receipts; unset = none asked"},
	{.name = "targets", .reloadable = true, .type = CONF_T_STRLIST, .offset = OFF(conf_report, targets),
	 .count_offset = OFF(conf_report, n_targets), .min = 0, .max = 16, .def = "[]",
	 .ref = "forwarding",
	 .help = "forwarding rules of target http or email the report also goes to (JSON with every"
		 " value, or the text by email)"},
};

/* Five fields of digits, "*", ",", "-" and "/": the broker parses the rest. */
static bool cron_shaped(const char *s)
{
	int fields = 0;
	bool in = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			in = false;
			continue;
		}
		if (!isdigit((unsigned char)*s) && !strchr("*,-/", *s))
			return false;
		if (!in)
			fields++;
		in = true;
	}
	return fields == 5;
}

static void check_report(void *obj, int line, const char *path, struct conf_ctx *ctx)
{
	const struct conf_report *r = obj;
	if (!r->schedule == !r->interval_ms)
		conf_err_at(ctx, NULL, line, "%s: give exactly one of schedule and interval", path);
	if (r->schedule && !cron_shaped(r->schedule))
		conf_err_at(ctx, NULL, line,
			    "%s: schedule must be 5 cron fields \"minute hour day month weekday\""
			    " of digits, *, lists, ranges and steps", path);
	if (r->n_recipients == 0 && r->n_groups == 0 && r->n_targets == 0)
		conf_err_at(ctx, NULL, line, "%s: needs recipients, groups or targets", path);
	check_numbers(r->recipients, r->n_recipients, line, path, "recipients", ctx);
}

const struct conf_section conf_report_section = {
	.name = "reports", .size = sizeof(struct conf_report), .options = report_opts,
	.n_options = N(report_opts), .key = "name", .line_offset = OFF(conf_report, line),
	.check = check_report,
};
