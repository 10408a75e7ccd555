/*
 * http_reply.c - answering a request and freeing its context: plain text
 * for the Post/Get endpoints, JSON (Jansson) for the rest, and errors in
 * each family's style. The one place a struct http_req ends.
 */
#include <event2/buffer.h>
#include <event2/http.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker.h"
#include "http_internal.h"
#include "log.h"
#include "metrics.h"

const char *http_reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

static void finish(struct http_req *r, int code)
{
	log_at(code >= 500 ? LOG_LVL_WARN : LOG_LVL_DEBUG,
	       "http.request peer=%s method=%d path=\"%s\" user=%s status=%d ms=%lld", r->peer_text,
	       r->method, r->path, r->user[0] ? r->user : "-", code,
	       (long long)(broker_mono_ms() - r->started_ms));
	metrics_http_status(code);
	evhttp_send_reply(r->req, code, http_reason(code), NULL);
	http_server_answered(r);
	free(r->qbuf);
	free(r);
}

void http_reply_header(struct http_req *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(r->req), name, value);
}

void http_reply_body(struct http_req *r, int code, const char *content_type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	evhttp_remove_header(h, "Content-Type");
	evhttp_add_header(h, "Content-Type", content_type);
	finish(r, code);
}

void http_reply_text(struct http_req *r, int code, const char *text)
{
	evbuffer_add(evhttp_request_get_output_buffer(r->req), text, strlen(text));
	http_reply_body(r, code, "text/plain; charset=utf-8");
}

void http_reply_json(struct http_req *r, int code, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	json_decref(body);
	if (!text) {
		http_reply_text(r, 500, "Error: out of memory\n");
		return;
	}
	struct evbuffer *out = evhttp_request_get_output_buffer(r->req);
	evbuffer_add(out, text, strlen(text));
	evbuffer_add(out, "\n", 1);
	free(text);
	http_reply_body(r, code, "application/json");
}

void http_reply_error(struct http_req *r, int code, const char *reason)
{
	if (code == 401)
		http_reply_header(r, "WWW-Authenticate", "Basic realm=\"smsbroker\", charset=\"UTF-8\"");
	if (r->style == HTTP_STYLE_TEXT) {
		struct evbuffer *out = evhttp_request_get_output_buffer(r->req);
		evbuffer_add_printf(out, "Error: %s\n", reason);
		http_reply_text(r, code, "");
		return;
	}
	http_reply_json(r, code, json_pack("{s:{s:i,s:s}}", "error", "status", code, "message", reason));
}

const char *http_param(const struct http_req *r, const char *name)
{
	return http_query_get(&r->q, name);
}

json_t *http_json_body(struct http_req *r)
{
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		http_reply_error(r, 415, "the body must be application/json");
		return NULL;
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	size_t len = evbuffer_get_length(in);
	const char *body = (const char *)evbuffer_pullup(in, -1);
	json_error_t err;
	json_t *j = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &err);
	if (!j || !json_is_object(j)) {
		char why[256];
		if (j)
			snprintf(why, sizeof why, "the body must be a JSON object");
		else
			snprintf(why, sizeof why, "invalid JSON at line %d column %d: %s", err.line,
				 err.column, err.text);
		json_decref(j);
		http_reply_error(r, 400, why);
		return NULL;
	}
	return j;
}

json_t *http_time_json(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	char buf[40];
	if (!gmtime_r(&secs, &tm))
		return json_null();
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof buf - n, ".%03dZ", (int)(ms % 1000));
	return json_string(buf);
}
