/*
 * metrics.h - counters and histograms for Prometheus (/metrics), kept in
 * one place so other files add one line where something happens. Loop
 * thread only: plain integers, no locks. Gauges (sessions, queue depths,
 * store figures) are read when scraped, not kept here.
 */
#ifndef SMSB_METRICS_H
#define SMSB_METRICS_H

#include <stdbool.h>
#include <stdint.h>

struct evbuffer;

enum metric_counter {
	METRIC_HTTP_REQUESTS,
	METRIC_HTTP_CONNECTIONS,
	METRIC_HTTP_TIMEOUTS,
	METRIC_HTTP_RATE_LIMITED,
	METRIC_HTTP_AUTH_FAILED,
	METRIC_HTTP_MESSAGES_SUBMITTED,
	METRIC_HTTP_AUTH_CACHE_HITS, /* logins with a hashed password taken from http_auth_cache */
	METRIC_DISPATCH_THROTTLED, /* a dispatch pass held back by a connector's throughput */
	METRIC_SUBMIT_THROTTLED,   /* submit_sm answered ESME_RTHROTTLED (account throughput) */
	METRIC_SUBMIT_REJECTED,    /* submit_sm answered with another error status */
	METRIC__COUNT
};

/* The result of one POP3 poll (metrics_pop3_poll). */
enum metric_pop3_result { METRIC_POP3_OK, METRIC_POP3_AUTH_FAILED, METRIC_POP3_FAILED };

void metrics_count(enum metric_counter m, uint64_t n);
/* One HTTP answer with this status code. */
void metrics_http_status(int code);
/* One dispatch attempt through connector ended with outcome (enum dispatch_outcome) after ms. */
void metrics_dispatch(const char *connector, int outcome, int64_t ms);
/* From receiving a message to its durable commit (HTTP send; hook for submit_sm). */
void metrics_submit_latency(int64_t ms);

/* A submit_sm (or data_sm, submit_multi) answered with error status: throttled or rejected. */
void metrics_submit_refused(uint32_t smpp_status);
/* One reading of meter ended (result 0 or an error). */
void metrics_meter_read(const char *meter, int result);
/* One poll of inbox ended; sms = messages queued by it. */
void metrics_pop3_poll(const char *inbox, enum metric_pop3_result result, unsigned sms);
/* A modem's health check: signal (+CSQ rssi, 99 unknown), registration (+CREG/+CEREG stat, -1 unknown), ready. */
void metrics_modem(const char *connector, const char *device, int rssi, int creg, int cereg,
		   bool ready);
/* The modem on device is gone (its connector freed): its gauges are no longer written. */
void metrics_modem_gone(const char *device);

/* Appends every counter and histogram in Prometheus text format (0.0.4). */
void metrics_write(struct evbuffer *out);

#endif
