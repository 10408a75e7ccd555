/*
 * metrics.c - the broker's counters and histograms (see metrics.h), and
 * their Prometheus text form. Per-connector rows live in a small fixed
 * table: connectors are configured, so their number is bounded; names
 * beyond the table are counted under "other".
 */
#include "metrics.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <string.h>

#include "connector.h"

#define CONN_ROWS 64
#define N_OUTCOMES 5

static const struct {
	const char *name, *help;
} counter_info[METRIC__COUNT] = {
	[METRIC_HTTP_REQUESTS] = {"smsbroker_http_requests_total", "HTTP requests received"},
	[METRIC_HTTP_CONNECTIONS] = {"smsbroker_http_connections_total", "HTTP connections accepted"},
	[METRIC_HTTP_TIMEOUTS] = {"smsbroker_http_timeouts_total",
				  "HTTP connections closed by http.request_timeout"},
	[METRIC_HTTP_RATE_LIMITED] = {"smsbroker_http_rate_limited_total",
				      "HTTP requests refused with 429 (http.rate_limit)"},
	[METRIC_HTTP_AUTH_FAILED] = {"smsbroker_http_auth_failures_total",
				     "HTTP requests with bad credentials or from a blocked address"},
	[METRIC_HTTP_MESSAGES_SUBMITTED] = {"smsbroker_http_messages_submitted_total",
					    "messages queued through the HTTP API (one per recipient)"},
	[METRIC_DISPATCH_THROTTLED] = {"smsbroker_dispatch_throttled_total",
				       "dispatch passes held back by a connector's throughput"},
	[METRIC_SUBMIT_REJECTED] = {"smsbroker_submit_rejected_total",
				    "submit_sm answered with an error status"},
};

static const char *const outcome_names[N_OUTCOMES] = {
	[DISPATCH_DELIVERED] = "delivered", [DISPATCH_SENT] = "sent",
	[DISPATCH_TEMPFAIL] = "tempfail",   [DISPATCH_PERMFAIL] = "permfail",
	[DISPATCH_NOTREADY] = "notready",
};

/* Histogram bounds in ms (Prometheus wants seconds: printed as such). */
static const int64_t bounds_ms[] = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
#define N_BOUNDS (sizeof bounds_ms / sizeof *bounds_ms)

struct histogram {
	uint64_t bucket[N_BOUNDS]; /* non-cumulative here; summed when written */
	uint64_t count;
	int64_t sum_ms;
};

struct conn_row {
	char name[STORE_CONNECTOR_MAX];
	uint64_t outcome[N_OUTCOMES];
	struct histogram latency;
};

static uint64_t counters[METRIC__COUNT];
static uint64_t http_status[6]; /* by class: 1xx .. 5xx */
static struct conn_row conns[CONN_ROWS + 1]; /* the last one is "other" */
static size_t n_conns;
static struct histogram submit_latency;

void metrics_count(enum metric_counter m, uint64_t n)
{
	if (m < METRIC__COUNT)
		counters[m] += n;
}

void metrics_http_status(int code)
{
	if (code >= 100 && code < 600)
		http_status[code / 100]++;
}

static void observe(struct histogram *h, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	for (size_t i = 0; i < N_BOUNDS; i++) {
		if (ms <= bounds_ms[i]) {
			h->bucket[i]++;
			break;
		}
	}
	h->count++;
	h->sum_ms += ms;
}

static struct conn_row *row_of(const char *connector)
{
	for (size_t i = 0; i < n_conns; i++)
		if (strcmp(conns[i].name, connector) == 0)
			return &conns[i];
	if (n_conns < CONN_ROWS) {
		struct conn_row *r = &conns[n_conns++];
		snprintf(r->name, sizeof r->name, "%s", connector);
		return r;
	}
	struct conn_row *other = &conns[CONN_ROWS];
	snprintf(other->name, sizeof other->name, "other");
	return other;
}

void metrics_dispatch(const char *connector, int outcome, int64_t ms)
{
	struct conn_row *r = row_of(connector && *connector ? connector : "none");
	if (outcome >= 0 && outcome < N_OUTCOMES)
		r->outcome[outcome]++;
	observe(&r->latency, ms);
}

void metrics_submit_latency(int64_t ms)
{
	observe(&submit_latency, ms);
}

static void write_histogram(struct evbuffer *out, const char *name, const char *labels,
			    const struct histogram *h)
{
	uint64_t cum = 0;
	const char *sep = labels[0] ? "," : "";
	for (size_t i = 0; i < N_BOUNDS; i++) {
		cum += h->bucket[i];
		evbuffer_add_printf(out, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep,
				    (double)bounds_ms[i] / 1000.0, (unsigned long long)cum);
	}
	evbuffer_add_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
			    (unsigned long long)h->count);
	char braces[96] = "";
	if (labels[0])
		snprintf(braces, sizeof braces, "{%s}", labels);
	evbuffer_add_printf(out, "%s_sum%s %.3f\n%s_count%s %llu\n", name, braces,
			    (double)h->sum_ms / 1000.0, name, braces, (unsigned long long)h->count);
}

void metrics_write(struct evbuffer *out)
{
	for (size_t i = 0; i < METRIC__COUNT; i++)
		evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
				    counter_info[i].name, counter_info[i].help, counter_info[i].name,
				    counter_info[i].name, (unsigned long long)counters[i]);
	evbuffer_add_printf(out, "# HELP smsbroker_http_responses_total HTTP answers by status class\n"
				 "# TYPE smsbroker_http_responses_total counter\n");
	for (int c = 1; c <= 5; c++)
		evbuffer_add_printf(out, "smsbroker_http_responses_total{code=\"%dxx\"} %llu\n", c,
				    (unsigned long long)http_status[c]);
	evbuffer_add_printf(out, "# HELP smsbroker_dispatch_total dispatch attempts by connector and outcome\n"
				 "# TYPE smsbroker_dispatch_total counter\n");
	size_t rows = n_conns + (conns[CONN_ROWS].name[0] ? 1 : 0);
	for (size_t i = 0; i < rows; i++) {
		const struct conn_row *r = i < n_conns ? &conns[i] : &conns[CONN_ROWS];
		for (int o = 0; o < N_OUTCOMES; o++)
			evbuffer_add_printf(out, "smsbroker_dispatch_total{connector=\"%s\",outcome=\"%s\"} %llu\n",
					    r->name, outcome_names[o], (unsigned long long)r->outcome[o]);
	}
	evbuffer_add_printf(out, "# HELP smsbroker_dispatch_seconds time from claim to a connector's answer\n"
				 "# TYPE smsbroker_dispatch_seconds histogram\n");
	for (size_t i = 0; i < rows; i++) {
		const struct conn_row *r = i < n_conns ? &conns[i] : &conns[CONN_ROWS];
		char labels[64];
		snprintf(labels, sizeof labels, "connector=\"%s\"", r->name);
		write_histogram(out, "smsbroker_dispatch_seconds", labels, &r->latency);
	}
	evbuffer_add_printf(out, "# HELP smsbroker_submit_seconds time from a message's arrival to its durable commit\n"
				 "# TYPE smsbroker_submit_seconds histogram\n");
	write_histogram(out, "smsbroker_submit_seconds", "", &submit_latency);
}
