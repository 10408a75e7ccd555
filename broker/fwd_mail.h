/*
 * fwd_mail.h - the email a forwarding rule sends for one message: RFC 5322
 * headers (Date, From, To, Subject, Message-ID, MIME-Version, Content-Type
 * text/plain; charset=UTF-8), a subject with non-ASCII text as RFC 2047
 * encoded words ("=?UTF-8?B?...?=", each at most 75 characters, never
 * splitting a character), and the body in quoted-printable (RFC 2045) when
 * it holds anything but short ASCII lines, 7bit otherwise. Lines end in
 * CRLF.
 *
 * The result is not dot-stuffed: libcurl's SMTP upload doubles a leading
 * "." on every line and ends the data itself (smtp.c, "escape the EOB").
 * fwd_mail_dot_stuff() is that transformation, for senders without it and
 * for tests.
 *
 * Pure: no I/O, no clock (the date is an input).
 */
#ifndef SMSB_FWD_MAIL_H
#define SMSB_FWD_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct fwd_mail_in {
	const char *from;
	char *const *to;
	size_t n_to;
	const char *subject;    /* UTF-8 */
	const char *body;       /* UTF-8; any of CRLF, LF, CR ends a line */
	int64_t date_ms;        /* Unix ms, written in UTC */
	const char *message_id; /* the part inside <>, e.g. "42.rule.1714564800000@host" */
};

/* The whole message (malloc'd, NUL-terminated), or NULL when out of memory. */
char *fwd_mail_build(const struct fwd_mail_in *in);

/* The subject header's value: as is when printable ASCII, else encoded words. malloc'd or NULL. */
char *fwd_mail_subject(const char *utf8);

/* msg with a "." added before every line that starts with one (RFC 5321 4.5.2). malloc'd or NULL. */
char *fwd_mail_dot_stuff(const char *msg);

#endif
