/*
 * fwd_http.h - the HTTP request a forwarding rule makes for one message:
 * the seed's pairs (number_name = sender, message_name = text, the extra
 * pairs), in the query (GET) or in a form or JSON body (POST), the text
 * with the sender appended and Base64-encoded when the rule says so, the
 * custom headers and the API token; and the receipt callback's JSON. Also
 * which answers are final.
 *
 * Pure (no I/O, no logging): the worker thread gets the finished request.
 */
#ifndef SMSB_FWD_HTTP_H
#define SMSB_FWD_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "fwd_template.h"

#define FWD_HTTP_MAX_HEADERS 40

/* Everything malloc'd; fwd_http_request_clear frees it. */
struct fwd_http_request {
	char *url;
	bool post;
	char *body;          /* POST: the body; NULL for GET */
	char *headers[FWD_HTTP_MAX_HEADERS]; /* "Name: value" lines, Content-Type first for POST */
	size_t n_headers;
};

/*
 * Builds rule's request for the message in v (v->text is the message's
 * text as is: the sender suffix and Base64 are applied here). 0, or -1
 * when out of memory (out is cleared).
 */
int fwd_http_build(const struct conf_forward *rule, const struct fwd_vars *v,
		   struct fwd_http_request *out);

/* The receipt callback: a JSON POST of the receipt to url. 0 or -1 (no memory). */
struct fwd_receipt {
	long long message_id, receipt_id;
	const char *state;      /* "delivered", "undeliverable", ..., "enroute" */
	unsigned error_code;
	const char *from, *to;  /* the message's */
	long long done_at_ms;
};
int fwd_http_build_receipt(const char *url, const struct fwd_receipt *r,
			   struct fwd_http_request *out);

/*
 * A JSON POST of body (a whole JSON object, sent as is) to rule's url,
 * with the rule's headers and token; the rule's method, body and pair
 * options do not apply (a meter report). 0 or -1 (no memory).
 */
int fwd_http_build_json(const struct conf_forward *rule, const struct fwd_vars *v, const char *body,
			struct fwd_http_request *out);

void fwd_http_request_clear(struct fwd_http_request *r);

/* The text a rule forwards: text, then its sender_format when include_sender. malloc'd or NULL. */
char *fwd_http_text(const struct conf_forward *rule, const struct fwd_vars *v);

/* Is an answer with this status final? 2xx: delivered; a listed 4xx: refused for good. */
bool fwd_http_success(long status);
bool fwd_http_permanent(char *const *statuses, size_t n, long status);

#endif
