/*
 * fwd_template.h - the templates of forwarding rules: URL, pair values,
 * headers, email subject, sender suffix and auto reply text, with the
 * message's fields as {placeholders}:
 *
 *   {sender} {destination} {text} {time} {message_id} {connector} {rule}
 *
 * {time} is when the message came in, RFC 3339 UTC ("2024-05-01T12:00:00Z").
 * "{{" writes "{"; an unknown {name} is written as it stands. With
 * FWD_ESC_URL each value is percent-encoded (the template's own text is
 * not), so a URL template stays a URL whatever the message holds.
 * Pure: thread-safe, no logging.
 */
#ifndef SMSB_FWD_TEMPLATE_H
#define SMSB_FWD_TEMPLATE_H

#include <stdint.h>

#include "fwd_buf.h"

/* A message's fields, UTF-8; NULL reads as "". */
struct fwd_vars {
	const char *sender, *destination, *text, *message_id, *connector, *rule;
	int64_t time_ms; /* Unix ms; 0 = "" */
};

enum fwd_escape { FWD_ESC_NONE, FWD_ESC_URL };

/* Appends the expansion of tmpl to out. */
void fwd_template_expand(struct fwd_buf *out, const char *tmpl, const struct fwd_vars *v,
			 enum fwd_escape esc);

/* The same into a malloc'd string (NULL: out of memory). */
char *fwd_template_string(const char *tmpl, const struct fwd_vars *v, enum fwd_escape esc);

/* "2024-05-01T12:00:00Z" for Unix ms t into buf (at least 21 bytes). */
void fwd_template_time(int64_t t_ms, char *buf, size_t size);

#endif
