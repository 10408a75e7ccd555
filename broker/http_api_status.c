/*
 * http_api_status.c - the JSON API's status views (method "status") and
 * the lockout list (method "lockouts"):
 *   GET    /api/v1/sessions             bound and connected ESMEs
 *   GET    /api/v1/connectors           configured next hops, with who is bound for local ones
 *   GET    /api/v1/queues               messages waiting by state, in flight, store figures
 *   GET    /api/v1/meters               configured meters: last reading (values), last error, counts
 *   POST   /api/v1/meters/{name}/read   read the meter now; the decoded values (after the reading)
 *   GET    /api/v1/inboxes              configured POP3 inboxes: last poll, last error, counts
 *   POST   /api/v1/inboxes/{name}/poll  poll the inbox now (202: started; its result in the list)
 *   GET    /api/v1/lockouts             addresses blocked after failed logins (SMPP or HTTP)
 *   DELETE /api/v1/lockouts             lift every block (the seed's "ipunblock")
 *   DELETE /api/v1/lockouts/{address}   lift one ("ipunblock 192.168.1.2")
 */
#include <arpa/inet.h>
#include <event2/http.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "dispatch.h"
#include "http_internal.h"
#include "http_server.h"
#include "lockout.h"
#include "log.h"
#include "meter.h"
#include "meter_poll.h"
#include "meter_rx.h"
#include "meter_values.h"
#include "pop3_poll.h"
#include "smpp_server_internal.h"
#include "status_map.h"
#include "store.h"

#define VALUES_JSON_MAX 8192

static json_t *sessions_json(struct smpp_server *srv)
{
	json_t *a = json_array();
	int64_t now = broker_mono_ms();
	for (const struct smpp_session *s = srv ? srv->sessions : NULL; s; s = s->next)
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s,s:I,s:i}", "id", (json_int_t)s->id,
						   "system_id", s->system_id, "peer", s->peer, "state",
						   sess_state_name(s->state), "connected_seconds",
						   (json_int_t)((now - s->opened_ms) / 1000), "window_used",
						   (int)s->n_out));
	return a;
}

static json_t *connectors_json(struct broker *b)
{
	json_t *a = json_array();
	const struct conf *c = b->conf;
	for (size_t i = 0; i < c->n_connectors; i++) {
		const struct conf_connector *k = &c->connectors[i];
		json_t *o = json_pack("{s:s,s:s,s:i}", "name", k->name, "type",
				      k->type == CONF_CONN_LOCAL ? "local" : "smpp", "throughput",
				      (int)k->throughput);
		if (k->type == CONF_CONN_LOCAL && k->account) {
			json_object_set_new(o, "account", json_string(k->account));
			unsigned bound = b->smpp ? smpp_server_bound_count(b->smpp, k->account) : 0;
			json_object_set_new(o, "bound_sessions", json_integer(bound));
			json_object_set_new(o, "up", json_boolean(bound > 0));
		}
		json_array_append_new(a, o);
	}
	return a;
}

struct queues_op {
	struct store_op op;
	struct http_req *r;
	struct store_totals totals;
};

static void queues_done(struct store_op *op)
{
	struct queues_op *q = op->arg;
	struct http_req *r = q->r;
	if (op->result != STORE_OK) {
		http_reply_error(r, status_http_from_store(op->result), store_strerror(op->result));
		free(q);
		return;
	}
	struct broker *b = r->srv->b;
	struct store_stats st;
	store_get_stats(b->store, &st);
	json_t *waiting = json_object();
	static const int states[] = {STORE_ST_ACCEPTED, STORE_ST_SCHEDULED, STORE_ST_QUEUED,
				     STORE_ST_DISPATCHING, STORE_ST_SENT};
	static const char *const dirs[] = {"mt", "mo", "dr"};
	for (int d = 0; d < 3; d++) {
		json_t *by = json_object();
		for (size_t i = 0; i < sizeof states / sizeof *states; i++)
			json_object_set_new(by, store_state_name(states[i]),
					    json_integer(q->totals.by[d][states[i]]));
		json_object_set_new(waiting, dirs[d], by);
	}
	http_reply_json(r, 200, json_pack("{s:o,s:I,s:{s:I,s:I,s:I,s:I,s:I}}", "waiting", waiting,
					  "dispatch_in_flight", (json_int_t)dispatcher_in_flight(b->dispatcher),
					  "store", "pending_ops", (json_int_t)store_pending(b->store),
					  "ops", (json_int_t)st.ops, "transactions", (json_int_t)st.transactions,
					  "failed_transactions", (json_int_t)st.failed_transactions,
					  "last_batch", (json_int_t)st.last_batch));
	free(q);
}

static void addr_text(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, buf, (socklen_t)size);
	else
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, buf, (socklen_t)size);
}

struct lock_list {
	json_t *a;
	int64_t now;
};

static void add_blocked(void *arg, const struct sockaddr_storage *ss, int64_t until)
{
	struct lock_list *l = arg;
	char text[INET6_ADDRSTRLEN];
	addr_text(ss, text, sizeof text);
	json_array_append_new(l->a, json_pack("{s:s,s:I}", "address", text, "seconds_left",
					      (json_int_t)((until - l->now + 999) / 1000)));
}

static void lockouts(struct http_req *r, const char *addr)
{
	struct lockout *lo = http_lockout(r->srv);
	int64_t now = broker_mono_ms();
	if (!lo) {
		http_reply_error(r, 503, "the lockout table is not available");
		return;
	}
	if (r->method == EVHTTP_REQ_GET && !addr) {
		struct lock_list l = {json_array(), now};
		lockout_each_blocked(lo, now, add_blocked, &l);
		http_reply_json(r, 200, json_pack("{s:o}", "blocked", l.a));
		return;
	}
	if (r->method != EVHTTP_REQ_DELETE) {
		http_reply_error(r, 405, addr ? "use DELETE" : "use GET or DELETE");
		return;
	}
	if (!addr) {
		size_t n = lockout_clear_all(lo, now);
		log_info("http.unblock user=%s all=1 lifted=%zu", r->user, n);
		http_reply_json(r, 200, json_pack("{s:I}", "unblocked", (json_int_t)n));
		return;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		ss.ss_family = AF_INET;
	} else if (inet_pton(AF_INET6, addr, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		ss.ss_family = AF_INET6;
	} else {
		http_reply_error(r, 400, "not an IPv4 or IPv6 address");
		return;
	}
	bool was = lockout_blocked(lo, (struct sockaddr *)&ss, now);
	lockout_clear(lo, (struct sockaddr *)&ss);
	log_info("http.unblock user=%s address=%s was_blocked=%d", r->user, addr, was);
	if (!was) {
		http_reply_error(r, 404, "this address is not blocked");
		return;
	}
	http_reply_json(r, 200, json_pack("{s:I}", "unblocked", (json_int_t)1));
}

/* A reading's values (meter_values.h names) as a JSON object; null if they do not fit. */
static json_t *values_json(const struct meter_reading *rd)
{
	struct meter_values v = {.meter = rd->meter, .reading = &rd->r,
				 .broker_time_ms = rd->broker_time_ms};
	char *text = malloc(VALUES_JSON_MAX);
	json_t *o = NULL;
	if (text && meter_values_json(&v, text, VALUES_JSON_MAX) >= 0)
		o = json_loads(text, 0, NULL);
	free(text);
	return o ? o : json_null();
}

static json_t *reading_json(const struct meter_reading *rd)
{
	return json_pack("{s:s,s:s,s:o,s:o}", "meter", rd->meter, "ident", rd->ident, "at",
			 http_time_json(rd->broker_time_ms), "values", values_json(rd));
}

static json_t *meters_json(struct broker *b)
{
	const struct conf *c = b->conf;
	json_t *a = json_array();
	for (size_t i = 0; i < c->n_meters; i++) {
		const struct conf_meter *m = &c->meters[i];
		const struct meter_entry *e = meter_set_find(b->meters, m->name);
		const struct meter_status *st = e ? &e->status : NULL;
		json_t *err = st && st->last_error_ms
				      ? json_pack("{s:o,s:s}", "at", http_time_json(st->last_error_ms),
						  "message", st->last_error)
				      : json_null();
		json_array_append_new(
			a, json_pack("{s:s,s:s,s:i,s:o,s:o,s:I,s:I}", "name", m->name, "port", m->port,
				     "address", (int)m->address, "last_reading",
				     st && st->last ? reading_json(st->last) : json_null(), "last_error",
				     err, "reads", (json_int_t)(st ? st->reads : 0), "failures",
				     (json_int_t)(st ? st->failures : 0)));
	}
	return a;
}

static json_t *inboxes_json(struct broker *b)
{
	const struct conf *c = b->conf;
	json_t *a = json_array();
	for (size_t i = 0; i < c->n_pop3; i++) {
		const struct conf_pop3 *p = &c->pop3[i];
		const struct pop3_status *st = pop3_poll_status(b->pop3, p->name);
		json_t *last = st && st->last_poll_ms
				       ? json_pack("{s:o,s:s,s:i,s:i,s:i,s:i,s:i,s:b}", "at",
						   http_time_json(st->last_poll_ms), "result",
						   st->last_rc ? st->last_error : "ok", "listed",
						   (int)st->listed, "read", (int)st->read, "sms",
						   (int)st->sms, "kept", (int)st->kept, "deleted",
						   (int)st->deleted, "more", st->more)
				       : json_null();
		json_t *err = st && st->last_error_ms
				      ? json_pack("{s:o,s:s,s:s}", "at", http_time_json(st->last_error_ms),
						  "message", st->last_error, "detail", st->detail)
				      : json_null();
		json_array_append_new(
			a, json_pack("{s:s,s:b,s:s,s:o,s:o,s:I,s:I}", "name", p->name, "enabled",
				     p->enabled, "host", p->host, "last_poll", last, "last_error", err,
				     "polls", (json_int_t)(st ? st->polls : 0), "failures",
				     (json_int_t)(st ? st->failures : 0)));
	}
	return a;
}

/* "<prefix><name><suffix>": the name into out (cap bytes). false if t is not that shape. */
static bool action_name(const char *t, const char *prefix, const char *suffix, char *out, size_t cap)
{
	size_t pl = strlen(prefix), sl = strlen(suffix), tl = strlen(t);
	if (tl <= pl + sl || strncmp(t, prefix, pl) != 0 || strcmp(t + tl - sl, suffix) != 0 ||
	    tl - pl - sl >= cap)
		return false;
	memcpy(out, t + pl, tl - pl - sl);
	out[tl - pl - sl] = '\0';
	return true;
}

static void meter_read_done(void *arg, int result, const struct meter_reading *rd)
{
	struct http_req *r = arg;
	if (result == 0) {
		http_reply_json(r, 200, reading_json(rd));
		return;
	}
	char why[160];
	snprintf(why, sizeof why, "the meter did not answer: %s", meter_strerror(result));
	/* Our next hop failed us: 504 when it stayed silent, 502 for a bad answer, 503 when stopping. */
	http_reply_error(r, result == METER_E_TIMEOUT ? 504 : result == METER_E_CLOSED ? 503 : 502, why);
}

static void meter_action(struct http_req *r, const char *t)
{
	char name[80];
	if (!action_name(t, "meters/", "/read", name, sizeof name) || !meter_set_find(r->srv->b->meters, name)) {
		http_reply_error(r, 404, "no such meter");
		return;
	}
	log_info("http.meter_read user=%s meter=%s", r->user, name);
	int rc = meter_set_read(r->srv->b->meters, name, meter_read_done, r);
	if (rc != 0)
		http_reply_error(r, rc == -1 ? 404 : 500, rc == -1 ? "no such meter" : "out of memory");
}

static void inbox_action(struct http_req *r, const char *t)
{
	struct broker *b = r->srv->b;
	char name[80];
	bool named = action_name(t, "inboxes/", "/poll", name, sizeof name);
	const struct conf_pop3 *p = NULL;
	for (size_t i = 0; named && i < b->conf->n_pop3; i++)
		if (strcmp(b->conf->pop3[i].name, name) == 0)
			p = &b->conf->pop3[i];
	if (!p) {
		http_reply_error(r, 404, "no such inbox");
		return;
	}
	if (pop3_poll_now(b->pop3, name) != 0) {
		http_reply_error(r, 409, "this inbox is not polling (disabled, or added since the start:"
					 " pop3 changes need a restart)");
		return;
	}
	log_info("http.inbox_poll user=%s inbox=%s", r->user, name);
	const struct pop3_status *st = pop3_poll_status(b->pop3, name);
	http_reply_json(r, 202, json_pack("{s:s,s:b,s:I}", "inbox", name, "polling", 1, "polls",
					  (json_int_t)(st ? st->polls : 0)));
}

bool http_api_status_handle(struct http_req *r)
{
	const char *t = r->tail;
	struct broker *b = r->srv->b;
	r->style = HTTP_STYLE_JSON;
	if (strcmp(t, "lockouts") == 0 || strncmp(t, "lockouts/", 9) == 0) {
		if (http_auth(r, CONF_HTTP_LOCKOUTS) == 0)
			lockouts(r, t[8] == '/' ? t + 9 : NULL);
		return true;
	}
	bool get = r->method == EVHTTP_REQ_GET;
	bool meter_read = strncmp(t, "meters/", 7) == 0, inbox_poll = strncmp(t, "inboxes/", 8) == 0;
	if (strcmp(t, "sessions") && strcmp(t, "connectors") && strcmp(t, "queues") &&
	    strcmp(t, "meters") && strcmp(t, "inboxes") && !meter_read && !inbox_poll)
		return false;
	if (!get && !meter_read && !inbox_poll) {
		http_reply_error(r, 405, "use GET");
		return true;
	}
	if (http_auth(r, CONF_HTTP_STATUS) != 0)
		return true;
	if (meter_read || inbox_poll) {
		if (r->method != EVHTTP_REQ_POST)
			http_reply_error(r, 405, "use POST");
		else if (meter_read)
			meter_action(r, t);
		else
			inbox_action(r, t);
		return true;
	}
	if (strcmp(t, "sessions") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "sessions", sessions_json(b->smpp)));
	} else if (strcmp(t, "connectors") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "connectors", connectors_json(b)));
	} else if (strcmp(t, "meters") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "meters", meters_json(b)));
	} else if (strcmp(t, "inboxes") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "inboxes", inboxes_json(b)));
	} else {
		struct queues_op *q = calloc(1, sizeof *q);
		if (!q) {
			http_reply_error(r, 500, "out of memory");
			return true;
		}
		q->r = r;
		q->op.kind = STORE_OP_MSG_TOTALS;
		q->op.totals = &q->totals;
		q->op.cb = queues_done;
		q->op.arg = q;
		store_submit(b->store, &q->op);
	}
	return true;
}
