/*
 * metrics.c - the broker's counters and histograms (see metrics.h), and
 * their Prometheus text form. Per-connector, per-meter, per-inbox and
 * per-modem rows live in small fixed tables: they are configured, so their
 * number is bounded; names beyond a table are counted under "other".
 */
#include "metrics.h"

#include <event2/buffer.h>
#include <stdio.h>
#include <string.h>

#include "connector.h"
#include "smpp_status.h"

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
	[METRIC_HTTP_AUTH_CACHE_HITS] = {"smsbroker_http_auth_cache_hits_total",
					 "HTTP logins with a hashed password accepted from the cache"},
	[METRIC_DISPATCH_THROTTLED] = {"smsbroker_dispatch_throttled_total",
				       "dispatch passes held back by a connector's throughput"},
	[METRIC_SUBMIT_THROTTLED] = {"smsbroker_submit_throttled_total",
				     "submit_sm answered ESME_RTHROTTLED (account throughput)"},
	[METRIC_SUBMIT_REJECTED] = {"smsbroker_submit_rejected_total",
				    "submit_sm answered with another error status"},
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

/* Counters by one name (a meter, an inbox): v[] as the writer labels them. */
#define NAMED_ROWS 64
struct named_row {
	char name[64];
	uint64_t v[4];
};
struct named_table {
	struct named_row rows[NAMED_ROWS + 1]; /* the last one is "other" */
	size_t n;
};

#define MODEM_ROWS 32
struct modem_row {
	char connector[STORE_CONNECTOR_MAX];
	char device[128];
	int rssi, creg, cereg;
	bool ready, present;
};

static uint64_t counters[METRIC__COUNT];
static struct named_table meters, inboxes;
static struct modem_row modems[MODEM_ROWS];
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

static struct named_row *named_row(struct named_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].name, name) == 0)
			return &t->rows[i];
	if (t->n < NAMED_ROWS) {
		struct named_row *r = &t->rows[t->n++];
		snprintf(r->name, sizeof r->name, "%s", name);
		return r;
	}
	struct named_row *other = &t->rows[NAMED_ROWS];
	snprintf(other->name, sizeof other->name, "other");
	return other;
}

void metrics_submit_refused(uint32_t smpp_status)
{
	metrics_count(smpp_status == SMPP_ESME_RTHROTTLED ? METRIC_SUBMIT_THROTTLED
							  : METRIC_SUBMIT_REJECTED, 1);
}

void metrics_meter_read(const char *meter, int result)
{
	named_row(&meters, meter)->v[result == 0 ? 0 : 1]++;
}

void metrics_pop3_poll(const char *inbox, enum metric_pop3_result result, unsigned sms)
{
	struct named_row *r = named_row(&inboxes, inbox);
	if (result <= METRIC_POP3_FAILED)
		r->v[result]++;
	r->v[3] += sms;
}

static struct modem_row *modem_row(const char *device, bool add)
{
	struct modem_row *free_row = NULL;
	for (size_t i = 0; i < MODEM_ROWS; i++) {
		if (modems[i].present && strcmp(modems[i].device, device) == 0)
			return &modems[i];
		if (!modems[i].present && !free_row)
			free_row = &modems[i];
	}
	return add ? free_row : NULL;
}

void metrics_modem(const char *connector, const char *device, int rssi, int creg, int cereg,
		   bool ready)
{
	struct modem_row *r = modem_row(device, true);
	if (!r)
		return; /* more modems than rows: the log has them */
	snprintf(r->connector, sizeof r->connector, "%s", connector);
	snprintf(r->device, sizeof r->device, "%s", device);
	r->rssi = rssi;
	r->creg = creg;
	r->cereg = cereg;
	r->ready = ready;
	r->present = true;
}

void metrics_modem_gone(const char *device)
{
	struct modem_row *r = modem_row(device, false);
	if (r)
		memset(r, 0, sizeof *r);
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

/* A label value as Prometheus wants it: backslash, quote and newline escaped. */
static const char *label(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	for (; *s && n + 3 < size; s++) {
		if (*s == '\\' || *s == '"' || *s == '\n')
			buf[n++] = '\\';
		buf[n++] = *s == '\n' ? 'n' : *s;
	}
	buf[n] = '\0';
	return buf;
}

static void write_named(struct evbuffer *out, const struct named_table *t, const char *name,
			const char *key, const char *help, const char *const *results, size_t n_results,
			size_t first)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	size_t rows = t->n + (t->rows[NAMED_ROWS].name[0] ? 1 : 0);
	for (size_t i = 0; i < rows; i++) {
		const struct named_row *r = i < t->n ? &t->rows[i] : &t->rows[NAMED_ROWS];
		char l[160];
		label(r->name, l, sizeof l);
		for (size_t k = 0; k < n_results; k++) {
			if (results[k])
				evbuffer_add_printf(out, "%s{%s=\"%s\",result=\"%s\"} %llu\n", name, key, l,
						    results[k], (unsigned long long)r->v[first + k]);
			else
				evbuffer_add_printf(out, "%s{%s=\"%s\"} %llu\n", name, key, l,
						    (unsigned long long)r->v[first + k]);
		}
	}
}

static void write_modems(struct evbuffer *out)
{
	static const char *const names[] = {"smsbroker_modem_signal_dbm", "smsbroker_modem_registration",
					    "smsbroker_modem_ready"};
	static const char *const helps[] = {
		"modem signal from +CSQ (-113 + 2 * rssi dBm; NaN unknown)",
		"modem network registration stat (+CREG, else +CEREG: 1 home, 5 roaming, 2 searching, 3 denied, 0 not; -1 unknown)",
		"1 when the modem is initialised, registered and takes messages"};
	for (size_t m = 0; m < 3; m++) {
		evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s gauge\n", names[m], helps[m], names[m]);
		for (size_t i = 0; i < MODEM_ROWS; i++) {
			const struct modem_row *r = &modems[i];
			if (!r->present)
				continue;
			char c[80], d[300];
			evbuffer_add_printf(out, "%s{connector=\"%s\",device=\"%s\"} ", names[m],
					    label(r->connector, c, sizeof c), label(r->device, d, sizeof d));
			if (m == 0 && (r->rssi < 0 || r->rssi > 31))
				evbuffer_add_printf(out, "NaN\n");
			else if (m == 0)
				evbuffer_add_printf(out, "%d\n", -113 + 2 * r->rssi);
			else if (m == 1)
				evbuffer_add_printf(out, "%d\n", r->creg >= 0 ? r->creg : r->cereg);
			else
				evbuffer_add_printf(out, "%d\n", r->ready ? 1 : 0);
		}
	}
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
	static const char *const read_results[] = {"ok", "error"};
	write_named(out, &meters, "smsbroker_meter_reads_total", "meter",
		    "meter readings by result (error: after the line's retries)", read_results, 2, 0);
	static const char *const poll_results[] = {"ok", "auth_failed", "failed"};
	write_named(out, &inboxes, "smsbroker_pop3_polls_total", "inbox", "POP3 polls by result",
		    poll_results, 3, 0);
	static const char *const no_result[] = {NULL};
	write_named(out, &inboxes, "smsbroker_pop3_sms_total", "inbox",
		    "SMS queued from emails (one per recipient)", no_result, 1, 3);
	write_modems(out);
}
