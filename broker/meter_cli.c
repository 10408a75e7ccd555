/*
 * meter_cli.c - the `meter read` subcommand (see meter_cli.h): the same
 * line and poll code the daemon uses, driven by a private event loop.
 */
#include "meter_cli.h"

#include <event2/event.h>
#include <stdio.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "log.h"
#include "meter_line.h"
#include "meter_poll.h"
#include "meter_rx.h"
#include "meter_values.h"

struct cli_read {
	struct event_base *base;
	int result;
	struct meter_reading rd;
};

static void read_cb(void *arg, int result, const struct meter_reading *rd)
{
	struct cli_read *c = arg;
	c->result = result;
	if (rd)
		c->rd = *rd;
	event_base_loopbreak(c->base);
}

static void print_value(const char *name, unsigned count, void *arg)
{
	const struct meter_values *v = arg;
	for (unsigned i = count ? 1 : 0; i <= count; i++) {
		struct meter_value x;
		if (meter_value_get(v, name, i, &x) != 0 || strcmp(name, "error") == 0)
			continue;
		char label[48];
		if (count)
			snprintf(label, sizeof label, "%s[%u]", name, i);
		else
			snprintf(label, sizeof label, "%s", name);
		if (x.kind == METER_V_TEXT)
			printf("%s = %s\n", label, x.text);
		else if (x.kind == METER_V_INTEGER)
			printf("%s = %lld\n", label, (long long)x.integer);
		else
			printf("%s = %.6f\n", label, x.number);
	}
}

static const struct conf_meter *find_meter(const struct conf *c, const char *name)
{
	for (size_t i = 0; i < c->n_meters; i++)
		if (strcmp(c->meters[i].name, name) == 0)
			return &c->meters[i];
	return NULL;
}

int meter_cli_read(const char *config_path, const char *name)
{
	struct conf_errors errs = {0};
	struct conf *conf = conf_load(config_path, &errs);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.lines[i]);
	conf_errors_clear(&errs);
	if (!conf)
		return BROKER_EXIT_CONFIG;
	log_setup(conf->logging.level, false);
	int rc = BROKER_EXIT_INTERNAL;
	struct cli_read c = {.result = METER_E_CLOSED};
	struct meter_line *line = NULL;
	const struct conf_meter *m = find_meter(conf, name);
	if (!m) {
		fprintf(stderr, "smsbroker: no meter named '%s' in %s\n", name, config_path);
		rc = BROKER_EXIT_USAGE;
		goto out;
	}
	struct meter_line_options o = {
		.port = m->port, .baud = m->baud, .timeout_ms = m->timeout_ms,
		.gap_ms = m->gap_ms, .retries = m->retries,
	};
	if (!(c.base = event_base_new()) || !(line = meter_line_new(c.base, &o)) ||
	    !meter_poll_start(line, m->name, (uint8_t)m->address, read_cb, &c))
		goto out;
	event_base_dispatch(c.base);
	if (c.result != 0) {
		fprintf(stderr, "smsbroker: meter %s did not answer: %s\n", name,
			meter_strerror(c.result));
		rc = METER_CLI_EXIT_FAILED;
		goto out;
	}
	struct meter_values v = {.meter = name, .reading = &c.rd.r,
				 .broker_time_ms = c.rd.broker_time_ms};
	printf("ident = %s\n", c.rd.ident);
	meter_value_each(print_value, &v);
	rc = fflush(stdout) == 0 ? BROKER_EXIT_OK : BROKER_EXIT_INTERNAL;
out:
	meter_line_free(line);
	if (c.base)
		event_base_free(c.base);
	conf_free(conf);
	return rc;
}
