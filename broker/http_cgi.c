/*
 * http_cgi.c - the router's Post/Get endpoints (the seed, "Post/Get"):
 *   /cgi-bin/sms_send   number=<00cc...> or group=<name>, text=...   -> "OK"
 *   /cgi-bin/sms_list                                               -> blocks
 *   /cgi-bin/sms_read   number=<index>                              -> one block
 *   /cgi-bin/sms_total                                              -> "Used: N" ...
 *   /cgi-bin/sms_delete number=<index>                              -> "OK"
 * with username and password as parameters (or HTTP Basic), GET or POST
 * (form-encoded). The index of a message is its id. Answers are plain
 * text (http_plain.h); errors are "Error: <reason>" with a 4xx/5xx status.
 */
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "http_internal.h"
#include "http_msgtext.h"
#include "http_plain.h"
#include "http_send.h"
#include "status_map.h"
#include "store.h"

struct cgi_op {
	struct store_op op;
	struct http_req *r;
	struct store_list_filter filter;
	struct store_totals totals;
};

static struct cgi_op *cgi_op_new(struct http_req *r, enum store_op_kind kind, store_cb cb)
{
	struct cgi_op *c = calloc(1, sizeof *c);
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

/* Answers a failed store op in text style; frees c. */
static void store_failed(struct cgi_op *c)
{
	int code = status_http_from_store(c->op.result);
	http_reply_error(c->r, code, code == 404 ? "no such message" : store_strerror(c->op.result));
	store_op_clear(&c->op);
	free(c);
}

/* Appends the block of the message whose parts are rows[0..n). */
static void add_block(struct evbuffer *out, const struct store_msg *rows, size_t n)
{
	char *text = malloc(HTTP_MSGTEXT_MAX);
	size_t cap = HTTP_MSGTEXT_MAX + 512;
	char *block = malloc(cap);
	if (text && block) {
		http_msgtext(rows, n, text, HTTP_MSGTEXT_MAX);
		struct http_plain_msg m = {
			.index = rows[0].id, .date_ms = rows[0].created_at, .sender = rows[0].src_addr,
			.recipient = rows[0].dst_addr, .text = text,
			.status = store_state_name(rows[0].state),
		};
		int len = http_plain_message(block, cap, &m);
		if (len > 0)
			evbuffer_add(out, block, (size_t)len);
	}
	free(text);
	free(block);
}

/* rows holds messages, each first part followed by its others (part_seq > 1). */
static void add_blocks(struct evbuffer *out, const struct store_msg *rows, size_t n_rows)
{
	size_t i = 0;
	while (i < n_rows) {
		size_t k = i + 1;
		while (k < n_rows && rows[k].part_seq > 1)
			k++;
		add_block(out, rows + i, k - i);
		i = k;
	}
}

static void list_done(struct store_op *op)
{
	struct cgi_op *c = op->arg;
	if (op->result != STORE_OK) {
		store_failed(c);
		return;
	}
	add_blocks(evhttp_request_get_output_buffer(c->r->req), op->rows, op->n_rows);
	http_reply_text(c->r, 200, "");
	store_op_clear(op);
	free(c);
}

static void total_done(struct store_op *op)
{
	struct cgi_op *c = op->arg;
	if (op->result != STORE_OK) {
		store_failed(c);
		return;
	}
	struct http_plain_total t = {0};
	for (int d = 0; d < 3; d++)
		for (int s = 0; s < STORE_STATES; s++) {
			int64_t v = c->totals.by[d][s];
			t.used += v;
			if (d == STORE_DIR_MT)
				t.sent += v;
			else if (d == STORE_DIR_MO)
				t.received += v;
			else
				t.receipts += v;
		}
	char text[256];
	http_plain_total(text, sizeof text, &t);
	http_reply_text(c->r, 200, text);
	free(c);
}

static void delete_done(struct store_op *op)
{
	struct cgi_op *c = op->arg;
	if (op->result != STORE_OK) {
		store_failed(c);
		return;
	}
	http_reply_text(c->r, 200, "OK\n");
	free(c);
}

/* number=<index> for sms_read and sms_delete: a positive id. */
static int index_param(struct http_req *r, int64_t *id)
{
	const char *n = http_param(r, "number");
	char *end = NULL;
	long long v = n ? strtoll(n, &end, 10) : 0;
	if (!n || !*n || *end || v <= 0) {
		http_reply_error(r, 400, "number must be a message index (see sms_list)");
		return -1;
	}
	*id = v;
	return 0;
}

static void send_done(struct http_send *s)
{
	struct http_req *r = s->r;
	size_t ok = 0;
	int err = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->items[i].result == 0)
			ok++;
		else if (!err)
			err = s->items[i].result;
	}
	if (ok == s->n) {
		char id[32];
		snprintf(id, sizeof id, "%lld", (long long)s->items[0].id);
		http_reply_header(r, "X-Message-Id", id);
		http_reply_text(r, 200, "OK\n");
	} else {
		char why[160];
		snprintf(why, sizeof why, "%zu of %zu messages not stored: %s", s->n - ok, s->n,
			 store_strerror(err));
		http_reply_error(r, status_http_from_store(err), why);
	}
	http_send_free(s);
}

static void cgi_send(struct http_req *r)
{
	const char *text = http_param(r, "text"), *number = http_param(r, "number"),
		   *group = http_param(r, "group"), *why = NULL;
	if (!text || !*text) {
		http_reply_error(r, 400, "text is required");
		return;
	}
	if (!number == !group) {
		http_reply_error(r, 400, "give number or group (one of them)");
		return;
	}
	struct http_send *s = http_send_new(r, text, HTTP_SEND_MAX_RECIPIENTS);
	if (!s) {
		http_reply_error(r, 500, "out of memory");
		return;
	}
	s->done = send_done;
	int rc = number ? http_send_add(s, number, &why) : http_send_add_group(s, group, &why);
	if (rc == 0 && http_send_start(s, &why) == 0)
		return;
	char reason[160];
	snprintf(reason, sizeof reason, "%s", why ? why : "refused");
	http_send_free(s);
	http_reply_error(r, 400, reason);
}

static const struct {
	const char *name;
	unsigned method;
} methods[] = {
	{"sms_send", CONF_HTTP_SMS_SEND},   {"sms_list", CONF_HTTP_SMS_LIST},
	{"sms_read", CONF_HTTP_SMS_READ},   {"sms_total", CONF_HTTP_SMS_TOTAL},
	{"sms_delete", CONF_HTTP_SMS_DELETE}, {"mobile_data", CONF_HTTP_MOBILE_DATA},
	{"mobile_sim_pin", CONF_HTTP_MOBILE_SIM_PIN},
};

void http_cgi_handle(struct http_req *r)
{
	unsigned method = 0;
	for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
		if (strcmp(r->tail, methods[i].name) == 0)
			method = methods[i].method;
	if (!method) {
		http_reply_error(r, 404, "no such endpoint");
		return;
	}
	if (r->method != EVHTTP_REQ_GET && r->method != EVHTTP_REQ_POST) {
		http_reply_error(r, 405, "use GET or POST");
		return;
	}
	if (http_auth(r, method) != 0)
		return;
	struct store *st = r->srv->b->store;
	struct cgi_op *c;
	int64_t id;
	switch (method) {
	case CONF_HTTP_SMS_SEND:
		cgi_send(r);
		return;
	case CONF_HTTP_SMS_LIST:
		if (!(c = cgi_op_new(r, STORE_OP_MSG_LIST, list_done)))
			return;
		c->filter = (struct store_list_filter){.direction = -1, .state = -1,
						       .limit = r->srv->b->conf->http_opts.list_limit};
		c->op.list = &c->filter;
		store_submit(st, &c->op);
		return;
	case CONF_HTTP_SMS_READ:
		if (index_param(r, &id) != 0 || !(c = cgi_op_new(r, STORE_OP_MSG_DETAIL, list_done)))
			return;
		c->op.id = id;
		store_submit(st, &c->op);
		return;
	case CONF_HTTP_SMS_TOTAL:
		if (!(c = cgi_op_new(r, STORE_OP_MSG_TOTALS, total_done)))
			return;
		c->op.totals = &c->totals;
		store_submit(st, &c->op);
		return;
	case CONF_HTTP_SMS_DELETE:
		if (index_param(r, &id) != 0 || !(c = cgi_op_new(r, STORE_OP_MSG_DELETE, delete_done)))
			return;
		c->op.id = id;
		store_submit(st, &c->op);
		return;
	default:
		http_reply_error(r, 501, "this broker has no modem: mobile_* methods are not available");
		return;
	}
}
