/*
 * http_api_msg.c - the JSON API's messages (docs/http-api.md, docs/openapi.yaml):
 *   POST   /api/v1/messages           send (recipients and/or groups)   sms_send
 *   GET    /api/v1/messages           list: filters, cursor pagination  sms_list
 *   GET    /api/v1/messages/totals    counts by direction and state     sms_total
 *   GET    /api/v1/messages/{id}      one, with parts, history, receipts sms_read
 *   DELETE /api/v1/messages/{id}                                        sms_delete
 * Bodies and answers are JSON (Jansson); times are RFC 3339 UTC strings.
 */
#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker.h"
#include "conf.h"
#include "http_internal.h"
#include "http_msgtext.h"
#include "http_send.h"
#include "sms_text.h"
#include "status_map.h"
#include "store.h"

static const char *const dir_names[] = {"mt", "mo", "dr"};

struct api_op {
	struct store_op op;
	struct http_req *r;
	struct store_list_filter filter;
	struct store_totals totals;
	char number[48], search[256];
};

/* "2030-01-02T03:04:05Z" (fraction allowed) or Unix seconds as a number; -1 if neither. */
static int64_t time_parse(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) > 0 ? json_integer_value(v) * 1000 : -1;
	if (!json_is_string(v))
		return -1;
	struct tm tm = {0};
	const char *s = json_string_value(v);
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return -1;
	int ms = 0;
	if (*end == '.') {
		int digits = 0;
		for (end++; *end >= '0' && *end <= '9'; end++, digits++)
			if (digits < 3)
				ms = ms * 10 + (*end - '0');
		while (digits > 0 && digits < 3) {
			ms *= 10;
			digits++;
		}
	}
	if (strcmp(end, "Z") != 0)
		return -1;
	return (int64_t)timegm(&tm) * 1000 + ms;
}

static const char *encoding_name(uint8_t data_coding)
{
	switch (data_coding) {
	case 0: case 1: return "gsm7";
	case 3: return "latin1";
	case 8: return "ucs2";
	}
	return "binary";
}

static json_t *msg_json(const struct store_msg *rows, size_t n)
{
	const struct store_msg *m = &rows[0];
	char *text = malloc(HTTP_MSGTEXT_MAX);
	if (text)
		http_msgtext(rows, n, text, HTTP_MSGTEXT_MAX);
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s?,s:s,s:i,s:i,s:o,s:o,s:o,s:o,s:I,s:s,s:s,s:i}",
			      "id", (json_int_t)m->id, "direction", m->direction < 3 ? dir_names[m->direction] : "?",
			      "state", store_state_name(m->state), "from", m->src_addr, "to", m->dst_addr,
			      "text", text, "encoding", encoding_name(m->data_coding),
			      "segments", (int)n, "priority", m->priority,
			      "created_at", http_time_json(m->created_at), "scheduled_at", http_time_json(m->schedule_at),
			      "expires_at", http_time_json(m->expire_at), "done_at", http_time_json(m->done_at),
			      "attempts", (json_int_t)m->attempts, "connector", m->connector,
			      "account", m->account, "error_code", (int)m->error_code);
	free(text);
	return j;
}

static json_t *msgs_json(const struct store_msg *rows, size_t n_rows)
{
	json_t *a = json_array();
	size_t i = 0;
	while (a && i < n_rows) {
		size_t k = i + 1;
		while (k < n_rows && rows[k].part_seq > 1)
			k++;
		json_array_append_new(a, msg_json(rows + i, k - i));
		i = k;
	}
	return a;
}

static struct api_op *api_op_new(struct http_req *r, enum store_op_kind kind, store_cb cb)
{
	struct api_op *c = calloc(1, sizeof *c);
	if (!c) {
		http_reply_error(r, 500, "out of memory");
		return NULL;
	}
	c->r = r;
	c->op.kind = kind;
	c->op.cb = cb;
	c->op.arg = c;
	return c;
}

/* Answers and frees c when its op failed; returns whether it did. */
static bool failed(struct api_op *c)
{
	if (c->op.result == STORE_OK)
		return false;
	int code = status_http_from_store(c->op.result);
	http_reply_error(c->r, code, code == 404 ? "no such message"
				  : code == 409 ? "the message is being sent; try again when it is done"
						: store_strerror(c->op.result));
	store_op_clear(&c->op);
	free(c);
	return true;
}

/* ---- list ---- */

static void list_done(struct store_op *op)
{
	struct api_op *c = op->arg;
	if (failed(c))
		return;
	json_t *body = json_pack("{s:o,s:I}", "messages", msgs_json(op->rows, op->n_rows), "count",
				 (json_int_t)op->count);
	if (body && op->id)
		json_object_set_new(body, "next_cursor", json_sprintf("%lld", (long long)op->id));
	else if (body)
		json_object_set_new(body, "next_cursor", json_null());
	http_reply_json(c->r, 200, body);
	store_op_clear(op);
	free(c);
}

static int enum_of(const char *v, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(v, names[i]) == 0)
			return i;
	return -2;
}

static int64_t param_int(struct http_req *r, const char *name, int64_t def, int64_t lo, int64_t hi,
			 bool *bad)
{
	const char *v = http_param(r, name);
	if (!v)
		return def;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (!*v || *end || x < lo || x > hi)
		*bad = true;
	return x;
}

static void api_list(struct http_req *r)
{
	struct api_op *c = api_op_new(r, STORE_OP_MSG_LIST, list_done);
	if (!c)
		return;
	unsigned max = r->srv->b->conf->http_opts.list_limit;
	bool bad = false;
	struct store_list_filter *f = &c->filter;
	f->direction = f->state = -1;
	const char *v;
	if ((v = http_param(r, "direction")) && (f->direction = enum_of(v, dir_names, 3)) < 0)
		bad = true;
	if ((v = http_param(r, "state"))) {
		const char *names[STORE_STATES] = {0};
		for (int i = 0; i <= STORE_ST_CANCELLED; i++)
			names[i] = store_state_name(i);
		if ((f->state = enum_of(v, names, STORE_STATES)) < 0)
			bad = true;
	}
	if ((v = http_param(r, "number"))) {
		snprintf(c->number, sizeof c->number, "%s", v[0] == '+' ? v + 1 : v);
		f->number = c->number;
	}
	if ((v = http_param(r, "q")) && *v) {
		snprintf(c->search, sizeof c->search, "%s", v);
		f->match = http_msgtext_match;
		f->match_arg = c->search;
	}
	f->limit = (unsigned)param_int(r, "limit", max, 1, max, &bad);
	f->before_id = param_int(r, "cursor", 0, 1, INT64_MAX, &bad);
	f->since = param_int(r, "since", 0, 0, INT64_MAX / 1000, &bad) * 1000;
	f->until = param_int(r, "until", 0, 0, INT64_MAX / 1000, &bad) * 1000;
	if (bad) {
		free(c);
		http_reply_error(r, 400, "bad filter: direction mt|mo|dr, state by name, limit 1..list_limit,"
					 " cursor from next_cursor, since/until Unix seconds");
		return;
	}
	c->op.list = f;
	store_submit(r->srv->b->store, &c->op);
}

/* ---- one message ---- */

static void detail_done(struct store_op *op)
{
	struct api_op *c = op->arg;
	if (failed(c))
		return;
	json_t *m = msg_json(op->rows, op->n_rows);
	json_t *parts = json_array(), *history = json_array(), *receipts = json_array();
	for (size_t i = 0; i < op->n_rows; i++)
		json_array_append_new(parts, json_pack("{s:I,s:i,s:s,s:s,s:o}", "id",
						       (json_int_t)op->rows[i].id, "seq",
						       op->rows[i].part_seq ? op->rows[i].part_seq : 1,
						       "state", store_state_name(op->rows[i].state),
						       "remote_id", op->rows[i].remote_id, "updated_at",
						       http_time_json(op->rows[i].updated_at)));
	for (size_t i = 0; i < op->n_events; i++)
		json_array_append_new(history, json_pack("{s:o,s:s,s:i}", "at", http_time_json(op->events[i].at),
							 "state", store_state_name(op->events[i].state),
							 "error_code", (int)op->events[i].error_code));
	for (size_t i = 0; i < op->n_receipts; i++)
		json_array_append_new(receipts, msg_json(&op->receipts[i], 1));
	json_object_set_new(m, "parts", parts);
	json_object_set_new(m, "history", history);
	json_object_set_new(m, "receipts", receipts);
	json_object_set_new(m, "callback_url", op->callback_url ? json_string(op->callback_url) : json_null());
	http_reply_json(c->r, 200, m);
	store_op_clear(op);
	free(c);
}

static void delete_done(struct store_op *op)
{
	struct api_op *c = op->arg;
	if (failed(c))
		return;
	http_reply_json(c->r, 200, json_pack("{s:b,s:I}", "deleted", 1, "rows", (json_int_t)op->count));
	free(c);
}

static void totals_done(struct store_op *op)
{
	struct api_op *c = op->arg;
	if (failed(c))
		return;
	json_t *body = json_object();
	int64_t all = 0;
	for (int d = 0; d < 3; d++) {
		json_t *by = json_object();
		for (int s = 0; s <= STORE_ST_CANCELLED; s++) {
			json_object_set_new(by, store_state_name(s), json_integer(c->totals.by[d][s]));
			all += c->totals.by[d][s];
		}
		json_object_set_new(body, dir_names[d], by);
	}
	json_object_set_new(body, "total", json_integer(all));
	http_reply_json(c->r, 200, body);
	free(c);
}

/* ---- send ---- */

static void send_done(struct http_send *s)
{
	json_t *list = json_array();
	size_t ok = 0;
	int err = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct http_send_item *it = &s->items[i];
		if (it->result == 0) {
			ok++;
			json_array_append_new(list, json_pack("{s:s,s:I,s:i}", "to", it->number, "id",
							      (json_int_t)it->id, "segments", (int)it->segments));
		} else {
			err = err ? err : it->result;
			json_array_append_new(list, json_pack("{s:s,s:s}", "to", it->number, "error",
							      store_strerror(it->result)));
		}
	}
	int code = ok == s->n ? 201 : ok ? 207 : status_http_from_store(err);
	if (code == 207)
		code = 200; /* some stored: say so per recipient */
	http_reply_json(s->r, code, json_pack("{s:o,s:I}", "messages", list, "stored", (json_int_t)ok));
	http_send_free(s);
}

static const char *add_list(struct http_send *s, json_t *body, const char *key, bool groups)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return NULL;
	if (json_is_string(v)) {
		json_t *a = json_array();
		json_array_append(a, v);
		json_object_set_new(body, key, a);
		v = a;
	}
	if (!json_is_array(v))
		return groups ? "groups must be a list of names" : "to must be a number or a list of numbers";
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) {
		const char *why = NULL;
		if (!json_is_string(e))
			return groups ? "groups must be a list of names" : "to must hold strings";
		int rc = groups ? http_send_add_group(s, json_string_value(e), &why)
				: http_send_add(s, json_string_value(e), &why);
		if (rc != 0)
			return why;
	}
	return NULL;
}

static void api_send(struct http_req *r)
{
	json_t *body = http_json_body(r);
	if (!body)
		return;
	const char *why = NULL;
	json_t *text = json_object_get(body, "text");
	struct http_send *s = NULL;
	if (!json_is_string(text) || json_string_length(text) == 0) {
		why = "text is required (a string)";
		goto bad;
	}
	if (!(s = http_send_new(r, json_string_value(text), HTTP_SEND_MAX_RECIPIENTS))) {
		json_decref(body);
		http_reply_error(r, 500, "out of memory");
		return;
	}
	s->done = send_done;
	if ((why = add_list(s, body, "to", false)) || (why = add_list(s, body, "groups", true)))
		goto bad;
	if (s->n == 0) {
		why = "to or groups is required";
		goto bad;
	}
	json_t *v;
	if ((v = json_object_get(body, "from"))) {
		if (!json_is_string(v) || json_string_length(v) > 20) {
			why = "from must be a sender id (a number, or up to 11 letters and digits)";
			goto bad;
		}
		s->source = strdup(json_string_value(v));
	}
	if ((v = json_object_get(body, "encoding"))) {
		static const char *const names[] = {"auto", "gsm7", "ucs2"};
		int e = json_is_string(v) ? enum_of(json_string_value(v), names, 3) : -1;
		if (e < 0) {
			why = "encoding must be auto, gsm7 or ucs2";
			goto bad;
		}
		s->tmpl.coding = e == 0 ? SMS_CODING_AUTO : e == 1 ? SMS_CODING_GSM7 : SMS_CODING_UCS2;
	}
	if ((v = json_object_get(body, "priority"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 3) {
			why = "priority must be 0..3";
			goto bad;
		}
		s->tmpl.priority = (uint8_t)json_integer_value(v);
	}
	if ((v = json_object_get(body, "max_segments"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 255) {
			why = "max_segments must be 1..255";
			goto bad;
		}
		s->tmpl.max_segments = (unsigned)json_integer_value(v);
	}
	int64_t now = broker_now_ms();
	if ((v = json_object_get(body, "schedule_at"))) {
		int64_t at = time_parse(v);
		if (at < 0) {
			why = "schedule_at must be RFC 3339 UTC (2030-01-02T03:04:05Z) or Unix seconds";
			goto bad;
		}
		s->tmpl.schedule_at = at > now ? at : 0;
	}
	if ((v = json_object_get(body, "validity"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 60 || json_integer_value(v) > 30 * 86400) {
			why = "validity must be seconds, 60..2592000";
			goto bad;
		}
		int64_t from = s->tmpl.schedule_at ? s->tmpl.schedule_at : now;
		s->tmpl.expire_at = from + json_integer_value(v) * 1000;
	}
	if ((v = json_object_get(body, "callback_url"))) {
		const char *u = json_is_string(v) ? json_string_value(v) : "";
		if ((strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0) || strlen(u) > 500 ||
		    strpbrk(u, " \r\n\t")) {
			why = "callback_url must be an http:// or https:// URL of at most 500 characters";
			goto bad;
		}
		s->callback_url = strdup(u);
	}
	json_decref(body);
	body = NULL;
	if (http_send_start(s, &why) == 0)
		return;
bad:;
	char reason[200];
	snprintf(reason, sizeof reason, "%s", why ? why : "refused");
	json_decref(body);
	http_send_free(s);
	http_reply_error(r, 400, reason);
}

/* ---- routing ---- */

void http_api_handle(struct http_req *r)
{
	r->style = HTTP_STYLE_JSON;
	const char *t = r->tail;
	struct store *st = r->srv->b->store;
	if (strcmp(t, "messages") == 0) {
		if (r->method == EVHTTP_REQ_POST) {
			if (http_auth(r, CONF_HTTP_SMS_SEND) == 0)
				api_send(r);
		} else if (r->method == EVHTTP_REQ_GET) {
			if (http_auth(r, CONF_HTTP_SMS_LIST) == 0)
				api_list(r);
		} else {
			http_reply_error(r, 405, "use GET or POST");
		}
		return;
	}
	if (strcmp(t, "messages/totals") == 0) {
		if (r->method != EVHTTP_REQ_GET) {
			http_reply_error(r, 405, "use GET");
			return;
		}
		struct api_op *c;
		if (http_auth(r, CONF_HTTP_SMS_TOTAL) != 0 || !(c = api_op_new(r, STORE_OP_MSG_TOTALS, totals_done)))
			return;
		c->op.totals = &c->totals;
		store_submit(st, &c->op);
		return;
	}
	if (strncmp(t, "messages/", 9) == 0) {
		char *end;
		long long id = strtoll(t + 9, &end, 10);
		if (t[9] < '1' || t[9] > '9' || *end || id <= 0) {
			http_reply_error(r, 404, "no such message");
			return;
		}
		bool get = r->method == EVHTTP_REQ_GET, del = r->method == EVHTTP_REQ_DELETE;
		if (!get && !del) {
			http_reply_error(r, 405, "use GET or DELETE");
			return;
		}
		struct api_op *c;
		if (http_auth(r, get ? CONF_HTTP_SMS_READ : CONF_HTTP_SMS_DELETE) != 0 ||
		    !(c = api_op_new(r, get ? STORE_OP_MSG_DETAIL : STORE_OP_MSG_DELETE,
				     get ? detail_done : delete_done)))
			return;
		c->op.id = id;
		store_submit(st, &c->op);
		return;
	}
	http_reply_error(r, 404, "no such endpoint");
}
