/* http_send.c - one API send to many recipients (see http_send.h). */
#include "http_send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "http_internal.h"
#include "metrics.h"
#include "phone.h"
#include "sms_err.h"

struct http_send *http_send_new(struct http_req *r, const char *text, size_t max_items)
{
	struct http_send *s = calloc(1, sizeof *s + max_items * sizeof(struct http_send_item));
	if (!s)
		return NULL;
	s->r = r;
	s->text = strdup(text);
	if (!s->text) {
		free(s);
		return NULL;
	}
	s->tmpl.account = "";
	s->tmpl.source = "";
	s->tmpl.text = s->text;
	s->tmpl.max_segments = 10;
	s->tmpl.refuse_overflow = true;
	s->started_ms = broker_mono_ms();
	s->cb_next = 0;
	s->pending = 0;
	s->n = 0;
	/* max_items is remembered in cb_next's place until start: */
	s->cb_op.limit = (unsigned)max_items;
	return s;
}

void http_send_free(struct http_send *s)
{
	if (!s)
		return;
	free(s->text);
	free(s->source);
	free(s->callback_url);
	free(s);
}

/* The rule outbound applies: bare digits without a default country are international. */
static int check_number(const char *text)
{
	struct phone_number p;
	int rc = phone_normalise(text, strlen(text), &phone_opts_default, &p);
	if (rc == SMS_EPHONE_NOCC) {
		char intl[64];
		int n = snprintf(intl, sizeof intl, "+%s", text);
		rc = n > 0 && (size_t)n < sizeof intl
			     ? phone_normalise(intl, (size_t)n, &phone_opts_default, &p)
			     : SMS_EPHONE_LONG;
	}
	if (rc == 0 && p.kind == PHONE_ALPHANUMERIC)
		rc = SMS_EPHONE_CHAR;
	return rc;
}

int http_send_add(struct http_send *s, const char *number, const char **why)
{
	if (s->n >= s->cb_op.limit) {
		*why = "too many recipients";
		return -1;
	}
	if (strlen(number) >= sizeof s->items[0].number || check_number(number) != 0) {
		*why = "not a phone number (use 00<country><number> or +<country><number>)";
		return -1;
	}
	snprintf(s->items[s->n++].number, sizeof s->items[0].number, "%s", number);
	return 0;
}

int http_send_add_group(struct http_send *s, const char *group, const char **why)
{
	const struct conf *c = s->r->srv->b->conf;
	for (size_t i = 0; i < c->n_phone_groups; i++) {
		const struct conf_phone_group *g = &c->phone_groups[i];
		if (strcmp(g->name, group) != 0)
			continue;
		for (size_t k = 0; k < g->n_numbers; k++)
			if (http_send_add(s, g->numbers[k], why) != 0)
				return -1;
		return 0;
	}
	*why = "no such phone group";
	return -1;
}

static void next_callback(struct http_send *s);

/* One submit committed (or refused); the last one moves on to the callback URLs, or ends. */
static void finish_one(struct http_send *s)
{
	if (--s->pending > 0)
		return;
	if (s->callback_url) {
		s->cb_next = 0;
		next_callback(s);
	} else {
		s->done(s);
	}
}

static void callback_stored(struct store_op *op)
{
	struct http_send *s = op->arg;
	struct http_send_item *it = &s->items[s->cb_next - 1];
	if (op->result != STORE_OK && it->result == 0)
		it->result = op->result;
	next_callback(s);
}

/* Records the callback URL of each stored item, one op after the other. */
static void next_callback(struct http_send *s)
{
	while (s->cb_next < s->n && s->items[s->cb_next].result != 0)
		s->cb_next++;
	if (s->cb_next == s->n) {
		s->done(s);
		return;
	}
	struct http_send_item *it = &s->items[s->cb_next++];
	memset(&s->cb_op, 0, sizeof s->cb_op);
	s->cb_op.kind = STORE_OP_MSG_CALLBACK_SET;
	s->cb_op.id = it->id;
	s->cb_op.url = s->callback_url;
	s->cb_op.at = broker_now_ms();
	s->cb_op.cb = callback_stored;
	s->cb_op.arg = s;
	store_submit(s->r->srv->b->store, &s->cb_op);
}

struct item_ref {
	struct http_send *s;
	size_t i;
};

static void item_done(void *arg, int result, int64_t first_id, unsigned segments)
{
	struct item_ref *ref = arg;
	struct http_send *s = ref->s;
	struct http_send_item *it = &s->items[ref->i];
	free(ref);
	it->result = result;
	it->id = first_id;
	it->segments = segments;
	if (result == 0) {
		metrics_count(METRIC_HTTP_MESSAGES_SUBMITTED, 1);
		metrics_submit_latency(broker_mono_ms() - s->started_ms);
	}
	finish_one(s);
}

int http_send_start(struct http_send *s, const char **why)
{
	*why = NULL;
	s->pending = s->n + 1; /* +1: held until every submit is made */
	char origin[96];
	snprintf(origin, sizeof origin, "http:%.39s %.50s", s->r->user, s->r->peer_text);
	s->tmpl.origin = origin;
	s->tmpl.account = s->r->account; /* routes' match_accounts and receipts see the user's account */
	if (s->source)
		s->tmpl.source = s->source;
	if (s->callback_url)
		s->tmpl.registered_delivery = 1;
	for (size_t i = 0; i < s->n; i++) {
		struct item_ref *ref = malloc(sizeof *ref);
		struct outbound_text req = s->tmpl;
		req.destination = s->items[i].number;
		if (ref)
			*ref = (struct item_ref){s, i};
		int rc = ref ? outbound_submit_text(s->r->srv->b, &req, item_done, ref) : SMS_ENOSPACE;
		if (rc != 0) {
			free(ref);
			if (i == 0) {
				*why = sms_err_str(rc);
				return rc; /* the text itself is refused: nothing queued */
			}
			s->items[i].result = rc;
			s->pending--;
		}
	}
	finish_one(s); /* release the hold */
	return 0;
}
