/*
 * http_api_status.c - the JSON API's status views (method "status") and
 * the lockout list (method "lockouts"):
 *   GET    /api/v1/sessions             bound and connected ESMEs
 *   GET    /api/v1/connectors           configured next hops, with who is bound for local ones
 *   GET    /api/v1/queues               messages waiting by state, in flight, store figures
 *   GET    /api/v1/meters               configured meters (last reading: hook for issue 9)
 *   POST   /api/v1/meters/{name}/read   501 until the meter set offers an on-demand read
 *   GET    /api/v1/inboxes              configured POP3 inboxes (last poll: hook for issue 8)
 *   POST   /api/v1/inboxes/{name}/poll  501 until the poller offers an on-demand poll
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
#include "smpp_server_internal.h"
#include "status_map.h"
#include "store.h"

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

static json_t *meters_json(const struct conf *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n_meters; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:i,s:n}", "name", c->meters[i].name, "port",
						   c->meters[i].port, "address", (int)c->meters[i].address,
						   "last_reading"));
	return a;
}

static json_t *inboxes_json(const struct conf *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n_pop3; i++)
		json_array_append_new(a, json_pack("{s:s,s:b,s:s,s:n}", "name", c->pop3[i].name, "enabled",
						   c->pop3[i].enabled, "host", c->pop3[i].host, "last_poll"));
	return a;
}

/* "meters/<name>/read" or "inboxes/<name>/poll": is the name configured? */
static bool action_target(const char *tail, const char *prefix, const char *suffix, const struct conf *c)
{
	size_t pl = strlen(prefix), sl = strlen(suffix), tl = strlen(tail);
	if (tl <= pl + sl || strncmp(tail, prefix, pl) != 0 || strcmp(tail + tl - sl, suffix) != 0)
		return false;
	char name[80];
	size_t nl = tl - pl - sl;
	if (nl >= sizeof name)
		return false;
	memcpy(name, tail + pl, nl);
	name[nl] = '\0';
	if (strcmp(prefix, "meters/") == 0) {
		for (size_t i = 0; i < c->n_meters; i++)
			if (strcmp(c->meters[i].name, name) == 0)
				return true;
	} else {
		for (size_t i = 0; i < c->n_pop3; i++)
			if (strcmp(c->pop3[i].name, name) == 0)
				return true;
	}
	return false;
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
		else if (!action_target(t, meter_read ? "meters/" : "inboxes/", meter_read ? "/read" : "/poll", b->conf))
			http_reply_error(r, 404, meter_read ? "no such meter" : "no such inbox");
		else
			http_reply_error(r, 501, "an on-demand run is not offered by this build yet");
		return true;
	}
	if (strcmp(t, "sessions") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "sessions", sessions_json(b->smpp)));
	} else if (strcmp(t, "connectors") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "connectors", connectors_json(b)));
	} else if (strcmp(t, "meters") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "meters", meters_json(b->conf)));
	} else if (strcmp(t, "inboxes") == 0) {
		http_reply_json(r, 200, json_pack("{s:o}", "inboxes", inboxes_json(b->conf)));
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
