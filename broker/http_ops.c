/*
 * http_ops.c - for operators and orchestrators, without credentials:
 *   /healthz  the process answers
 *   /readyz   the store takes a write transaction (a STORE_OP_SYNC round
 *             trip), the listeners are open, the broker is not stopping;
 *             with each local connector's state (up = a receiver is bound)
 *   /metrics  Prometheus text: counters (metrics.c), messages by direction
 *             and state (a STORE_OP_MSG_TOTALS read), sessions, queues
 * Anything else outside /cgi-bin and /api/v1 is 404.
 */
#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "dispatch.h"
#include "http_internal.h"
#include "http_server.h"
#include "metrics.h"
#include "smpp_server_internal.h"
#include "store.h"

struct ops_op {
	struct store_op op;
	struct http_req *r;
	struct store_totals totals;
};

static void ready_done(struct store_op *op)
{
	struct ops_op *o = op->arg;
	struct http_req *r = o->r;
	struct broker *b = r->srv->b;
	bool store_ok = op->result == STORE_OK;
	json_t *conns = json_array();
	for (size_t i = 0; i < b->conf->n_connectors; i++) {
		const struct conf_connector *k = &b->conf->connectors[i];
		if (k->type != CONF_CONN_LOCAL || !k->account)
			continue;
		unsigned bound = b->smpp ? smpp_server_bound_count(b->smpp, k->account) : 0;
		json_array_append_new(conns, json_pack("{s:s,s:b}", "name", k->name, "up", bound > 0));
	}
	bool ready = store_ok && !b->stopping;
	http_reply_json(r, ready ? 200 : 503,
			json_pack("{s:s,s:s,s:b,s:b,s:o}", "status", ready ? "ready" : "not ready",
				  "store", store_ok ? "ok" : store_strerror(op->result), "listeners",
				  !b->stopping, "stopping", b->stopping != 0, "connectors", conns));
	free(o);
}

static void metric(struct evbuffer *out, const char *name, const char *type, const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void metrics_done(struct store_op *op)
{
	struct ops_op *o = op->arg;
	struct http_req *r = o->r;
	struct broker *b = r->srv->b;
	struct evbuffer *out = evhttp_request_get_output_buffer(r->req);
	metrics_write(out);
	if (op->result == STORE_OK) {
		static const char *const dirs[] = {"mt", "mo", "dr"};
		metric(out, "smsbroker_messages", "gauge", "stored messages by direction and state");
		for (int d = 0; d < 3; d++)
			for (int s = 0; s <= STORE_ST_CANCELLED; s++)
				evbuffer_add_printf(out, "smsbroker_messages{direction=\"%s\",state=\"%s\"} %lld\n",
						    dirs[d], store_state_name(s), (long long)o->totals.by[d][s]);
	}
	size_t by_state[SESS_CLOSED + 1] = {0};
	for (const struct smpp_session *s = b->smpp ? b->smpp->sessions : NULL; s; s = s->next)
		if (s->state <= SESS_CLOSED)
			by_state[s->state]++;
	metric(out, "smsbroker_smpp_sessions", "gauge", "SMPP sessions by state");
	for (int st = 0; st <= SESS_CLOSED; st++)
		evbuffer_add_printf(out, "smsbroker_smpp_sessions{state=\"%s\"} %zu\n",
				    sess_state_name((enum sess_state)st), by_state[st]);
	struct store_stats ss;
	store_get_stats(b->store, &ss);
	metric(out, "smsbroker_dispatch_in_flight", "gauge", "messages handed to connectors, unanswered");
	evbuffer_add_printf(out, "smsbroker_dispatch_in_flight %zu\n", dispatcher_in_flight(b->dispatcher));
	metric(out, "smsbroker_store_pending_ops", "gauge", "store operations queued, not yet committed");
	evbuffer_add_printf(out, "smsbroker_store_pending_ops %zu\n", store_pending(b->store));
	metric(out, "smsbroker_store_transactions_total", "counter", "store transactions committed or failed");
	evbuffer_add_printf(out, "smsbroker_store_transactions_total %llu\n",
			    (unsigned long long)ss.transactions);
	metric(out, "smsbroker_store_failed_transactions_total", "counter", "store transactions that failed");
	evbuffer_add_printf(out, "smsbroker_store_failed_transactions_total %llu\n",
			    (unsigned long long)ss.failed_transactions);
	metric(out, "smsbroker_http_open_connections", "gauge", "HTTP and HTTPS connections open");
	evbuffer_add_printf(out, "smsbroker_http_open_connections %zu\n", r->srv->n_conns);
	http_reply_body(r, 200, "text/plain; version=0.0.4; charset=utf-8");
	free(o);
}

static void store_round_trip(struct http_req *r, enum store_op_kind kind, store_cb cb)
{
	struct ops_op *o = calloc(1, sizeof *o);
	if (!o) {
		http_reply_error(r, 500, "out of memory");
		return;
	}
	o->r = r;
	o->op.kind = kind;
	o->op.totals = &o->totals;
	o->op.cb = cb;
	o->op.arg = o;
	store_submit(r->srv->b->store, &o->op);
}

void http_ops_handle(struct http_req *r)
{
	r->style = HTTP_STYLE_JSON;
	bool get = r->method == EVHTTP_REQ_GET || r->method == EVHTTP_REQ_HEAD;
	if (strcmp(r->path, "/healthz") == 0 && get) {
		http_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
	} else if (strcmp(r->path, "/readyz") == 0 && get) {
		store_round_trip(r, STORE_OP_SYNC, ready_done);
	} else if (strcmp(r->path, "/metrics") == 0 && get) {
		store_round_trip(r, STORE_OP_MSG_TOTALS, metrics_done);
	} else {
		http_reply_error(r, 404, "no such endpoint");
	}
}
