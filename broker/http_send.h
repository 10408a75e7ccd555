/*
 * http_send.h - one send request of the HTTP API (Post/Get sms_send or
 * JSON POST /api/v1/messages) to one or many recipients: numbers are
 * checked first, so a bad one refuses the request before anything is
 * queued; then each recipient's message is queued with outbound_submit_text
 * and, when a receipt callback URL was given, the URL recorded; done runs
 * once every commit has returned, so 2xx is only said for what is stored.
 */
#ifndef SMSB_HTTP_SEND_H
#define SMSB_HTTP_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "outbound.h"
#include "store.h"

struct http_req;

#define HTTP_SEND_MAX_RECIPIENTS 1000

struct http_send_item {
	char number[48];   /* as given */
	int result;        /* 0, or a negative enum store_err / sms_err */
	int64_t id;        /* the first part's id */
	unsigned segments;
};

struct http_send {
	struct http_req *r;
	void (*done)(struct http_send *s); /* answers r, then http_send_free(s) */
	struct outbound_text tmpl;         /* destination per item */
	char *text, *source, *callback_url;
	int64_t started_ms;
	size_t n, pending;
	struct store_op cb_op;             /* one callback URL at a time */
	size_t cb_next;
	struct http_send_item items[];
};

/* A send of text to no one yet; NULL on no memory. Strings are copied. */
struct http_send *http_send_new(struct http_req *r, const char *text, size_t max_items);
void http_send_free(struct http_send *s);

/* Adds a number; -1 with a reason when it is no phone number or too many were given. */
int http_send_add(struct http_send *s, const char *number, const char **why);
/* Adds every number of the phone group; -1 with a reason when there is no such group. */
int http_send_add_group(struct http_send *s, const char *group, const char **why);

/*
 * Queues every item. Returns 0 (done will run), or a negative sms_err for
 * a text the codec refuses (invalid UTF-8, too long), with *why set and
 * nothing queued; done is not called then.
 */
int http_send_start(struct http_send *s, const char **why);

#endif
