/*
 * meter_poll.c - one reading of one meter as a chain of line exchanges
 * (see meter_poll.h): identify, 18 timer reads placed into a 2K image,
 * decode. Any failed exchange ends the poll with its reason.
 */
#include "meter_poll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "log.h"
#include "meter_line.h"
#include "meter_rx.h"
#include "metrics.h"
#include "tem106_plan.h"

struct meter_poll {
	struct meter_line *line;
	meter_poll_cb cb;
	void *arg;
	struct tem106_read plan[TEM106_READING_READS];
	size_t n_plan;
	size_t step; /* 0: identify; k: plan[k - 1] */
	int64_t started_ms;
	struct meter_reading rd;
};

static void done(struct meter_poll *p, int result)
{
	if (result == 0)
		log_info("meter.read meter=%s addr=%u serial=%u ms=%lld", p->rd.meter, p->rd.address,
			 p->rd.r.config.serial_number, (long long)(broker_mono_ms() - p->started_ms));
	else
		log_error("meter.read_failed meter=%s addr=%u step=%zu error=\"%s\"", p->rd.meter,
			  p->rd.address, p->step, meter_strerror(result));
	p->rd.broker_time_ms = broker_now_ms();
	metrics_meter_read(p->rd.meter, result);
	p->cb(p->arg, result, result == 0 ? &p->rd : NULL);
	free(p);
}

static void exchange_cb(void *arg, int result, const uint8_t *data, size_t n);

/* Queues the request of the current step. 0 or an error (nothing queued). */
static int next(struct meter_poll *p)
{
	uint8_t req[TEM106_MAX_FRAME];
	size_t len;
	struct tem106_expect exp;
	int rc;
	if (p->step == 0) {
		rc = tem106_build_identify(p->rd.address, req, sizeof req, &len, &exp);
	} else {
		const struct tem106_read *rd = &p->plan[p->step - 1];
		rc = tem106_build_read_t2k(p->rd.address, (uint16_t)rd->address, rd->length, req,
					   sizeof req, &len, &exp);
	}
	if (rc == 0)
		rc = meter_line_exchange(p->line, req, len, &exp, exchange_cb, p);
	return rc;
}

static void exchange_cb(void *arg, int result, const uint8_t *data, size_t n)
{
	struct meter_poll *p = arg;
	if (result != 0) {
		done(p, result);
		return;
	}
	int rc;
	if (p->step == 0) {
		rc = tem106_ident_copy(data, n, p->rd.ident, sizeof p->rd.ident);
	} else {
		const struct tem106_read *rd = &p->plan[p->step - 1];
		rc = tem106_plan_place(p->rd.t2k, sizeof p->rd.t2k, 0, rd, data, n);
		if (rc == 0 && rd->address + rd->length > p->rd.raw_len)
			p->rd.raw_len = rd->address + rd->length;
	}
	if (rc != 0) {
		done(p, rc);
		return;
	}
	if (p->step++ < p->n_plan) {
		if ((rc = next(p)) != 0)
			done(p, rc);
		return;
	}
	done(p, tem106_decode_reading(p->rd.t2k, sizeof p->rd.t2k, &p->rd.r));
}

struct meter_poll *meter_poll_start(struct meter_line *line, const char *meter, uint8_t address,
				    meter_poll_cb cb, void *arg)
{
	struct meter_poll *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->line = line;
	p->cb = cb;
	p->arg = arg;
	p->started_ms = broker_mono_ms();
	snprintf(p->rd.meter, sizeof p->rd.meter, "%s", meter);
	p->rd.address = address;
	if (tem106_plan_reading(p->plan, TEM106_READING_READS, &p->n_plan) != 0) {
		free(p);
		return NULL;
	}
	if (next(p) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

void meter_poll_cancel(struct meter_poll *p)
{
	if (!p)
		return;
	meter_line_cancel(p->line, p);
	free(p);
}
