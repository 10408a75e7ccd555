/*
 * metrics.h - counters and histograms for Prometheus (/metrics), kept in
 * one place so other files add one line where something happens. Loop
 * thread only: plain integers, no locks. Gauges (sessions, queue depths,
 * store figures) are read when scraped, not kept here.
 */
#ifndef SMSB_METRICS_H
#define SMSB_METRICS_H

#include <stdint.h>

struct evbuffer;

enum metric_counter {
	METRIC_HTTP_REQUESTS,
	METRIC_HTTP_CONNECTIONS,
	METRIC_HTTP_TIMEOUTS,
	METRIC_HTTP_RATE_LIMITED,
	METRIC_HTTP_AUTH_FAILED,
	METRIC_HTTP_MESSAGES_SUBMITTED,
	METRIC_DISPATCH_THROTTLED, /* hook: a connector over its throughput */
	METRIC_SUBMIT_REJECTED,    /* hook: submit_sm refused with an error status */
	METRIC__COUNT
};

void metrics_count(enum metric_counter m, uint64_t n);
/* One HTTP answer with this status code. */
void metrics_http_status(int code);
/* One dispatch attempt through connector ended with outcome (enum dispatch_outcome) after ms. */
void metrics_dispatch(const char *connector, int outcome, int64_t ms);
/* From receiving a message to its durable commit (HTTP send; hook for submit_sm). */
void metrics_submit_latency(int64_t ms);

/* Appends every counter and histogram in Prometheus text format (0.0.4). */
void metrics_write(struct evbuffer *out);

#endif
