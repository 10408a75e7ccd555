/*
 * fwd_http.c - a forwarding rule's HTTP request for one message, and the
 * receipt callback's (see fwd_http.h). JSON bodies through Jansson, like
 * the HTTP API's: values are the message's text, quoting is not ours to
 * get wrong.
 */
#include "fwd_http.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fwd_buf.h"

char *fwd_http_text(const struct conf_forward *rule, const struct fwd_vars *v)
{
	struct fwd_buf b = {0};
	fwd_buf_str(&b, v->text ? v->text : "");
	if (rule->include_sender)
		fwd_template_expand(&b, rule->sender_format, v, FWD_ESC_NONE);
	return fwd_buf_take(&b);
}

struct pair {
	char *name, *value;
};

/* The rule's pairs in order: number, message, extras. Returns how many, or -1. */
static int pairs_of(const struct conf_forward *rule, const struct fwd_vars *v, struct pair *out,
		    size_t cap)
{
	size_t n = 0;
	if (rule->number_name && n < cap) {
		out[n].name = strdup(rule->number_name);
		out[n++].value = strdup(v->sender ? v->sender : "");
	}
	if (rule->message_name && n < cap) {
		char *text = fwd_http_text(rule, v);
		out[n].name = strdup(rule->message_name);
		if (text && rule->base64) {
			struct fwd_buf b = {0};
			fwd_buf_base64(&b, text, strlen(text));
			out[n++].value = fwd_buf_take(&b);
			free(text);
		} else {
			out[n++].value = text;
		}
	}
	for (size_t i = 0; i < rule->n_extra && n < cap; i++) {
		const char *eq = strchr(rule->extra[i], '=');
		if (!eq)
			continue;
		out[n].name = strndup(rule->extra[i], (size_t)(eq - rule->extra[i]));
		out[n++].value = fwd_template_string(eq + 1, v, FWD_ESC_NONE);
	}
	for (size_t i = 0; i < n; i++)
		if (!out[i].name || !out[i].value)
			return -1;
	return (int)n;
}

static void form_encode(struct fwd_buf *b, const struct pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fwd_buf_add(b, "&", 1);
		fwd_buf_url(b, p[i].name, strlen(p[i].name));
		fwd_buf_add(b, "=", 1);
		fwd_buf_url(b, p[i].value, strlen(p[i].value));
	}
}

static char *json_encode(const struct pair *p, size_t n)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < n; i++)
		if (json_object_set_new(o, p[i].name, json_string(p[i].value)) != 0) {
			json_decref(o);
			o = NULL;
		}
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return s;
}

static int add_header(struct fwd_http_request *r, char *line)
{
	if (!line || r->n_headers == FWD_HTTP_MAX_HEADERS) {
		free(line);
		return -1;
	}
	r->headers[r->n_headers++] = line;
	return 0;
}

static int headers_of(const struct conf_forward *rule, const struct fwd_vars *v,
		      struct fwd_http_request *r)
{
	for (size_t i = 0; i < rule->n_headers; i++) {
		const char *colon = strchr(rule->headers[i], ':');
		if (!colon)
			continue;
		const char *val = colon + 1;
		while (*val == ' ')
			val++;
		struct fwd_buf b = {0};
		fwd_buf_add(&b, rule->headers[i], (size_t)(colon - rule->headers[i]));
		fwd_buf_str(&b, ": ");
		fwd_template_expand(&b, val, v, FWD_ESC_NONE);
		char *line = fwd_buf_take(&b);
		/* A value may not break the request: a template could bring a line break. */
		for (char *c = line; c && *c; c++)
			if (*c == '\r' || *c == '\n')
				*c = ' ';
		if (add_header(r, line) != 0)
			return -1;
	}
	if (rule->token) {
		struct fwd_buf b = {0};
		fwd_buf_printf(&b, "%s: %s%s", rule->token_header, rule->token_prefix ? rule->token_prefix : "",
			       rule->token);
		if (add_header(r, fwd_buf_take(&b)) != 0)
			return -1;
	}
	return 0;
}

int fwd_http_build(const struct conf_forward *rule, const struct fwd_vars *v,
		   struct fwd_http_request *out)
{
	memset(out, 0, sizeof *out);
	struct pair pairs[40] = {{0}};
	int n = pairs_of(rule, v, pairs, 40);
	int rc = n < 0 ? -1 : 0;
	struct fwd_buf url = {0};
	fwd_template_expand(&url, rule->url, v, FWD_ESC_URL);
	out->post = rule->method == CONF_FWD_POST;
	if (rc == 0 && !out->post && n > 0) {
		fwd_buf_add(&url, strchr(url.p ? url.p : "", '?') ? "&" : "?", 1);
		form_encode(&url, pairs, (size_t)n);
	}
	out->url = fwd_buf_take(&url);
	if (rc == 0 && out->post && rule->body == CONF_FWD_JSON) {
		out->body = json_encode(pairs, (size_t)n);
		rc = add_header(out, strdup("Content-Type: application/json"));
	} else if (rc == 0 && out->post) {
		struct fwd_buf body = {0};
		form_encode(&body, pairs, (size_t)(n > 0 ? n : 0));
		out->body = fwd_buf_take(&body);
		rc = add_header(out, strdup("Content-Type: application/x-www-form-urlencoded"));
	}
	if (rc == 0)
		rc = headers_of(rule, v, out);
	for (size_t i = 0; i < 40; i++) {
		free(pairs[i].name);
		free(pairs[i].value);
	}
	if (rc != 0 || !out->url || (out->post && !out->body)) {
		fwd_http_request_clear(out);
		return -1;
	}
	return 0;
}

int fwd_http_build_receipt(const char *url, const struct fwd_receipt *r,
			   struct fwd_http_request *out)
{
	memset(out, 0, sizeof *out);
	char done[32];
	fwd_template_time(r->done_at_ms, done, sizeof done);
	json_t *o = json_pack("{s:I, s:I, s:s, s:i, s:s, s:s, s:s}", "message_id",
			      (json_int_t)r->message_id, "receipt_id", (json_int_t)r->receipt_id,
			      "state", r->state, "error_code", (int)r->error_code, "from",
			      r->from ? r->from : "", "to", r->to ? r->to : "", "done_at", done);
	out->post = true;
	out->url = strdup(url);
	out->body = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!out->url || !out->body || add_header(out, strdup("Content-Type: application/json")) != 0) {
		fwd_http_request_clear(out);
		return -1;
	}
	return 0;
}

int fwd_http_build_json(const struct conf_forward *rule, const struct fwd_vars *v, const char *body,
			struct fwd_http_request *out)
{
	memset(out, 0, sizeof *out);
	out->post = true;
	out->url = fwd_template_string(rule->url, v, FWD_ESC_URL);
	out->body = strdup(body);
	if (!out->url || !out->body || add_header(out, strdup("Content-Type: application/json")) != 0 ||
	    headers_of(rule, v, out) != 0) {
		fwd_http_request_clear(out);
		return -1;
	}
	return 0;
}

void fwd_http_request_clear(struct fwd_http_request *r)
{
	free(r->url);
	free(r->body);
	for (size_t i = 0; i < r->n_headers; i++)
		free(r->headers[i]);
	memset(r, 0, sizeof *r);
}

bool fwd_http_success(long status)
{
	return status >= 200 && status <= 299;
}

bool fwd_http_permanent(char *const *statuses, size_t n, long status)
{
	for (size_t i = 0; i < n; i++)
		if (strtol(statuses[i], NULL, 10) == status)
			return true;
	return false;
}
